package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/dialog"
)

// animatedGIF is a w×h GIF of n frames.
func animatedGIF(t *testing.T, w, h, n int) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White}
	a := &gif.GIF{}
	for i := range n {
		f := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		f.SetColorIndex(i%w, 0, 1)
		a.Image, a.Delay = append(a.Image, f), append(a.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, a); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// inspectLastChip selects the last chip, opens its inspect dialog and
// waits for the fit.
func inspectLastChip(t *testing.T, m *Model, r *runner) *dialog.Inspect {
	t.Helper()
	r.press(tea.KeyUp, 0)
	r.press(tea.KeyEnter, 0)
	d, ok := m.dialogs.Top().(*dialog.Inspect)
	if !ok {
		t.Fatalf("enter on a chip opened %T", m.dialogs.Top())
	}
	r.until("the fit", func() bool { return d.Fitted() })
	return d
}

// Nothing changes silently: once the chip's fit for the model is known,
// the chip names each lossy step (here the frames dropped from an
// animation), and the inspect dialog lists the same changes.
func TestChipAndInspectNameLossyChanges(t *testing.T) {
	dir := t.TempDir()
	anim := writeFile(t, dir, "anim.gif", animatedGIF(t, 40, 30, 3))
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Model: "openai/gpt-4o"})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	attachN(t, m, r, anim)
	const want = "animated (3 frames): sending the first frame"
	r.until("the chip's changes", func() bool { return strings.Contains(m.tray.Chips()[0].Label(), want) })
	if got := m.tray.Chips()[0].Label(); strings.Contains(got, "GIF, first frame") {
		t.Errorf("chip %q still carries the guess next to the known change", got)
	}

	inspectLastChip(t, m, r)
	if view := plainView(m); !strings.Contains(view, "changes") || !strings.Contains(view, want) {
		t.Errorf("inspect does not name the change:\n%s", view)
	}
}

// A model with a media_resolution shows it in the inspect dialog.
func TestInspectShowsMediaResolution(t *testing.T) {
	dir := t.TempDir()
	img := writeFile(t, dir, "shot.png", pngBytes(t, 64, 48))
	gem := providers.LookupCaps(providers.ProtocolGemini, "gemini-3-flash")
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Model: "gemini/gemini-3-flash",
		Caps: func(string) providers.Caps { return gem }})
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
	attachN(t, m, r, img)
	inspectLastChip(t, m, r)
	if view := plainView(m); !strings.Contains(view, "media_resolution high") || !strings.Contains(view, "≈1.1k tok") {
		t.Errorf("inspect lacks the media resolution or its cost:\n%s", view)
	}
}

// A text-heavy screenshot that would be unreadable whole: the inspect
// dialog shows both ways with their cost, and t switches the chip between
// tiles and whole (what the send then does: session's tests).
func TestInspectTogglesTiles(t *testing.T) {
	dir := t.TempDir()
	shot := writeFile(t, dir, "shot.png", providertest.ScreenshotPNG(t, 2880, 1800))
	claude := providers.LookupCaps(providers.ProtocolAnthropic, "claude-sonnet-4-5")
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Model: "anthropic/claude-sonnet-4-5",
		Caps: func(string) providers.Caps { return claude }})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	attachN(t, m, r, shot)
	inspectLastChip(t, m, r)
	if view := plainView(m); !strings.Contains(view, "4 tiles of") || !strings.Contains(view, "sent as 4 tiles (t: send whole)") {
		t.Fatalf("inspect lacks the tiles choice:\n%s", view)
	}
	r.typeText("t")
	if got := m.tray.Chips()[0].Image().Tiles; got != session.TilesOff {
		t.Fatalf("after t the chip's choice is %q", got)
	}
	if view := plainView(m); !strings.Contains(view, "sent whole (t: send as tiles)") {
		t.Errorf("inspect does not show the whole choice:\n%s", view)
	}
	r.typeText("t")
	if got := m.tray.Chips()[0].Image().Tiles; got != "" {
		t.Errorf("a second t leaves %q", got)
	}
}
