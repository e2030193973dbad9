package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/media/audio"
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
