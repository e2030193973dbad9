package ui

import (
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"parley/ui/graphics"
)

// TestResizeAsksCellSizeAgainAndNewAnswerWins: on a real resize the
// cell size queries are written again; the size known before is kept while
// the new TIOCGWINSZ pixels fit it (600×400 at 66×20 holds 9×19 cells, not
// 9×20), and the terminal's new CSI 16 t answer replaces the old one.
func TestResizeAsksCellSizeAgainAndNewAnswerWins(t *testing.T) {
	ws := &graphics.Winsize{Cols: 80, Rows: 24, PxW: 80 * 8, PxH: 24 * 16}
	m := newImageModelWS(t, graphics.Sixel, blobs{"red": redPNG(t, 200, 120)}, ws, imageMsg("look at this", "red", 200, 120))
	d := newImgDriver(t, m)
	d.settle()
	d.send(uv.CellSizeEvent{Width: 9, Height: 19})
	if w, h := m.img.Cell(); w != 9 || h != 19 {
		t.Fatalf("cell after the 16 t answer = %d×%d", w, h)
	}

	d.raws = nil
	*ws = graphics.Winsize{Cols: 66, Rows: 20, PxW: 600, PxH: 400}
	d.send(tea.WindowSizeMsg{Width: 66, Height: 20})
	d.until("the re-sent queries", func() bool { return slices.Contains(d.raws, graphics.CellQueries()) })
	if w, h := m.img.Cell(); w != 9 || h != 19 {
		t.Errorf("cell after the resize = %d×%d, want 9×19 kept (400/20 = 20 overshoots)", w, h)
	}

	d.send(uv.CellSizeEvent{Width: 10, Height: 20})
	if w, h := m.img.Cell(); w != 10 || h != 20 {
		t.Errorf("the new 16 t answer did not replace the old: cell %d×%d, want 10×20", w, h)
	}
	if b := m.chat.Blocks(lastEntry(t, m)); len(b) != 1 || b[0].Rows != 6 {
		// 120 px at 20 px rows is 6 rows: the layout follows the new cell.
		t.Errorf("image blocks after the new cell size: %+v", b)
	}
}
