package config

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSettingsKeySources(t *testing.T) {
	c := load(t, fullConfig+"\n[providers.gemini]\n[providers.cmd]\napi_key_cmd = \"printf '  sk-from-cmd\\n'\"\n", map[string]string{
		"MY_OPENAI":      "sk-openai",
		"OPENAI_API_KEY": "ignored: api_key_env names another var",
		"GOOGLE_API_KEY": "g-key",
	})
	cases := []struct {
		name                  string
		typ, base, key, where string
	}{
		{"openai", "openai", "https://api.openai.com/v1", "sk-openai", "MY_OPENAI"},
		{"gemini", "gemini", "", "g-key", "GOOGLE_API_KEY"},
		{"cmd", "openai", "", "sk-from-cmd", "providers.cmd.api_key_cmd"},
		{"local", "openai", "http://localhost:8080/v1", "", ""},
		{"ollama", "ollama", DefaultOllamaHost, "", ""},
	}
	for _, tc := range cases {
		s, err := c.Settings(tc.name)
		if err != nil {
			t.Errorf("Settings(%s): %v", tc.name, err)
			continue
		}
		if s.Name != tc.name || s.Type != tc.typ || s.BaseURL != tc.base || s.APIKey != tc.key || s.KeySource != tc.where {
			t.Errorf("Settings(%s) = %+v, want type %s base %s key %s from %s", tc.name, s, tc.typ, tc.base, tc.key, tc.where)
		}
	}
}

func TestSettingsGeminiPrefersGeminiKey(t *testing.T) {
	c := load(t, "", map[string]string{"GEMINI_API_KEY": "a", "GOOGLE_API_KEY": "b"})
	s, err := c.Settings("gemini")
	if err != nil || s.APIKey != "a" || s.KeySource != "GEMINI_API_KEY" {
		t.Errorf("gemini = %+v, %v; want GEMINI_API_KEY", s, err)
	}
}

func TestSettingsAPIKeyInConfig(t *testing.T) {
	c := load(t, "[providers.anthropic]\napi_key = \"sk-ant\"\n", map[string]string{"ANTHROPIC_API_KEY": "env"})
	s, err := c.Settings("anthropic")
	if err != nil || s.APIKey != "sk-ant" || s.KeySource != "providers.anthropic.api_key" {
		t.Errorf("anthropic = %+v, %v", s, err)
	}
}

func TestSettingsMissingKeySaysWhatToSet(t *testing.T) {
	c := load(t, fullConfig, nil)
	for name, want := range map[string][]string{
		"openai":    {"MY_OPENAI", "api_key_env", c.Path},
		"anthropic": {"ANTHROPIC_API_KEY", "providers.anthropic.api_key_cmd"},
		"gemini":    {"GEMINI_API_KEY or GOOGLE_API_KEY"},
		"claude":    {"CLAUDE_KEY"},
	} {
		_, err := c.Settings(name)
		if err == nil {
			t.Errorf("Settings(%s) without a key succeeded", name)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Settings(%s) error %q lacks %q", name, err, w)
			}
		}
	}
	if _, err := c.Settings("nowhere"); err == nil || !strings.Contains(err.Error(), "[providers.nowhere]") {
		t.Errorf("unknown provider error = %v", err)
	}
}

func TestSettingsOllamaHost(t *testing.T) {
	for host, want := range map[string]string{
		"":                        DefaultOllamaHost,
		"10.0.0.5":                "http://10.0.0.5:11434",
		"box:9999":                "http://box:9999",
		"https://ollama.example/": "https://ollama.example:11434",
	} {
		c := load(t, "", map[string]string{"OLLAMA_HOST": host})
		s, err := c.Settings("ollama")
		if err != nil || s.BaseURL != want || s.APIKey != "" {
			t.Errorf("OLLAMA_HOST=%q: %+v %v, want base %s", host, s, err, want)
		}
	}
}

