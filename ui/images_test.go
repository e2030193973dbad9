package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/imaging"
	"parley/media/termimg"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/graphics"
	"parley/ui/images"
	"parley/ui/transcript"
)

// At 80 columns and 8×16 cells, a 200×120 image is 25×8 cells (its pixel
// size: images are never scaled up), 120/16 = 7.5 rounding to 8.
const redCols, redRows = 25, 8

func redModel(t testing.TB, proto graphics.Protocol) (*Model, *imgDriver) {
	t.Helper()
	store := blobs{"red": redPNG(t, 200, 120)}
	m := newImageModel(t, proto, store, 80, 24, imageMsg("look at this", "red", 200, 120))
	d := newImgDriver(t, m)
	d.settle()
	return m, d
}

// imageRows returns the view's rows above the caption that belong to the
// image (the redRows lines before it).
func imageRows(t *testing.T, m *Model) (first int, rows []string) {
	t.Helper()
	c := captionRow(t, m, "red")
	lines := strings.Split(m.View().Content, "\n")
	return c - redRows, lines[c-redRows : c]
}

func TestImageKittyPlaceholdersInView(t *testing.T) {
	m, d := redModel(t, graphics.Kitty)
	_, rows := imageRows(t, m)
	for r, line := range rows {
		if n := strings.Count(line, string(termimg.Placeholder)); n != redCols {
			t.Fatalf("row %d has %d placeholders, want %d: %q", r, n, redCols, line)
		}
		want := termimg.KittyPlaceholders(1, redCols, redRows)[r]
		if !strings.Contains(line, want) {
			t.Fatalf("row %d lacks the placeholders with its row diacritic:\n%q\nwant inside:\n%q", r, line, want)
		}
	}
	if len(d.raws) != 1 || !strings.HasPrefix(d.raws[0], "\x1b_Ga=t,f=100,t=d,i=1,") ||
		!strings.Contains(d.raws[0], "a=p,U=1,i=1,c=25,r=8") {
		t.Fatalf("want one transmission of image 1 at 25×8, got %d writes: %.80q", len(d.raws), d.raws)
	}
	// Scrolling moves the text only: nothing is re-sent or placed.
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	d.settle()
	if len(d.raws) != 1 || d.clear != 0 {
		t.Fatalf("kitty scroll wrote %d times, cleared %d", len(d.raws), d.clear)
	}
}

func TestImageSixelReservesCellsAndPlaces(t *testing.T) {
	m, d := redModel(t, graphics.Sixel)
	first, rows := imageRows(t, m)
	blank := strings.Repeat(" ", images.Indent+redCols)
	for r, line := range rows {
		if !strings.HasPrefix(line, blank) || strings.TrimSpace(ansi.Strip(line)) != "" {
			t.Fatalf("row %d is not reserved blank: %q", r, line)
		}
	}
	place := d.lastPlacement()
	data, _ := blobs{"red": redPNG(t, 200, 120)}.load("red")
	img, _, err := imaging.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	seq := string(termimg.NewSixelFrame(img, redCols*8, redRows*16).Encode())
	want := termimg.PlaceAll([]termimg.Placement{{Row: first, Col: images.Indent, Seq: seq}})
	if place != want {
		t.Fatalf("placement %.60q…, want %.60q… (CUP %d;%d)", place, want, first+1, images.Indent+1)
	}
}

