package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfig writes a config file with mode perm and returns its path.
func writeConfig(t *testing.T, body string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(body), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // umask may have masked bits
		t.Fatal(err)
	}
	return path
}

// fakeEnv returns an Env backed by a map.
func fakeEnv(vars map[string]string) Env {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

// load loads body with the given env, failing the test on error.
func load(t *testing.T, body string, env map[string]string) *Config {
	t.Helper()
	c, _, err := Load(writeConfig(t, body, 0o600))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	c.Env = fakeEnv(env)
	return c
}

const fullConfig = `# parley config
default_model = "local/llava"
theme = "light"
image_protocol = "sixel"
image_max_rows = 20

[providers.openai]
api_key_env = "MY_OPENAI"
base_url = "https://api.openai.com/v1"

[providers.local]
base_url = "http://localhost:8080/v1"

[providers.claude]
type = "anthropic"
api_key_env = "CLAUDE_KEY"

[models."local/llava"]
images = true
max_image_edge = 1024
audio = false

[audio]
input_device = "default"
max_record = "5m"

[transcription]
provider = "openai"
model = "whisper-1"

[images]
provider = "openai"
model = "gpt-image-1"
size = "1024x1024"
`

func TestLoadFullSchema(t *testing.T) {
	c := load(t, fullConfig, nil)
	if c.DefaultModel != "local/llava" || c.Theme != "light" || c.ImageProtocol != "sixel" || c.ImageMaxRows != 20 {
		t.Errorf("top-level keys: %+v", c)
	}
	if got := c.Providers["local"].Type; got != "openai" {
		t.Errorf("a custom provider without type: type %q, want openai", got)
	}
	if got := c.Providers["openai"].Type; got != "openai" {
		t.Errorf("built-in openai: type %q", got)
	}
	if got := c.Providers["claude"].Type; got != "anthropic" {
		t.Errorf("claude: type %q", got)
	}
	m := c.Models["local/llava"]
	if m.Images == nil || !*m.Images || m.MaxImageEdge == nil || *m.MaxImageEdge != 1024 {
		t.Errorf("model override: %+v", m)
	}
	if m.Audio == nil || *m.Audio {
		t.Errorf("audio = false must be set and false, got %v", m.Audio)
	}
	if m.PDF != nil || m.ContextWindow != nil {
		t.Errorf("unset overrides must stay nil: %+v", m)
	}
	if c.Audio.MaxRecord != "5m" || c.Transcription.Model != "whisper-1" || c.Images.Size != "1024x1024" {
		t.Errorf("reserved sections: %+v %+v %+v", c.Audio, c.Transcription, c.Images)
	}
	if want := []string{"openai", "local", "claude"}; strings.Join(c.order, ",") != strings.Join(want, ",") {
		t.Errorf("provider order %v, want %v", c.order, want)
	}
}

func TestLoadMissingFileGivesDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.toml")
	c, warns, err := Load(path)
	if err != nil || len(warns) != 0 {
		t.Fatalf("Load(missing) = %v, %v", warns, err)
	}
	if c.Path != path || c.DefaultModel != "" || len(c.Providers) != 0 {
		t.Errorf("defaults: %+v", c)
	}
}

