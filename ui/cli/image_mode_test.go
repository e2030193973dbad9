package cli

import (
	"os"
	"path/filepath"
	"testing"

	"parley/providers/providertest"
	"parley/session"
)

// `parley image -o` writes the picture 0600, like every other export: a
// generated picture may show what the prompt was about (issue 15, item 11).
func TestWriteImageIsPrivate(t *testing.T) {
	store, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	img, err := store.AddImage(providertest.GradientPNG(t, 8, 8, 0), "g.png")
	if err != nil {
		t.Fatal(err)
	}
	path, err := writeImage(store, img, filepath.Join(t.TempDir(), "out.png"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("image file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}