// TestImageSixelPlacedAgainAfterSelection (issue 15 item 15): Tab draws
// the selection bar down the image's rows and Tab past the newest (or
// esc) takes it away. Each changes the rows' text, so the renderer
// rewrites them — clearing a row that became blank to its end, pixels and
// all — and the image must be written again in place after that frame:
// not left to the next scroll, and not by clearing the whole screen.
func TestImageSixelPlacedAgainAfterSelection(t *testing.T) {
	for _, deselect := range []tea.KeyPressMsg{{Code: tea.KeyTab}, {Code: tea.KeyEscape}} {
		t.Run(deselect.String(), func(t *testing.T) {
			m, d := redModel(t, graphics.Sixel)
			first, _ := imageRows(t, m)
			place, clears := d.lastPlacement(), d.clear
			for i, k := range []tea.KeyPressMsg{{Code: tea.KeyTab}, deselect} {
				n := len(d.raws)
				d.send(k)
				d.settle()
				if m.chat.ImageSelected() != (i == 0) {
					t.Fatalf("after %s the image is selected: %v", k, m.chat.ImageSelected())
				}
				if len(d.raws) != n+1 || d.raws[n] != place {
					t.Fatalf("after %s: %d writes, want the placement at row %d again", k, len(d.raws)-n, first+1)
				}
			}
			if d.clear != clears {
				t.Fatalf("selecting cleared the screen %d times: the image did not move", d.clear-clears)
			}
		})
	}
}

func TestImageITerm2Places(t *testing.T) {
	m, d := redModel(t, graphics.ITerm2)
	first, _ := imageRows(t, m)
	place := d.lastPlacement()
	prefix := fmt.Sprintf("\x1b[?2026h\x1b7\x1b[%d;%dH\x1b]1337;File=inline=1;", first+1, images.Indent+1)
	if !strings.HasPrefix(place, prefix) || !strings.Contains(place, ";width=25;height=8;") ||
		!strings.HasSuffix(place, "\a\x1b8\x1b[?2026l") {
		t.Fatalf("iTerm2 placement %.120q, want prefix %q", place, prefix)
	}
}

func TestImageHalfBlocks(t *testing.T) {
	m, d := redModel(t, graphics.Blocks)
	_, rows := imageRows(t, m)
	for r, line := range rows {
		if n := strings.Count(line, "▀"); n != redCols {
			t.Fatalf("row %d has %d half-blocks, want %d", r, n, redCols)
		}
	}
	// Top rows red on red; the stripe (image rows 50–69 of 120) is blue
	// in cell row 3.
	if !strings.Contains(rows[0], "38;2;255;0;0;48;2;255;0;0m") || !strings.Contains(strings.Join(rows[3:5], ""), "0;0;255") {
		t.Fatalf("colours wrong: %q / %q", rows[0], rows[3])
	}
	if len(d.raws) != 0 {
		t.Fatalf("half-blocks wrote %q", d.raws)
	}
}

func TestImageChipWithoutStoreOrNone(t *testing.T) {
	m, _ := redModel(t, graphics.None)
	view := plainView(m)
	if !strings.Contains(view, "▣ red.png · 200×120 · 1 KB") || strings.Contains(m.View().Content, "▀") {
		t.Fatalf("protocol none should show a chip only:\n%s", view)
	}
	noStore := newTestModel(t, &providertest.Provider{}, Options{ImageProtocol: graphics.Sixel,
		Conversation: &session.Conversation{ID: 1, Messages: []session.Message{imageMsg("hi", "red", 200, 120)}}})
	if v := plainView(noStore); !strings.Contains(v, "▣ red.png") {
		t.Fatalf("no store: want a chip:\n%s", v)
	}
	if got := noStore.img.Protocol(); got != graphics.None {
		t.Fatalf("no store: protocol %s", got)
	}
}

func TestImageBrokenBlobBecomesChip(t *testing.T) {
	m := newImageModel(t, graphics.Sixel, blobs{}, 80, 24, imageMsg("gone", "red", 200, 120))
	d := newImgDriver(t, m)
	d.settle()
	if v := plainView(m); !strings.Contains(v, "image unavailable: blob red not found") {
		t.Fatalf("want the failure in the chip:\n%s", v)
	}
}

// scrolledModel has the image above enough text to scroll it.
func scrolledModel(t *testing.T) (*Model, *imgDriver) {
	t.Helper()
	var long strings.Builder
	for i := range 40 {
		fmt.Fprintf(&long, "line %d of the answer\n\n", i)
	}
	msgs := []session.Message{imageMsg("look at this", "red", 200, 120),
		{Role: session.RoleAssistant, Status: session.StatusDone, Parts: []session.Part{session.Text{Text: long.String()}}}}
	m := newImageModel(t, graphics.Sixel, blobs{"red": redPNG(t, 200, 120)}, 80, 24, msgs...)
	d := newImgDriver(t, m)
	d.send(tea.KeyPressMsg{Code: tea.KeyHome})
	d.settle()
	return m, d
}