func TestLoadErrorsNameKeyAndLine(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string
	}{
		{"unknown top-level key", "theme = \"dark\"\ncolour = \"red\"\n", []string{":2:", `"colour"`}},
		{"unknown provider key", "[providers.openai]\nbase_url = \"x\"\n\n  api_kee = \"k\"\n", []string{":4:", "providers.openai.api_kee"}},
		{"unknown key in quoted table", "[models.\"local/llava\"]\nimages = true\nvision = true\n", []string{":3:", `models.\"local/llava\".vision`}},
		{"unknown table", "[providers.openai]\n[speaker]\nx = 1\n", []string{":2:", `"speaker"`}},
		{"unknown key after a multi-line string", "default_model = \"openai/x\"\n[providers.a]\nbase_url = \"\"\"\nfoo = 1\n\"\"\"\nfoo = 2\n", []string{":6:", "providers.a.foo"}},
		{"bad type", "[providers.x]\ntype = \"grpc\"\n", []string{":2:", "providers.x.type", "grpc"}},
		{"built-in with other type", "[providers.gemini]\ntype = \"openai\"\n", []string{":2:", "providers.gemini.type"}},
		{"default_model without provider", "\ndefault_model = \"gpt-4o\"\n", []string{":2:", "default_model", "PROVIDER/MODEL"}},
		{"default_model unknown provider", "default_model = \"nowhere/m\"\n", []string{":1:", "nowhere"}},
		{"bad theme", "theme = \"Pink Floyd\"\n", []string{":1:", "theme"}},
		{"bad duration", "[audio]\nmax_record = \"long\"\n", []string{":2:", "audio.max_record"}},
		{"bad key command timeout", "[providers.openai]\napi_key_cmd = \"pass x\"\napi_key_cmd_timeout = \"soon\"\n", []string{":3:", "providers.openai.api_key_cmd_timeout", "soon"}},
		{"zero key command timeout", "[providers.openai]\napi_key_cmd_timeout = \"0s\"\n", []string{":2:", "providers.openai.api_key_cmd_timeout"}},
		{"bad image_tokens", "[models.\"local/x\"]\nimages = true\nimage_tokens = \"tiles\"\n", []string{":3:", `models.local/x.image_tokens`, "tiles", "openai-tiles"}},
		{"bad image_formats", "[models.\"local/x\"]\nimage_formats = [\"png\"]\n", []string{":2:", "image_formats", `"png"`}},
		{"wrong value type", "[models.\"a/b\"]\nimages = \"yes\"\n", []string{"line 2"}},
		{"syntax error", "theme = \n", []string{"line 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.body, 0o600)
			_, _, err := Load(path)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path) {
				t.Errorf("error %q does not name the file", msg)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestKeyLinesInlineTableFallsBackToParent(t *testing.T) {
	ix := keyLines("a = 1\n[providers]\nlocal = { base_url = \"x\", typo = 1 }\n")
	if got := ix.find([]string{"providers", "local", "typo"}); got != 3 {
		t.Errorf("line of a key inside an inline table = %d, want 3", got)
	}
	if got := ix.find([]string{"nothing"}); got != 0 {
		t.Errorf("line of an absent key = %d, want 0", got)
	}
}

func TestWarningForReadableFileWithKey(t *testing.T) {
	body := "[providers.openai]\napi_key = \"sk-secret\"\n"
	path := writeConfig(t, body, 0o644)
	_, warns, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 {
		t.Fatalf("warnings = %v, want one", warns)
	}
	w := warns[0].String()
	for _, want := range []string{path, "chmod 600", "providers.openai.api_key"} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q lacks %q", w, want)
		}
	}
	if strings.Contains(w, "sk-secret") {
		t.Errorf("warning leaks the key: %q", w)
	}

	// The same file readable by its owner only, or a readable file with no
	// key in it, is fine.
	for _, tc := range []struct {
		body string
		perm os.FileMode
	}{{body, 0o600}, {"[providers.openai]\napi_key_env = \"K\"\n", 0o644}} {
		if _, warns, err := Load(writeConfig(t, tc.body, tc.perm)); err != nil || len(warns) != 0 {
			t.Errorf("perm %o: warnings %v, err %v; want none", tc.perm, warns, err)
		}
	}
}

func TestPaths(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	path, explicit, err := ConfigPath("", fakeEnv(env))
	if err != nil || explicit || path != filepath.Join(home, ".config", "parley", "config.toml") {
		t.Errorf("default config path = %q, %v, %v", path, explicit, err)
	}
	env["XDG_CONFIG_HOME"] = "/xdg/conf"
	if path, _, _ := ConfigPath("", fakeEnv(env)); path != "/xdg/conf/parley/config.toml" {
		t.Errorf("XDG config path = %q", path)
	}
	env["XDG_CONFIG_HOME"] = "relative/ignored"
	if path, _, _ := ConfigPath("", fakeEnv(env)); path != filepath.Join(home, ".config", "parley", "config.toml") {
		t.Errorf("a relative XDG_CONFIG_HOME must be ignored, got %q", path)
	}
	env["PARLEY_CONFIG"] = "/env/p.toml"
	if path, explicit, _ := ConfigPath("", fakeEnv(env)); path != "/env/p.toml" || !explicit {
		t.Errorf("PARLEY_CONFIG: %q %v", path, explicit)
	}
	if path, explicit, _ := ConfigPath("/flag.toml", fakeEnv(env)); path != "/flag.toml" || !explicit {
		t.Errorf("--config beats PARLEY_CONFIG: %q %v", path, explicit)
	}

	dir, err := DataDir("", fakeEnv(env))
	if err != nil || dir != filepath.Join(home, ".local", "share", "parley") {
		t.Fatalf("default data dir = %q, %v", dir, err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("data dir mode: %v %v, want 0700", fi.Mode().Perm(), err)
	}
	env["XDG_DATA_HOME"] = filepath.Join(home, "xdgdata")
	if dir, _ := DataDir("", fakeEnv(env)); dir != filepath.Join(home, "xdgdata", "parley") {
		t.Errorf("XDG data dir = %q", dir)
	}
	env["PARLEY_DATA_DIR"] = filepath.Join(home, "envdata")
	if dir, _ := DataDir("", fakeEnv(env)); dir != env["PARLEY_DATA_DIR"] {
		t.Errorf("PARLEY_DATA_DIR: %q", dir)
	}
	flagDir := filepath.Join(home, "flagdata")
	if dir, _ := DataDir(flagDir, fakeEnv(env)); dir != flagDir {
		t.Errorf("--data-dir beats PARLEY_DATA_DIR: %q", dir)
	}
}

func TestOpenExplicitMissingFileIsAnError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo.toml")
	if _, _, err := Open(missing, fakeEnv(nil)); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Open(missing --config) err = %v, want one naming the file", err)
	}
	env := fakeEnv(map[string]string{"HOME": t.TempDir()})
	c, _, err := Open("", env)
	if err != nil {
		t.Fatalf("Open with no config file: %v", err)
	}
	if v, _ := c.Env("HOME"); v == "" {
		t.Error("Open must keep the given Env")
	}
}
