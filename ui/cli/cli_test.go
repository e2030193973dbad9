package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/session"
)

func TestDevicesNullBackend(t *testing.T) {
	var out bytes.Buffer
	if err := devices(&out, []malgo.Backend{audio.BackendNull}); err != nil {
		t.Fatal(err)
	}
	want := "inputs (microphones):\n  * NULL Capture Device  (default)\noutputs (speakers):\n  * NULL Playback Device  (default)\n"
	if out.String() != want {
		t.Errorf("devices wrote %q, want %q", out.String(), want)
	}
}

func TestWriteDevicesSanitizesNames(t *testing.T) {
	var out bytes.Buffer
	writeDevices(&out, "inputs", []audio.Device{{Name: "evil\x1b[2Jmic", ID: "hw:1,0"}, {Name: "USB", ID: "USB"}})
	if got, want := out.String(), "inputs:\n    evilmic  [hw:1,0]\n    USB\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestOutputPath(t *testing.T) {
	dir := t.TempDir()
	img := session.Image{Blob: "0123456789abcdef0123", MIME: "image/png"}
	jpg := session.Image{Blob: "fedcba9876543210", MIME: "image/jpeg"}
	cases := []struct {
		out  string
		img  session.Image
		i    int
		want string
	}{
		{"", img, 0, "parley-0123456789ab.png"},
		{"", jpg, 0, "parley-fedcba987654.jpg"},
		{dir, img, 0, filepath.Join(dir, "parley-0123456789ab.png")},
		{"fox.png", img, 0, "fox.png"},
		{"fox.png", img, 1, "fox-2.png"},
		{"out/fox", img, 2, "out/fox-3"},
	}
	for _, tc := range cases {
		if got := outputPath(tc.out, tc.img, tc.i); got != tc.want {
			t.Errorf("outputPath(%q, %s, %d) = %q, want %q", tc.out, tc.img.MIME, tc.i, got, tc.want)
		}
	}
}

func TestAttachPathsStdin(t *testing.T) {
	paths, cleanup, err := attachPaths(context.Background(), []string{"a.png", "-"}, strings.NewReader("piped bytes"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || paths[0] != "a.png" {
		t.Fatalf("paths = %v", paths)
	}
	if b, err := os.ReadFile(paths[1]); err != nil || string(b) != "piped bytes" {
		t.Errorf("stdin copy: %q %v", b, err)
	}
	if fi, err := os.Stat(paths[1]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("stdin copy mode: %v %v", fi, err)
	}
	cleanup()
	if _, err := os.Stat(filepath.Dir(paths[1])); !os.IsNotExist(err) {
		t.Errorf("cleanup left %s", filepath.Dir(paths[1]))
	}
	if _, _, err := attachPaths(context.Background(), []string{"-", "-"}, strings.NewReader("")); err == nil {
		t.Error("two - must be refused")
	}
}

// loadConfig writes and loads a config file.