func TestImageScrollMovesPlacement(t *testing.T) {
	m, d := scrolledModel(t)
	first, _ := imageRows(t, m)
	if got := d.lastPlacement(); !strings.Contains(got, fmt.Sprintf("\x1b7\x1b[%d;3H\x1bP", first+1)) {
		t.Fatalf("first placement %.40q, want row %d", got, first+1)
	}
	// Scroll so the image moves down? It is at the top: scroll down by
	// one wheel step, the image moves up 3 rows and its top leaves the
	// view when it started above row 3.
	d.send(tea.KeyPressMsg{Code: tea.KeyHome})
	m.chat.ShowAt(0, 0)
	clears := d.clear
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	d.settle()
	if d.clear <= clears {
		t.Fatal("the image moved but the screen was not cleared of its old pixels")
	}
	c := captionRow(t, m, "red")
	if c != first+redRows-transcript.WheelLines {
		t.Fatalf("caption at row %d, want %d", c, first+redRows-transcript.WheelLines)
	}
	place := d.lastPlacement()
	newFirst := first - transcript.WheelLines
	if newFirst >= 0 {
		if !strings.Contains(place, fmt.Sprintf("\x1b7\x1b[%d;3H", newFirst+1)) {
			t.Fatalf("placement after scroll %.40q, want row %d", place, newFirst+1)
		}
		return
	}
	// The top is scrolled off: only the visible rows are placed at row 0,
	// re-encoded from the kept frame.
	data, _ := blobs{"red": redPNG(t, 200, 120)}.load("red")
	img, _, _ := imaging.Decode(data)
	vis := redRows + newFirst
	seq := string(termimg.NewSixelFrame(img, redCols*8, redRows*16).EncodeRows(-newFirst, vis, 16))
	want := termimg.PlaceAll([]termimg.Placement{{Row: 0, Col: images.Indent, Seq: seq}})
	if place != want {
		t.Fatalf("partial placement %.60q…, want rows %d+%d at row 1: %.60q…", place, -newFirst, vis, want)
	}
}

func TestImagePartlyScrolledOffTopIsReencoded(t *testing.T) {
	m, d := scrolledModel(t)
	first, _ := imageRows(t, m)
	m.chat.ShowAt(0, first+3)
	d.send(nil)
	d.settle()
	want := -1
	for _, p := range m.img.Placed() {
		if p.Key.First == 3 && p.Key.Count == redRows-3 && p.Row == 0 {
			want = 0
		}
	}
	if want < 0 {
		t.Fatalf("drawn %+v, want rows 3..%d at screen row 0", m.img.Placed(), redRows)
	}
	if !strings.HasPrefix(d.lastPlacement(), "\x1b[?2026h\x1b7\x1b[1;3H\x1bP") {
		t.Fatalf("placement %.40q", d.lastPlacement())
	}
}

