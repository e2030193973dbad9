package graphics

import (
	"strings"
	"testing"
)

// TestCellSizeFromWinsizeWithBorderAndLeftover: xterm reports its whole
// window in TIOCGWINSZ, 2 px border and leftover pixels included
// (terminal-replies.md: 904×669 for 100×35 cells of 9×19). A 600×400 xterm
// at 66×20 cells has 16 spare pixel rows: plain division gave 20 px rows
// and sixels spilled over the text below them.
func TestCellSizeFromWinsizeWithBorderAndLeftover(t *testing.T) {
	h := FromEnv(envOf("TERM", "xterm"))
	cases := []struct {
		name       string
		seqs       []string
		ws         Winsize
		cellW, ch  int
		sourcePart string
	}{
		{"xterm recorded", []string{xtermVersion, xtermVT340DA1}, Winsize{Cols: 100, Rows: 35, PxW: 904, PxH: 669}, 9, 19, "2 px border"},
		{"xterm 600×400 at 66×20", []string{xtermVersion, xtermVT340DA1}, Winsize{Cols: 66, Rows: 20, PxW: 600, PxH: 400}, 9, 19, "2 px border"},
		{"mlterm recorded", []string{mltermDA1}, Winsize{Cols: 100, Rows: 30, PxW: 1000, PxH: 570}, 10, 19, "TIOCGWINSZ"},
		{"kitty recorded", []string{"\x1b[?62;c"}, Winsize{Cols: 100, Rows: 30, PxW: 900, PxH: 540}, 9, 18, "TIOCGWINSZ"},
	}
	for _, c := range cases {
		r := feed(t, c.seqs...)
		r.SetWinsize(c.ws)
		d := Decide(h, r, Auto)
		if d.CellW != c.cellW || d.CellH != c.ch || !strings.Contains(d.CellSource, c.sourcePart) {
			t.Errorf("%s: cell %d×%d (%s), want %d×%d (%s)", c.name, d.CellW, d.CellH, d.CellSource, c.cellW, c.ch, c.sourcePart)
		}
	}
}

// TestResizeKeepsKnownCellUntilNewAnswer: after a resize the 16 t answer
// describes the old window. Its cell size is kept while the new pixels fit
// it (a 600×400 xterm without XTVERSION still gets 19 px rows), a font
// change is seen in the pixels, and a NEW 16 t answer replaces the old one.
func TestResizeKeepsKnownCellUntilNewAnswer(t *testing.T) {
	h := FromEnv(envOf("TERM", "xterm"))
	r := feed(t, "\x1b[6;19;9t", xtermVT340DA1) // no XTVERSION: no border known
	if r.Resized(100, 35, Winsize{Cols: 100, Rows: 35, PxW: 904, PxH: 669}) {
		t.Error("the first size recorded counts as a change")
	}
	if d := Decide(h, r, Auto); d.CellW != 9 || d.CellH != 19 || !strings.Contains(d.CellSource, "16 t") {
		t.Fatalf("start: %d×%d (%s)", d.CellW, d.CellH, d.CellSource)
	}

	if !r.Resized(66, 20, Winsize{Cols: 66, Rows: 20, PxW: 600, PxH: 400}) {
		t.Fatal("a new size is not a change")
	}
	if r.CellW != 0 || r.AreaW != 0 {
		t.Errorf("the old 16 t / 14 t answers survived the resize: %+v", r)
	}
	if d := Decide(h, r, Auto); d.CellW != 9 || d.CellH != 19 || !strings.Contains(d.CellSource, "kept") {
		t.Errorf("600×400 at 66×20 after a resize: %d×%d (%s), want 9×19 kept", d.CellW, d.CellH, d.CellSource)
	}

	// A larger font: xterm keeps 66×20 cells, the window grows to fit.
	r.Resized(66, 20, Winsize{Cols: 66, Rows: 20, PxW: 66*11 + 4, PxH: 20*22 + 4})
	if d := Decide(h, r, Auto); d.CellW != 11 || d.CellH != 22 {
		// No border is known without XTVERSION: floor((730)/66)=11, 444/20=22.
		t.Errorf("after a font change: %d×%d (%s), want 11×22", d.CellW, d.CellH, d.CellSource)
	}

	// The answer to the re-sent CSI 16 t replaces whatever was guessed.
	if n := r.Feed("\x1b[6;23;12t"); n != 1 {
		t.Fatalf("16 t reply not recorded")
	}
	if d := Decide(h, r, Auto); d.CellW != 12 || d.CellH != 23 || !strings.Contains(d.CellSource, "16 t") {
		t.Errorf("a new 16 t answer did not replace the old: %d×%d (%s)", d.CellW, d.CellH, d.CellSource)
	}
	if q := CellQueries(); q != "\x1b[16t\x1b[14t" {
		t.Errorf("CellQueries = %q", q)
	}
}
