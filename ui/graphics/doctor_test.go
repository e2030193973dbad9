package graphics

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// xterm VT340's recorded replies (the repository's testdata/terminal-replies.md).
const xtermVT340Replies = "\x1bP>|XTerm(379)\x1b\\\x1b[?1;0;256S\x1b[?63;1;2;4;6;9;15;16;22;28c"

func TestReadRepliesStopsAtDA1(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, err := w.WriteString(xtermVT340Replies); err != nil {
		t.Fatal(err)
	}
	// A long timeout: returning at all before it proves the sentinel ended
	// the read (the pipe stays open).
	done := make(chan string, 1)
	go func() {
		got, err := readReplies(context.Background(), r, time.Hour)
		if err != nil {
			t.Error(err)
		}
		done <- got
	}()
	select {
	case got := <-done:
		if got != xtermVT340Replies {
			t.Fatalf("read %q, want %q", got, xtermVT340Replies)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("readReplies did not stop at the DA1 reply")
	}
}

func TestReadRepliesSilentTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	got, err := readReplies(context.Background(), r, 30*time.Millisecond)
	if err != nil || got != "" {
		t.Fatalf("silent terminal: got %q, %v", got, err)
	}
}

func TestWriteReport(t *testing.T) {
	var r Replies
	r.Feed(xtermVT340Replies)
	r.SetWinsize(Winsize{Cols: 100, Rows: 35, PxW: 904, PxH: 669})
	var b strings.Builder
	if err := writeReport(&b, Hints{Term: "xterm"}, r, nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"protocol      sixel (DA1 reply lists 4 (sixel))",
		"terminal      XTerm(379)",
		"cell size     9×19 px (TIOCGWINSZ pixels less a 2 px border ÷ cells)",
		"sixel registers 256",
		"tmux          not running inside tmux",
		"replies       yes",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}

	var silent strings.Builder
	_ = writeReport(&silent, Hints{Term: "xterm-256color", Tmux: true}, Replies{}, nil)
	for _, want := range []string{"protocol      blocks (no reply", "replies       no", "inside tmux; blocks needs no passthrough"} {
		if !strings.Contains(silent.String(), want) {
			t.Errorf("silent report lacks %q:\n%s", want, silent.String())
		}
	}
}

func TestDoctorRefusesNonTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	_, err = Doctor(context.Background(), r, w, func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "not a terminal") {
		t.Fatalf("Doctor on a pipe: %v", err)
	}
}

// chunks is a terminal whose replies arrive one chunk after another: the
// next is there only once the last was read, as a reply passed through
// tmux arrives after the DA1 tmux answered itself.
type chunks struct{ left []string }

func (c *chunks) wait(time.Duration) (bool, error) { return len(c.left) > 0, nil }

func (c *chunks) Read(p []byte) (int, error) {
	n := copy(p, c.left[0])
	c.left = c.left[1:]
	return n, nil
}

// In tmux inside xterm, tmux's own DA1 comes first and xterm's XTVERSION
// reply to the passed-through query after it: doctor reads that too, so
// it is not printed by the shell after the report (issue 15, item 19).
func TestReadRepliesDrainsLateReplies(t *testing.T) {
	src := &chunks{left: []string{"\x1bP>|tmux 3.3a\x1b\\\x1b[?1;2c", "\x1bP>|XTerm(379)\x1b\\"}}
	got, err := readFrom(context.Background(), src, time.Hour)
	if err != nil || !strings.HasSuffix(got, "\x1bP>|XTerm(379)\x1b\\") || len(src.left) != 0 {
		t.Fatalf("read %q (%v), %d chunks left unread", got, err, len(src.left))
	}
}

// Inside tmux the background query is also passed through, so the outer
// terminal answers it; its answer is read like any other reply (issue 15,
// item 16: tmux 3.3 does not answer it itself).
func TestBackgroundQueryThroughTmux(t *testing.T) {
	q := Queries(FromEnv(envOf("TMUX", "/tmp/tmux-0/default,1,0", "TERM", "screen")))
	if !strings.Contains(q, "\x1bPtmux;\x1b\x1b]11;?\x1b\x1b\\\x1b\\") || !strings.HasSuffix(q, "\x1b[c") {
		t.Errorf("queries in tmux: %q", q)
	}
	if q := Queries(FromEnv(envOf("TERM", "xterm"))); strings.Contains(q, "]11;") {
		t.Errorf("outside tmux Bubble Tea asks the background itself: %q", q)
	}
	var r Replies
	if n := r.Feed("\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?1;2c"); n != 2 || r.Background != "rgb:ffff/ffff/ffff" {
		t.Errorf("fed %d, background %q", n, r.Background)
	}
	var bel Replies
	if bel.Feed("\x1b]11;rgb:0000/0000/0000\a"); bel.Background != "rgb:0000/0000/0000" {
		t.Errorf("BEL-ended answer: %q", bel.Background)
	}
}
