package dialog

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// saveTo types path into a fresh save dialog of data and presses enter,
// returning the write's message undelivered.
func saveTo(t *testing.T, d *Save, path string) tea.Msg {
	t.Helper()
	d.Update(press('u', tea.ModCtrl)) // clear the default name
	d.Update(tea.PasteMsg{Content: path})
	_, cmd := d.Update(press(tea.KeyEnter, 0))
	if cmd == nil {
		t.Fatal("enter started no write")
	}
	return run(t, cmd)
}

// The save dialog writes the original bytes readable by the user only,
// asks before overwriting, and shows a failed write without closing.
func TestSaveWritesPrivateAndAsksBeforeOverwrite(t *testing.T) {
	data := []byte("\x89PNG original bytes")
	img := session.Image{Blob: "0123456789abcdef", MIME: "image/png", Name: "shot.png"}
	load := func(sha string) ([]byte, error) {
		if sha != img.Blob {
			return nil, errors.New("unknown blob")
		}
		return data, nil
	}
	d := NewSave(img, load, testStyles())
	if view := plain(d.View(80, 20)); !strings.Contains(view, "path: ./parley-0123456789ab.png") {
		t.Fatalf("default name missing:\n%s", view)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "new.png")
	a, _ := d.Update(saveTo(t, d, path))
	if a != (ActionSaved{Path: path, Bytes: len(data)}) {
		t.Fatalf("the write gave %#v", a)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved file: %v, mode %v, want 0600", err, fi.Mode().Perm())
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Fatalf("saved %q, want the original bytes", got)
	}

	keep := filepath.Join(dir, "keep.png")
	if err := os.WriteFile(keep, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	d = NewSave(img, load, testStyles())
	if a, _ := d.Update(saveTo(t, d, keep)); a != nil {
		t.Fatalf("an existing file closed the dialog with %#v", a)
	}
	if got, _ := os.ReadFile(keep); string(got) != "keep me" || !strings.Contains(flat(d.View(80, 20)), "exists: enter again to overwrite it") {
		t.Fatalf("the existing file was touched (%q) or no question was asked:\n%s", got, plain(d.View(80, 20)))
	}
	_, cmd := d.Update(press(tea.KeyEnter, 0))
	if a, _ := d.Update(run(t, cmd)); a != (ActionSaved{Path: keep, Bytes: len(data)}) {
		t.Fatalf("the confirmed overwrite gave %#v", a)
	}
	if got, _ := os.ReadFile(keep); !bytes.Equal(got, data) {
		t.Fatalf("the confirmed overwrite left %q", got)
	}

	// A directory gets the default name inside it.
	d = NewSave(img, load, testStyles())
	if a, _ := d.Update(saveTo(t, d, dir)); a != (ActionSaved{Path: filepath.Join(dir, "parley-0123456789ab.png"), Bytes: len(data)}) {
		t.Fatalf("saving into a directory gave %#v", a)
	}

	d = NewSave(img, load, testStyles())
	if a, _ := d.Update(saveTo(t, d, filepath.Join(dir, "no", "such", "x.png"))); a != nil {
		t.Fatalf("a failed write closed the dialog with %#v", a)
	}
	if view := flat(d.View(80, 20)); !strings.Contains(view, "no such file") {
		t.Errorf("the failure is not shown:\n%s", view)
	}
	if a, _ := d.Update(press(tea.KeyEscape, 0)); a != (ActionClose{}) {
		t.Errorf("esc gave %#v", a)
	}
}

// Without kept bytes the write says why instead of writing nothing.
func TestSaveWithoutStore(t *testing.T) {
	d := NewSave(session.Image{Blob: "ab", MIME: "image/png"}, nil, testStyles())
	path := filepath.Join(t.TempDir(), "x.png")
	if a, _ := d.Update(saveTo(t, d, path)); a != nil {
		t.Fatalf("a write without bytes gave %#v", a)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) || !strings.Contains(flat(d.View(80, 20)), "no history store") {
		t.Errorf("file %v, view:\n%s", err, plain(d.View(80, 20)))
	}
}