func TestKeyCmdFailures(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "leaky")
	// A failing command that prints a secret to both streams: the error
	// must say it failed without repeating either.
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho sk-LEAKED\necho sk-LEAKED >&2\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		script:               "exit status 3",
		"true":               "printed nothing",
		"sleep 5":            "did not finish within",
		"/no/such/program":   "failed",
		"echo 'unterminated": "unterminated",
		"echo \"a\"'b' $x":   "", // succeeds: no shell, so $x is literal
	}
	for cmd, want := range cases {
		c := load(t, "", nil)
		c.Providers = map[string]Provider{"openai": {APIKeyCmd: cmd}}
		c.KeyCmdTimeout = 200 * time.Millisecond
		s, err := c.Settings("openai")
		if want == "" {
			if err != nil || s.APIKey != "ab $x" {
				t.Errorf("%s: key %q, err %v; want \"ab $x\"", cmd, s.APIKey, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", cmd)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "providers.openai.api_key_cmd") {
			t.Errorf("%s: error %q, want %q and the config key", cmd, err, want)
		}
		if strings.Contains(err.Error(), "sk-LEAKED") {
			t.Errorf("%s: error echoes the output: %q", cmd, err)
		}
	}
}

// TestKeyCmdTimeoutFromConfig checks that api_key_cmd_timeout bounds the
// command, per provider, and that the default leaves a slow command (a
// passphrase prompt) time to finish.
func TestKeyCmdTimeoutFromConfig(t *testing.T) {
	c := load(t, "[providers.openai]\napi_key_cmd = \"sleep 5\"\napi_key_cmd_timeout = \"150ms\"\n"+
		"[providers.slow]\napi_key_cmd = \"sh -c 'sleep 0.3; echo k2'\"\n", nil)
	_, err := c.Settings("openai")
	if err == nil || !strings.Contains(err.Error(), "did not finish within 150ms") {
		t.Errorf("openai with a 150ms timeout: err %v", err)
	}
	// A provider without api_key_cmd_timeout gets the default, which a
	// command that takes a while still fits in.
	c.KeyCmdTimeout = 0
	if s, err := c.Settings("slow"); err != nil || s.APIKey != "k2" {
		t.Errorf("slow provider with the default timeout: key %q err %v", s.APIKey, err)
	}
	if defaultKeyCmdTimeout < 30*time.Second {
		t.Errorf("default api_key_cmd timeout %s is too short for a passphrase prompt", defaultKeyCmdTimeout)
	}
}

func TestResolveModelPrecedence(t *testing.T) {
	env := map[string]string{"MY_OPENAI": "k", "CLAUDE_KEY": "k"}
	c := load(t, fullConfig, env)
	cases := []struct {
		flagModel, flagProvider string
		prov, model             string
	}{
		{"", "", "local", "llava"},                              // default_model
		{"claude/claude-opus-4", "", "claude", "claude-opus-4"}, // -m PROVIDER/MODEL
		{"qwen3", "", "local", "qwen3"},                         // -m MODEL: default_model's provider
		{"meta-llama/Llama-3", "", "local", "meta-llama/Llama-3"},
		{"gpt-4.1", "openai", "openai", "gpt-4.1"},    // --provider with -m MODEL
		{"", "openai", "openai", "gpt-4o-mini"},       // --provider alone: its default
		{"", "local", "local", "llava"},               // --provider = default_model's
		{"openai/gpt-5", "openai", "openai", "gpt-5"}, // agreeing flags
	}
	for _, tc := range cases {
		prov, model, hint, err := c.ResolveModel(tc.flagModel, tc.flagProvider, nil)
		if err != nil || prov != tc.prov || model != tc.model || hint != "" {
			t.Errorf("ResolveModel(%q, %q) = %s/%s hint %q err %v; want %s/%s",
				tc.flagModel, tc.flagProvider, prov, model, hint, err, tc.prov, tc.model)
		}
	}
	if _, _, _, err := c.ResolveModel("openai/x", "claude", nil); err == nil {
		t.Error("conflicting -m and --provider must be an error")
	}
	if _, _, _, err := c.ResolveModel("", "nowhere", nil); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("unknown --provider: %v", err)
	}
}

func TestResolveModelAutomatic(t *testing.T) {
	never := func(string) bool { t.Error("probe must not run when a key is set"); return false }
	cases := []struct {
		name, body string
		env        map[string]string
		want       string
	}{
		{"openai key", "", map[string]string{"OPENAI_API_KEY": "k", "GEMINI_API_KEY": "k"}, "openai/gpt-4o-mini"},
		{"anthropic key", "", map[string]string{"ANTHROPIC_API_KEY": "k"}, "anthropic/claude-sonnet-4-5"},
		{"google key", "", map[string]string{"GOOGLE_API_KEY": "k"}, "gemini/gemini-2.5-flash"},
		{"configured first", "[providers.work]\napi_key_env = \"WORK\"\n", map[string]string{"OPENAI_API_KEY": "k", "WORK": "k"}, "work/"},
	}
	for _, tc := range cases {
		c := load(t, tc.body, tc.env)
		prov, model, hint, err := c.ResolveModel("", "", never)
		if err != nil || prov+"/"+model != tc.want {
			t.Errorf("%s: %s/%s %v, want %s", tc.name, prov, model, err, tc.want)
		}
		if strings.HasSuffix(tc.want, "/") && !strings.Contains(hint, "-m work/MODEL") {
			t.Errorf("%s: a provider with no default model needs a hint, got %q", tc.name, hint)
		}
	}
}

