package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/session"
	"parley/session/config"
)

func TestAudioBackends(t *testing.T) {
	if b, err := AudioBackends(""); b != nil || err != nil {
		t.Errorf(`"" = %v %v, want the default list (nil)`, b, err)
	}
	if b, err := AudioBackends(" NULL "); err != nil || len(b) != 1 || b[0] != audio.BackendNull {
		t.Errorf("null = %v %v, want miniaudio's null backend (14)", b, err)
	}
	if _, err := AudioBackends("sox"); err == nil || !strings.Contains(err.Error(), "PARLEY_AUDIO_BACKEND") {
		t.Errorf("sox: %v", err)
	}
}

func TestDevicesNullBackend(t *testing.T) {
	var out bytes.Buffer
	if err := Devices(&out, []malgo.Backend{audio.BackendNull}); err != nil {
		t.Fatal(err)
	}
	want := "inputs (microphones):\n  * NULL Capture Device  (default)\noutputs (speakers):\n  * NULL Playback Device  (default)\n"
	if out.String() != want {
		t.Errorf("Devices wrote %q, want %q", out.String(), want)
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
	paths, cleanup, err := AttachPaths([]string{"a.png", "-"}, strings.NewReader("piped bytes"))
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
	if _, _, err := AttachPaths([]string{"-", "-"}, strings.NewReader("")); err == nil {
		t.Error("two - must be refused")
	}
}

// loadConfig writes and loads a config file.
func loadConfig(t *testing.T, body string, env map[string]string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Env = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	return c
}

func TestServices(t *testing.T) {
	c := loadConfig(t, "", nil)
	tr, images, err := Services(c)
	if tr != nil || images != nil || err != nil {
		t.Errorf("no key, no [images]: %v %v %v; want nothing", tr, images, err)
	}
	c = loadConfig(t, "[images]\nprovider = \"gemini\"\nsize = \"1024x1024\"\n",
		map[string]string{"OPENAI_API_KEY": "k", "GEMINI_API_KEY": "g"})
	tr, images, err = Services(c)
	if tr == nil || err != nil {
		t.Fatalf("transcriber %v, err %v", tr, err)
	}
	if images == nil || images.Provider != "gemini" || images.Model != "gemini-2.5-flash-image" || images.Size != "1024x1024" ||
		images.Generator == nil || images.Partials != 2 {
		t.Errorf("images = %+v", images)
	}
	c = loadConfig(t, "[images]\nmodel = \"gpt-image-1\"\n", nil)
	if _, _, err := Services(c); err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("[images] without a key: %v", err)
	}
}
