package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadString(t *testing.T, text string) (*Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, err := Load(path)
	return c, err
}

func TestFilesKeys(t *testing.T) {
	c, err := loadString(t, "[files]\nmax_text_size = \"2MB\"\nmax_pages = 50\nvideo_frames = 4\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxTextBytes() != 2<<20 || c.Files.MaxPages != 50 || c.Files.VideoFrames != 4 {
		t.Fatalf("files %+v, %d bytes", c.Files, c.MaxTextBytes())
	}
	c, err = loadString(t, "")
	if err != nil || c.MaxTextBytes() != 0 {
		t.Fatalf("default: %v %d", err, c.MaxTextBytes())
	}
	bad := map[string]string{
		"[files]\nmax_text_size = \"huge\"\n": ":2: files.max_text_size",
		"[files]\nmax_text_size = \"1GB\"\n":  "files.max_text_size",
		"[files]\nmax_pages = -1\n":           ":2: files.max_pages",
		"[files]\nvideo_frames = 1000\n":      "files.video_frames",
		"[files]\npages = 3\n":                "unknown key \"files.pages\"",
	}
	for text, want := range bad {
		if _, err := loadString(t, text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", text, err, want)
		}
	}
}

func TestParseSize(t *testing.T) {
	for s, want := range map[string]int64{"1MB": 1 << 20, "512KB": 512 << 10, "2 MiB": 2 << 20, "1000": 1000, "1.5M": 3 << 19} {
		if n, err := ParseSize(s); err != nil || n != want {
			t.Errorf("%q: %d %v", s, n, err)
		}
	}
	if _, err := ParseSize("-1"); err == nil {
		t.Error("negative size parsed")
	}
}
