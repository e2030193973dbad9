package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/providers/providertest"
	"parley/ui/dialog"
)

// TestExtensionlessMediaAttachesByItsBytes: a dropped screenshot or voice
// memo without an extension is recognised by its bytes when pasted, typed,
// Tab-completed or picked; a text file without an extension attaches as
// text (issue 12: a pasted path to a log file is an attachment).
func TestExtensionlessMediaAttachesByItsBytes(t *testing.T) {
	dir := t.TempDir()
	shot := writeFile(t, dir, "Screenshot 2025-01-01", pngBytes(t, 60, 40))
	memo := writeFile(t, dir, "memo", audio.EncodeWAV(make([]int16, 1600), 16000, 1))
	text := writeFile(t, dir, "README", []byte("just some words, not a picture"))
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{})

	r.send(tea.PasteMsg{Content: "'" + shot + "' " + memo})
	r.until("two chips", func() bool { return m.tray.Len() == 2 })
	if m.tray.Chips()[0].Image() == nil || m.tray.Chips()[0].Image().Width != 60 || m.tray.Chips()[1].Audio() == nil {
		t.Errorf("chips %q: want the PNG and the WAV", chipLabels(m))
	}
	if m.composer.Value() != "" {
		t.Errorf("pasted paths went into the composer: %q", m.composer.Value())
	}

	r.send(tea.PasteMsg{Content: text})
	r.until("the text chip", func() bool { return m.tray.Len() == 3 })
	if got := m.tray.Chips()[2]; got.Document() == nil || got.Label() != "README · 1 line · ≈27 tok" || m.composer.Value() != "" {
		t.Errorf("a text file's path: chip %q, composer %q", got.Label(), m.composer.Value())
	}

	// Tab completion offers every file: the bytes decide when attaching.
	got := completeText("/attach "+dir+"/", nil)
	joined := strings.Join(got, ",")
	if !strings.Contains(joined, "Screenshot 2025-01-01") || !strings.Contains(joined, "memo") || !strings.Contains(joined, "README") {
		t.Errorf("completion = %q, want the screenshot, the memo and README", got)
	}
}

func TestFilePickerTakesExtensionlessImageAndText(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "aaa-notes", []byte("plain text"))
	writeFile(t, dir, "bbb-shot", pngBytes(t, 16, 16))
	t.Chdir(dir)
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{})
	r.press('t', tea.ModCtrl)
	d, ok := m.dialogs.Top().(*dialog.FilePicker)
	if !ok {
		t.Fatalf("ctrl+t opened %T", m.dialogs.Top())
	}
	r.until("the listing", func() bool { return strings.Contains(plainView(m), "bbb-shot") })
	r.press(tea.KeyEnter, 0) // aaa-notes
	r.until("the text chip", func() bool { return m.tray.Len() == 1 })
	if m.dialogs.Top() == d || m.tray.Chips()[0].Document() == nil {
		t.Fatalf("choosing a text file: dialog open %v, chips %q", m.dialogs.Top() == d, chipLabels(m))
	}
	r.press('t', tea.ModCtrl)
	r.until("the listing", func() bool { return strings.Contains(plainView(m), "bbb-shot") })
	r.press(tea.KeyDown, 0)
	r.press(tea.KeyEnter, 0)
	r.until("the chip", func() bool { return m.tray.Len() == 2 })
	if m.dialogs.Top() != nil || m.tray.Chips()[1].Name() != "bbb-shot" {
		t.Errorf("picker open %v, chip %q", m.dialogs.Top() != nil, m.tray.Chips()[1].Name())
	}
}
