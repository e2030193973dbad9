package tray

import (
	"context"
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/media/clipboard"
	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
)

func openStore(t *testing.T) *session.Store {
	t.Helper()
	st, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// deliver runs cmd and hands its tray message to Update.
func deliver(t *testing.T, tr *Tray, cmd tea.Cmd) Outcome {
	t.Helper()
	msg, ok := cmd().(Msg)
	if !ok {
		t.Fatalf("the Cmd returned no tray message")
	}
	return tr.Update(msg)
}

func press(code rune, mod tea.KeyMod) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code, Mod: mod} }

// A selected chip takes ←/→/↑, del, enter and ↓/esc; alt+N is left to the
// root with the selection kept; any other key ends the selection and goes
// on to the composer.
func TestHandleKey(t *testing.T) {
	tr := New()
	for _, n := range []string{"a.png", "b.png", "c.png"} {
		tr.Add(img(n))
	}
	tr.Add(NewAudio(session.Audio{Name: "memo.wav", MIME: "audio/wav"}, true))
	if _, ok := tr.HandleKey(press(tea.KeyLeft, 0)); ok {
		t.Fatal("a key was taken with no chip selected")
	}
	tr.Select(1)
	steps := []struct {
		key  tea.KeyPressMsg
		sel  int
		want bool
	}{
		{press(tea.KeyRight, 0), 2, true},
		{press(tea.KeyLeft, 0), 1, true},
		{press(tea.KeyUp, 0), 1, true},
		{press('2', tea.ModAlt), 1, false},
	}
	for _, s := range steps {
		if out, ok := tr.HandleKey(s.key); ok != s.want || !out.Layout || tr.SelectedIndex() != s.sel {
			t.Errorf("%s: ok %v, selected %d, want %v and %d", s.key, ok, tr.SelectedIndex(), s.want, s.sel)
		}
	}
	if out, ok := tr.HandleKey(press(tea.KeyEnter, 0)); !ok || out.Inspect == nil || out.Inspect.Name() != "b.png" {
		t.Errorf("enter on an image: ok %v inspect %v", ok, out.Inspect)
	}
	if _, ok := tr.HandleKey(press(tea.KeyDelete, 0)); !ok || tr.Len() != 3 || tr.Selected().Name() != "c.png" {
		t.Fatalf("del: ok %v, %d chips", ok, tr.Len())
	}
	if n, _ := tr.Notice(); n != "removed b.png" {
		t.Errorf("notice after del %q", n)
	}
	tr.Select(2)
	if out, ok := tr.HandleKey(press(tea.KeyEnter, 0)); !ok || out.Inspect != nil {
		t.Errorf("enter on a voice chip: ok %v inspect %v", ok, out.Inspect)
	}
	if n, isErr := tr.Notice(); n != "only images and documents can be inspected" || !isErr {
		t.Errorf("notice %q (error %v)", n, isErr)
	}
	if _, ok := tr.HandleKey(tea.KeyPressMsg{Code: 'x', Text: "x"}); ok || tr.Selected() != nil {
		t.Errorf("a letter: ok %v, still selected %v", ok, tr.Selected() != nil)
	}
}

// Files are stored by their bytes: a PNG without an extension becomes an
// image chip, a WAV an audio chip; a missing file and a directory are
// refused with their names, and the composer text that named them is then
// kept (no Typed).
func TestAttachStoresAndReports(t *testing.T) {
	st, dir := openStore(t), t.TempDir()
	shot := writeFile(t, dir, "Screenshot", providertest.SolidPNG(t, 30, 20, color.RGBA{R: 200, A: 255}))
	memo := writeFile(t, dir, "memo.wav", providertest.ToneWAV(100))
	tr := New()
	out := deliver(t, &tr, Attach(st, nil, []string{shot, memo}, "/attach two"))
	if tr.Len() != 2 || tr.Chips()[0].Image() == nil || tr.Chips()[0].Image().Width != 30 || tr.Chips()[1].Audio() == nil {
		t.Fatalf("chips %+v", tr.Chips())
	}
	if out.Typed != "/attach two" || !out.Relabel || !out.Fit || !out.Layout {
		t.Errorf("outcome %+v", out)
	}
	out = deliver(t, &tr, Attach(st, nil, []string{filepath.Join(dir, "gone.png"), dir, shot}, "/attach three"))
	n, isErr := tr.Notice()
	if !isErr || !strings.Contains(n, "gone.png: no such file") || !strings.Contains(n, "is a directory, not a file") {
		t.Errorf("notice %q (error %v)", n, isErr)
	}
	if out.Typed != "" || tr.Len() != 3 {
		t.Errorf("with failures: typed %q, %d chips", out.Typed, tr.Len())
	}
	if out := deliver(t, &tr, Attach(nil, nil, []string{shot}, "")); tr.Len() != 3 || out.Typed != "" {
		t.Errorf("attached without a store: %d chips", tr.Len())
	}
	if n, _ := tr.Notice(); !strings.Contains(n, "cannot attach Screenshot: parley has no data directory") {
		t.Errorf("no store: notice %q", n)
	}
	out = deliver(t, &tr, StartAttachments(st, nil, []string{memo}, "describe it"))
	if out.Prompt != "describe it" || out.Fit {
		t.Errorf("start-up attachments: %+v", out)
	}
}

