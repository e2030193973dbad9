package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/ui/dialog"
	"parley/ui/graphics"
)

// openInspectWith attaches a 1024×1024 PNG for gpt-4o (fitted to 768×768)
// with images drawn by proto on a 100×40 screen, opens the inspect dialog
// and waits until the images settle.
func openInspectWith(t *testing.T, proto graphics.Protocol) (*Model, *imgDriver, *dialog.Inspect) {
	t.Helper()
	dir := t.TempDir()
	img := writeFile(t, dir, "shot.png", pngBytes(t, 1024, 1024))
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Model: "openai/gpt-4o", ImageProtocol: proto})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	attachN(t, m, r, img)
	// The chip's fitting writes its blob to the store: done before the
	// image driver takes over, so no Cmd of r's outlives the test's
	// TempDir (a race seen under load: "directory not empty").
	r.until("the attachment's Cmds", func() bool { return r.loop.Running() == 0 })
	d := newImgDriver(t, m)
	d.send(tea.KeyPressMsg{Code: tea.KeyUp})
	d.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	dlg, ok := m.dialogs.Top().(*dialog.Inspect)
	if !ok {
		t.Fatalf("enter on a chip opened %T", m.dialogs.Top())
	}
	d.until("the fit", func() bool { return dlg.Fitted() })
	d.settle()
	return m, d, dlg
}

// TestInspectDrawsFittedImageWithSixel: under sixel the dialog reserves
// blank cells for the fitted image, most of its area, and the image is
// placed exactly there with the terminal's protocol.
func TestInspectDrawsFittedImageWithSixel(t *testing.T) {
	m, d, _ := openInspectWith(t, graphics.Sixel)
	slots := m.dialogs.Slots(m.width, dialogHeight(m.chat.Height(), m.height))
	if len(slots) != 1 {
		t.Fatalf("the dialog shows %d images, want the fitted one", len(slots))
	}
	g := slots[0]
	if g.Rows < 20 || g.Cols < 30 {
		t.Fatalf("image is %d×%d cells in a %d-row dialog: want most of it", g.Cols, g.Rows, dialogHeight(m.chat.Height(), m.height))
	}
	place := d.lastPlacement()
	want := fmt.Sprintf("\x1b[%d;%dH\x1bP", g.Row+1, g.Col+1)
	if !strings.Contains(place, want) {
		t.Fatalf("placement %q does not start at the reserved cells %q", place[:min(len(place), 40)], want)
	}
	// The sixel is the fitted image at the reserved size in pixels (8×16
	// cells: the test terminal reports none).
	raster := regexp.MustCompile(`"1;1;(\d+);(\d+)`).FindStringSubmatch(place)
	if raster == nil {
		t.Fatalf("no sixel raster attributes in %q", place[:min(len(place), 80)])
	}
	if w, _ := strconv.Atoi(raster[1]); w != g.Cols*8 {
		t.Errorf("sixel is %s px wide, want %d", raster[1], g.Cols*8)
	}
	lines := strings.Split(plainView(m), "\n")
	for k := range g.Rows {
		row := []rune(lines[g.Row+k])
		if cells := string(row[g.Col : g.Col+g.Cols]); strings.TrimSpace(cells) != "" {
			t.Fatalf("reserved row %d is not blank: %q", k, cells)
		}
	}
	if !strings.Contains(lines[g.Row+g.Rows+1], "esc close") {
		t.Errorf("the hint is not right below the image:\n%s", strings.Join(lines, "\n"))
	}

	// Closing the dialog clears the image it placed.
	clears := d.clear
	d.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	d.settle()
	if m.dialogs.Top() != nil || d.clear == clears {
		t.Errorf("closing: dialog %v, clear screens %d → %d", m.dialogs.Top() != nil, clears, d.clear)
	}
}

// TestInspectWithoutImagesShowsFactsOnly: with image_protocol none the
// dialog is the facts, no preview and no image written.
func TestInspectWithoutImagesShowsFactsOnly(t *testing.T) {
	m, d, _ := openInspectWith(t, graphics.None)
	view := plainView(m)
	if strings.Contains(view, "▀") || d.lastPlacement() != "" {
		t.Errorf("protocol none drew an image:\n%s", view)
	}
	for _, want := range []string{"768×768 · PNG", "1024×1024 · PNG", "esc close"} {
		if !strings.Contains(view, want) {
			t.Errorf("facts lack %q:\n%s", want, view)
		}
	}
}
