package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/session"
)

// fixture is a config file and a data directory that does not exist yet.
type fixture struct {
	config, data string
	env          func(string) (string, bool)
}

func newFixture(t *testing.T, body string, perm os.FileMode) fixture {
	t.Helper()
	dir := t.TempDir()
	f := fixture{config: filepath.Join(dir, "config.toml"), data: filepath.Join(dir, "data")}
	if err := os.WriteFile(f.config, []byte(body), perm); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"OPENAI_API_KEY": "k", "HOME": dir}
	f.env = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	return f
}

func (f fixture) options() Options {
	return Options{ConfigPath: f.config, DataDir: f.data, LookupEnv: f.env}
}

// open is Open that closes the App when the test ends.
func open(t *testing.T, o Options) (*App, error) {
	t.Helper()
	a, err := Open(o)
	if a != nil {
		t.Cleanup(a.Close)
	}
	return a, err
}

func TestOpenKeepsNothingWithNoSave(t *testing.T) {
	f := newFixture(t, "", 0o600)
	o := f.options()
	o.NoSave = true
	a, err := open(t, o)
	if err != nil {
		t.Fatal(err)
	}
	if a.Store != nil || a.Log != nil {
		t.Errorf("--no-save opened store %v, log %v", a.Store, a.Log)
	}
	if _, err := os.Stat(f.data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--no-save made the data directory (%v)", err)
	}
	turn, err := a.Turns(a.Model)
	if err != nil || turn.Store != nil || turn.Provider == nil {
		t.Errorf("Turns(%q) = %+v, %v; want a Turn that saves nothing", a.Model, turn, err)
	}
	// The chat keeps its log even so: there is no other place for errors.
	o.TUI = true
	a, err = open(t, o)
	if err != nil || a.Log == nil || a.Store != nil {
		t.Fatalf("TUI --no-save: log %v store %v err %v; want the log only", a.Log, a.Store, err)
	}
	if _, err := os.Stat(filepath.Join(f.data, "parley.log")); err != nil {
		t.Errorf("TUI --no-save: %v", err)
	}
}

func TestOpenChoosesTheModelAndStore(t *testing.T) {
	f := newFixture(t, "default_model = \"openai/gpt-test\"\n", 0o600)
	o := f.options()
	o.BaseURL = "http://127.0.0.1:1/v1"
	a, err := open(t, o)
	if err != nil {
		t.Fatal(err)
	}
	if a.Model != "openai/gpt-test" || a.Hint != "" || a.Store == nil || a.Conversation != nil || a.Config.BaseURL != o.BaseURL {
		t.Errorf("model %q hint %q store %v conversation %v base %q", a.Model, a.Hint, a.Store, a.Conversation, a.Config.BaseURL)
	}
	turn, err := a.Turns(a.Model)
	if err != nil || turn.Store != a.Store || turn.Model != "gpt-test" || turn.Caps == nil {
		t.Errorf("Turns = %+v, %v", turn, err)
	}
	if _, err := a.Turns("gpt-test"); err == nil || !strings.Contains(err.Error(), "want PROVIDER/MODEL") {
		t.Errorf("Turns without a provider: %v", err)
	}
	if b, err := a.Images(); b != nil || err != nil {
		t.Errorf("no [images]: %v %v, want none", b, err)
	}
}

func TestOpenContinueAndResumeErrors(t *testing.T) {
	f := newFixture(t, "", 0o600)
	for _, c := range []struct {
		cont   bool
		resume string
		want   string
	}{
		{true, "", "--continue: there is no conversation yet"},
		{false, "x", `--resume "x": want a conversation ID (a number)`},
		{false, "9", "--resume 9: no such conversation"},
	} {
		o := f.options()
		o.Continue, o.Resume, o.NoSave = c.cont, c.resume, true // -c and -r read the store even so
		if _, err := open(t, o); err == nil || err.Error() != c.want {
			t.Errorf("-c %v -r %q: %v, want %q", c.cont, c.resume, err, c.want)
		}
	}
}

func TestOpenImageBackendAndWarnings(t *testing.T) {
	f := newFixture(t, "[providers.openai]\napi_key = \"secret\"\n", 0o644)
	o := f.options()
	var warns bytes.Buffer
	o.Image, o.Size, o.Warnings = true, "9x9", &warns
	a, err := open(t, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.ImageBackend()
	if err != nil || b.Provider != "openai" || b.Model != "gpt-image-1" || b.Size != "9x9" {
		t.Errorf("image backend %+v, %v", b, err)
	}
	if got := warns.String(); !strings.HasPrefix(got, "parley: warning: ") || !strings.Contains(got, "chmod 600") ||
		strings.Contains(got, "secret") {
		t.Errorf("warnings %q", got)
	}
}

// TestResumeModelForHistory: a conversation opened from the history gets
// its last model while its provider has a key, else the default and why;
// the chat's own choice is untouched.
func TestResumeModelForHistory(t *testing.T) {
	f := newFixture(t, "", 0o600)
	a, err := open(t, f.options())
	if err != nil {
		t.Fatal(err)
	}
	start := a.Model
	model, reason := a.ResumeModel(&session.Conversation{Provider: "openai", Model: "gpt-4.1"})
	if model != "openai/gpt-4.1" || reason != "" {
		t.Errorf("openai conversation: %q, %q; want its own model and no reason", model, reason)
	}
	model, reason = a.ResumeModel(&session.Conversation{Provider: "gemini", Model: "gemini-2.5-pro"})
	if model != start || !strings.Contains(reason, "gemini/gemini-2.5-pro") || !strings.Contains(reason, "GEMINI_API_KEY") {
		t.Errorf("gemini conversation without a key: %q, %q; want %s and a reason naming the key", model, reason, start)
	}
	if a.Model != start {
		t.Errorf("the chat's model changed to %q", a.Model)
	}
}