// Ctrl+V: the progress line shows while the clipboard is read; an image
// becomes a chip, paths of media files attach them, other text goes to the
// composer, and a failure names the clipboard.
func TestPaste(t *testing.T) {
	st, dir := openStore(t), t.TempDir()
	shot := writeFile(t, dir, "shot.png", providertest.SolidPNG(t, 8, 8, color.RGBA{B: 255, A: 255}))
	reader := func(c clipboard.Content, err error) ClipboardReader {
		return func(context.Context) (clipboard.Content, error) { return c, err }
	}
	tr := New()
	cmd := tr.Paste(t.Context(), reader(clipboard.Content{Image: providertest.SolidPNG(t, 4, 4, color.RGBA{A: 255}), MIME: "image/png"}, nil), st, nil, 0)
	if n, _ := tr.Notice(); n != ClipboardNotice || !tr.Progress() {
		t.Errorf("while reading: notice %q", n)
	}
	deliver(t, &tr, cmd)
	if n, _ := tr.Notice(); tr.Len() != 1 || tr.Chips()[0].Name() != "clipboard.png" || n != "" {
		t.Fatalf("image: %d chips, notice %q", tr.Len(), n)
	}
	deliver(t, &tr, tr.Paste(t.Context(), reader(clipboard.Content{Text: "'" + shot + "'"}, nil), st, nil, 0))
	if tr.Len() != 2 || tr.Chips()[1].Name() != "shot.png" {
		t.Errorf("pasted path: %d chips", tr.Len())
	}
	if out := deliver(t, &tr, tr.Paste(t.Context(), reader(clipboard.Content{Text: "just words"}, nil), st, nil, 0)); out.Text != "just words" || tr.Len() != 2 {
		t.Errorf("text: %+v", out)
	}
	deliver(t, &tr, tr.Paste(t.Context(), reader(clipboard.Content{}, errors.New("no tool found")), st, nil, 0))
	if n, isErr := tr.Notice(); n != "clipboard: no tool found" || !isErr {
		t.Errorf("failure: notice %q (error %v)", n, isErr)
	}
}

// Pasted text is paths only when every word names an existing, non-empty
// regular file: whatever it is, storing it reads its type from the bytes
// and says what is wrong. A directory, an empty file or a missing one
// keeps the text as text.
func TestPastedPaths(t *testing.T) {
	dir := t.TempDir()
	shot := writeFile(t, dir, "Screenshot 2025", providertest.SolidPNG(t, 4, 4, color.RGBA{A: 255}))
	fake := writeFile(t, dir, "notes.png", []byte("not a picture"))
	text := writeFile(t, dir, "README", []byte("words"))
	empty := writeFile(t, dir, "empty.log", nil)
	if got := PastedPaths("'" + shot + "' " + fake + " " + text); len(got) != 3 {
		t.Errorf("file paths: %q", got)
	}
	for _, s := range []string{dir, empty, shot + " " + filepath.Join(dir, "gone.txt"), "just words"} {
		if got := PastedPaths(s); got != nil {
			t.Errorf("%q made %q attachments", s, got)
		}
	}
	if !HasMediaExt("a.JPG") || HasMediaExt("a.txt") {
		t.Error("HasMediaExt")
	}
}

// The transcript editor's text is kept with the note; a chip gone
// meanwhile drops the edit and says so.
func TestSaveTranscript(t *testing.T) {
	tr := New()
	id := tr.Add(NewAudio(session.Audio{Name: "memo.wav", MIME: "audio/wav"}, true))
	if out := tr.SaveTranscript(id, "  hello  "); !out.Relabel || tr.ByID(id).Audio().Transcript != "hello" {
		t.Errorf("save: %+v, transcript %q", out, tr.ByID(id).Audio().Transcript)
	}
	tr.Remove(0)
	tr.SaveTranscript(id, "late")
	if n, isErr := tr.Notice(); !isErr || !strings.Contains(n, "the edit is dropped") {
		t.Errorf("notice %q", n)
	}
}

// Fitting needs a store and a model known to take images; the fit's lossy
// steps come back through Update onto the chip.
func TestFitNamesChanges(t *testing.T) {
	st := openStore(t)
	tr := New()
	im, err := st.AddImage(providertest.SolidPNG(t, 40, 40, color.RGBA{G: 255, A: 255}), "g.png")
	if err != nil {
		t.Fatal(err)
	}
	tr.Add(NewImage(im))
	caps := providers.Caps{Images: true, ImageFormats: []string{"image/jpeg"}}
	if tr.Fit(nil, caps, true, "m") != nil || tr.Fit(st, caps, false, "m") != nil || tr.Fit(st, providers.Caps{}, true, "m") != nil {
		t.Error("fitted without a store, caps or image input")
	}
	tr.Relabel(caps, true, "m")
	cmd := tr.Fit(st, caps, true, "m")
	if cmd == nil {
		t.Fatal("no fit for an image chip")
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok && len(b) == 1 {
		msg = b[0]()
	}
	m, ok := msg.(Msg)
	if !ok {
		t.Fatalf("fit returned %T", msg)
	}
	before := tr.Chips()[0].Label()
	if out := tr.Update(m); !out.Layout {
		t.Errorf("outcome %+v", out)
	}
	if l := tr.Chips()[0].Label(); l == before || !strings.Contains(l, "converted PNG to JPEG") {
		t.Errorf("label %q does not name the fit's changes", l)
	}
}