func TestResolveModelProbesOllama(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/version" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(`{"version":"0.17.4"}`))
	}))
	defer srv.Close()
	c := load(t, "", map[string]string{"OLLAMA_HOST": srv.URL})
	prov, model, hint, err := c.ResolveModel("", "", versionProbe)
	if err != nil || prov != "ollama" || model != "llama3.2" || hint != "" {
		t.Errorf("with Ollama running: %s/%s hint %q err %v", prov, model, hint, err)
	}
	if s, _ := c.Settings("ollama"); s.BaseURL != srv.URL {
		t.Errorf("ollama base URL %q, want %q", s.BaseURL, srv.URL)
	}

	srv.Close()
	prov, _, hint, err = c.ResolveModel("", "", versionProbe)
	if err != nil || prov != "openai" {
		t.Fatalf("nothing usable: provider %q err %v", prov, err)
	}
	for _, want := range []string{"OPENAI_API_KEY", "[providers.local] base_url", `default_model = "local/MODEL"`, "-m local/MODEL", c.Path, srv.URL} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint %q lacks %q", hint, want)
		}
	}
}

// TestNothingUsableHintCanBeFollowed does what the hint says, with a
// model name, and checks that a model is then chosen without a new hint.
func TestNothingUsableHintCanBeFollowed(t *testing.T) {
	c := load(t, "", map[string]string{"OLLAMA_HOST": "127.0.0.1:1"})
	_, _, hint, _ := c.ResolveModel("", "", func(string) bool { return false })
	if !strings.Contains(hint, `[providers.local] base_url = "http://localhost:8080/v1" and default_model = "local/MODEL"`) {
		t.Fatalf("hint %q does not give a complete local setup", hint)
	}
	c = load(t, "default_model = \"local/qwen3\"\n[providers.local]\nbase_url = \"http://localhost:8080/v1\"\n", nil)
	prov, model, hint, err := c.ResolveModel("", "", nil)
	if err != nil || prov != "local" || model != "qwen3" || hint != "" {
		t.Errorf("with the hint followed: %s/%s hint %q err %v", prov, model, hint, err)
	}
	c = load(t, "[providers.local]\nbase_url = \"http://localhost:8080/v1\"\n", nil)
	prov, model, hint, err = c.ResolveModel("local/qwen3", "", nil)
	if err != nil || prov != "local" || model != "qwen3" || hint != "" {
		t.Errorf("with -m local/MODEL: %s/%s hint %q err %v", prov, model, hint, err)
	}
}

func TestResolveModelHintForExplicitProviderWithoutKey(t *testing.T) {
	c := load(t, "default_model = \"anthropic/claude-haiku-4-5\"\n", map[string]string{"OPENAI_API_KEY": "k"})
	prov, model, hint, err := c.ResolveModel("", "", nil)
	if err != nil || prov != "anthropic" || model != "claude-haiku-4-5" || !strings.Contains(hint, "ANTHROPIC_API_KEY") {
		t.Errorf("got %s/%s hint %q err %v; want a hint naming ANTHROPIC_API_KEY", prov, model, hint, err)
	}
}

func TestBaseURLOverrideNeedsNoKey(t *testing.T) {
	c := load(t, "", nil)
	c.BaseURL = "http://127.0.0.1:8080/v1"
	prov, model, hint, err := c.ResolveModel("", "", func(string) bool { t.Error("no probe with --base-url"); return false })
	if err != nil || prov != "openai" || model != "gpt-4o-mini" || hint != "" {
		t.Fatalf("--base-url alone: %s/%s hint %q err %v", prov, model, hint, err)
	}
	s, err := c.Settings("openai")
	if err != nil || s.BaseURL != c.BaseURL || s.APIKey != "" {
		t.Errorf("Settings = %+v, %v", s, err)
	}
	// The override belongs to the chosen provider only.
	c.Env = fakeEnv(map[string]string{"ANTHROPIC_API_KEY": "k"})
	if s, _ := c.Settings("anthropic"); s.BaseURL != "" {
		t.Errorf("anthropic took the openai override: %q", s.BaseURL)
	}
	// With a key, the key is still sent to the overridden endpoint.
	c.Env = fakeEnv(map[string]string{"OPENAI_API_KEY": "sk"})
	if s, _ := c.Settings("openai"); s.APIKey != "sk" || s.KeySource != "OPENAI_API_KEY" {
		t.Errorf("key with override: %+v", s)
	}
}

func TestKeyCmdRunsOnce(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "key")
	count := filepath.Join(dir, "count")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho run >> \"$1\"\necho sk-cmd\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := load(t, "", nil)
	c.Providers = map[string]Provider{"openai": {APIKeyCmd: script + " '" + count + "'"}}
	for range 3 {
		if s, err := c.Settings("openai"); err != nil || s.APIKey != "sk-cmd" {
			t.Fatalf("Settings = %+v, %v", s, err)
		}
	}
	if b, _ := os.ReadFile(count); strings.Count(string(b), "run") != 1 {
		t.Errorf("api_key_cmd ran %d times, want once", strings.Count(string(b), "run"))
	}
}

// versionProbe stands in for the probe main passes (ollama.Probe, bounded
// to a few hundred milliseconds): Ollama answers GET /api/version.
func versionProbe(baseURL string) bool {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(strings.TrimRight(baseURL, "/") + "/api/version")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