func TestImageDialogCoversImages(t *testing.T) {
	m, d := redModel(t, graphics.Sixel)
	n := len(d.raws)
	d.send(tea.KeyPressMsg{Code: '?', Text: "?"})
	d.settle()
	if !strings.Contains(plainView(m), "keys") {
		t.Fatalf("help did not open:\n%s", plainView(m))
	}
	if len(m.img.Placed()) != 0 || d.clear == 0 {
		t.Fatalf("under a dialog: drawn %v, clears %d", m.img.Placed(), d.clear)
	}
	for _, r := range d.raws[n:] {
		if strings.Contains(r, "\x1bP") {
			t.Fatalf("an image was drawn over the dialog: %.40q", r)
		}
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	d.settle()
	if len(m.img.Placed()) != 1 {
		t.Fatalf("after closing the dialog the image is not back: %v", m.img.Placed())
	}
}

func TestImageViewerOpenClose(t *testing.T) {
	m, d := redModel(t, graphics.Blocks)
	d.send(tea.KeyPressMsg{Code: tea.KeyTab})
	if !m.chat.ImageSelected() || !strings.Contains(plainView(m), "enter/o view") {
		t.Fatalf("tab did not select the image:\n%s", plainView(m))
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	if !m.img.Viewing() {
		t.Fatal("enter did not open the viewer")
	}
	d.settle()
	view := m.View().Content
	lines := strings.Split(view, "\n")
	if len(lines) != 24 || !strings.Contains(ansi.Strip(lines[23]), "esc close") {
		t.Fatalf("viewer is not full screen with a hint on the last row:\n%s", ansi.Strip(view))
	}
	// Fitted to 80×22 cells at 8×16: 200×120 scales up 2.93× to 73×22.
	if n := strings.Count(view, "▀"); n != 73*22 {
		t.Fatalf("viewer draws %d half-blocks, want %d", n, 73*22)
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.img.Viewing() || !strings.Contains(plainView(m), "look at this") {
		t.Fatalf("esc did not return to the transcript:\n%s", plainView(m))
	}
}

func TestImageViewerSixelPlacement(t *testing.T) {
	m, d := redModel(t, graphics.Sixel)
	d.send(tea.KeyPressMsg{Code: tea.KeyTab})
	d.send(tea.KeyPressMsg{Code: 'o', Text: "o"})
	d.settle()
	if len(m.img.Placed()) != 1 {
		t.Fatalf("viewer drawn %v", m.img.Placed())
	}
	p := m.img.Placed()[0]
	if p.Key.Cols != 73 || p.Key.Rows != 22 || p.Row+p.Key.Rows > 23 {
		t.Fatalf("viewer placement %+v touches the last row or has the wrong size", p)
	}
}

func TestImageSelectionEndsWhenTyping(t *testing.T) {
	m, d := redModel(t, graphics.Blocks)
	d.send(tea.KeyPressMsg{Code: tea.KeyTab})
	if !m.chat.ImageSelected() {
		t.Fatal("tab selected nothing")
	}
	d.send(tea.KeyPressMsg{Code: 'h', Text: "h"})
	if m.chat.ImageSelected() || m.composer.Value() != "h" {
		t.Fatalf("typing kept the selection (%v) or lost the key (%q)", m.chat.ImageSelected(), m.composer.Value())
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyTab})
	if m.chat.ImageSelected() {
		t.Fatal("tab selected an image while the composer has text")
	}
}

// TestPgUpShowsNearImagesInItsFirstFrame: the images a screen above the
// view are encoded ahead, so after a PgUp the very first frame draws
// every image in view as its thumbnail, not as blank reserved rows.
func TestPgUpShowsNearImagesInItsFirstFrame(t *testing.T) {
	store := blobs{}
	var msgs []session.Message
	pic := providertest.NoisePNG(t, 96, 96, 0)
	for i := range 12 {
		blob := fmt.Sprintf("pic%02d", i)
		store[blob] = pic
		msgs = append(msgs, imageMsg(fmt.Sprintf("picture %d", i), blob, 96, 96))
	}
	m := newImageModel(t, graphics.Blocks, store, 80, 30, msgs...)
	d := newImgDriver(t, m)
	d.settle()
	for step := 0; !atTop(m) && step < 20; step++ {
		_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyPgUp})
		lines := strings.Split(plainView(m), "\n")
		slots := m.chat.Slots()
		if len(slots) == 0 {
			t.Fatalf("step %d: no image in view:\n%s", step, plainView(m))
		}
		for _, sl := range slots {
			for r := sl.Row; r < sl.Row+sl.Count; r++ {
				if r >= 0 && r < len(lines) && !strings.Contains(lines[r], "▀") {
					t.Fatalf("step %d: row %d of %s is not drawn in the key's frame: %q\n%s", step, r, sl.B.Img.Blob, lines[r], plainView(m))
				}
			}
		}
		d.run(cmd)
		d.settle()
	}
	if !atTop(m) {
		t.Fatal("PgUp never reached the top")
	}
}
