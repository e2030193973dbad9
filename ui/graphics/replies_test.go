package graphics

import (
	"os"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

func TestFeedParsesEachReply(t *testing.T) {
	var r Replies
	all := xtermVersion + xtermVT340Colors + xtermVT340Geometry + xtermWinOps + kitty026Probe + xtermVT340DA1
	if n := r.Feed(all); n != 7 {
		t.Errorf("Feed recognised %d replies, want 7 (geometry is not one)", n)
	}
	want := Replies{
		DA1: []int{63, 1, 2, 4, 6, 9, 15, 16, 22, 28}, Answered: true, Version: "XTerm(379)",
		KittyOK: true, SixelColors: 256, CellW: 9, CellH: 19, AreaW: 900, AreaH: 665, Cols: 100, Rows: 35,
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got  %+v\nwant %+v", r, want)
	}
}

func TestFeedEdgeCases(t *testing.T) {
	var r Replies
	r.Feed(mltermColors + mltermGeom) // mlterm answers the geometry query as item 1, failed
	if r.SixelColors != 1024 {
		t.Errorf("a failed XTSMGRAPHICS reply overwrote colours: %d", r.SixelColors)
	}
	r.Feed(kitty026DA1)
	if !r.Answered || !reflect.DeepEqual(r.DA1, []int{62, 0}) {
		t.Errorf("kitty DA1 %q parsed as %v", kitty026DA1, r.DA1)
	}
	r.Feed(kittyProbeFailure)
	if r.KittyOK || !strings.HasPrefix(r.KittyError, "ENOTSUPPORTED") {
		t.Errorf("kitty failure: ok=%v err=%q", r.KittyOK, r.KittyError)
	}
	if n := r.Feed("plain text\x1b[A\x1b_Gi=99;OK\x1b\\\x1b[?1;2"); n != 0 {
		t.Errorf("non-replies and truncated sequences recognised: %d", n)
	}
	if r.Feed("\x1b]11;rgb:0000/0000/0000\a\x1bP>|foot(1.16.2)\a") != 2 || r.Version != "foot(1.16.2)" || r.Background != "rgb:0000/0000/0000" {
		t.Errorf("BEL-terminated XTVERSION after an OSC: %q", r.Version)
	}
}

// Decoding the recorded bytes with Bubble Tea's own input decoder and
// feeding the resulting messages must give the same Replies as raw Feed.
func TestFeedMsgMatchesRawFeed(t *testing.T) {
	for name, seqs := range map[string]string{
		"xterm vt340": xtermVersion + xtermVT340Colors + xtermVT340Geometry + xtermWinOps + xtermVT340DA1,
		"mlterm":      mltermColors + mltermGeom + mltermWinOps + mltermDA1,
		"kitty":       kitty035Version + kitty026Probe + kitty026WinOps + kitty026DA1,
		"plain xterm": xtermPlainColors + xtermPlainDA1,
	} {
		var raw, msgs Replies
		raw.Feed(seqs)
		var dec uv.EventDecoder
		buf := []byte(seqs)
		for len(buf) > 0 {
			n, ev := dec.Decode(buf)
			if n == 0 {
				t.Fatalf("%s: decoder stuck at %q", name, buf)
			}
			buf = buf[n:]
			if tv, ok := ev.(uv.TerminalVersionEvent); ok {
				ev = tea.TerminalVersionMsg(tv) // what Program.translateInputEvent does
			}
			if mev, ok := ev.(uv.MultiEvent); ok {
				for _, e := range mev {
					msgs.FeedMsg(e)
				}
				continue
			}
			msgs.FeedMsg(ev)
		}
		if !reflect.DeepEqual(raw, msgs) {
			t.Errorf("%s:\nraw  %+v\nmsgs %+v", name, raw, msgs)
		}
	}
	var r Replies
	if r.FeedMsg(tea.KeyPressMsg{Code: 'a'}) || r.FeedMsg(uv.KittyGraphicsEvent{}) {
		t.Error("unrelated messages must not count as replies")
	}
	if !r.FeedMsg(tea.WindowSizeMsg{Width: 80, Height: 24}) || r.Cols != 80 || r.Rows != 24 {
		t.Error("window size not recorded")
	}
}

func TestWinsize(t *testing.T) {
	cw, ch, ok := Winsize{Cols: 100, Rows: 35, PxW: 904, PxH: 669}.CellSize()
	if !ok || cw != 9 || ch != 19 {
		t.Errorf("CellSize = %d×%d %v", cw, ch, ok)
	}
	if _, _, ok := (Winsize{Cols: 100, Rows: 35}).CellSize(); ok {
		t.Error("no pixels must not give a cell size")
	}
	if _, _, ok := (Winsize{Cols: 100, Rows: 35, PxW: 100, PxH: 35}).CellSize(); ok {
		t.Error("1×1 px cells are implausible")
	}
	f, err := os.CreateTemp(t.TempDir(), "notatty")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := ReadWinsize(f.Fd()); err == nil {
		t.Error("ReadWinsize on a regular file must fail")
	}
	if _, _, ok := CellSizeFromWinsize(f.Fd()); ok {
		t.Error("CellSizeFromWinsize on a regular file must report !ok")
	}
}
