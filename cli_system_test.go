package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sentSystem is the system message of chat request i ("" if none) and
// the model it asked for.
func sentSystem(t *testing.T, f *fakeOpenAI, i int) (system, model string) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if i >= len(f.requests) {
		t.Fatalf("only %d requests", len(f.requests))
	}
	r := f.requests[i]
	for _, m := range r.Messages {
		if m.Role == "system" || m.Role == "developer" {
			var s string
			if json.Unmarshal(m.Content, &s) != nil {
				var parts []contentPart
				json.Unmarshal(m.Content, &parts)
				for _, p := range parts {
					s += p.Text
				}
			}
			return s, r.Model
		}
	}
	return "", r.Model
}

// TestPrintModeSystemAndPersona: --system and --persona reach the model
// as its system message; a persona's model is used unless -m names one; a
// continued conversation keeps its own prompt; an unknown persona is one
// line naming the configured ones.
func TestPrintModeSystemAndPersona(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "ok")
	sb := newSandbox(t)
	cfg := filepath.Join(sb.home, "config.toml")
	os.WriteFile(cfg, []byte(`system_prompt = "from the config"

[personas.reviewer]
system = "You review Go code."
model = "openai/gpt-persona"
`), 0o600)
	env := sb.env("OPENAI_API_KEY=test-key")
	base := []string{"-p", "--config", cfg, "--base-url", f.URL(), "--data-dir", sb.data}
	run := func(args ...string) {
		t.Helper()
		if code, _, errOut := runPrint(t, env, "", append(append([]string{}, base...), args...)...); code != 0 {
			t.Fatalf("%v: exit %d, %q", args, code, errOut)
		}
	}
	run("-m", "gpt-a", "q1")
	run("-m", "gpt-a", "--system", "Be terse.", "q2")
	run("--persona", "reviewer", "q3")
	run("-m", "gpt-b", "--persona", "reviewer", "q4")
	run("-c", "q5") // continues q4's conversation: the persona's prompt, gpt-b
	for i, want := range []struct{ system, model string }{
		{"from the config", "gpt-a"},
		{"Be terse.", "gpt-a"},
		{"You review Go code.", "gpt-persona"},
		{"You review Go code.", "gpt-b"},
		{"You review Go code.", "gpt-b"},
	} {
		if system, model := sentSystem(t, f, i); system != want.system || model != want.model {
			t.Errorf("request %d: system %q model %q, want %q %q", i, system, model, want.system, want.model)
		}
	}
	code, _, errOut := runPrint(t, env, "", append(base, "--persona", "poet", "q")...)
	if code != 1 || !strings.Contains(errOut, `no persona "poet" (configured: reviewer)`) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("--persona poet: exit %d, %q", code, errOut)
	}
}

// TestResumeRestoresModel: -c continues on the model the conversation last
// used; when its provider is gone from the config, the line on stderr says
// which model is used instead and why.
func TestResumeRestoresModel(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "ok")
	sb := newSandbox(t)
	withLocal := filepath.Join(sb.home, "local.toml")
	os.WriteFile(withLocal, []byte("[providers.local]\ntype = \"openai\"\nbase_url = \""+f.URL()+"\"\napi_key = \"test-key\"\n"), 0o600)
	without := filepath.Join(sb.home, "plain.toml")
	os.WriteFile(without, []byte("default_model = \"openai/gpt-default\"\n"), 0o600)
	env := sb.env("OPENAI_API_KEY=test-key")
	if code, _, errOut := runPrint(t, env, "", "-p", "--config", withLocal, "--data-dir", sb.data, "-m", "local/m1", "q1"); code != 0 {
		t.Fatalf("first: exit %d %q", code, errOut)
	}
	if code, _, errOut := runPrint(t, env, "", "-p", "--config", withLocal, "--data-dir", sb.data, "-c", "q2"); code != 0 || errOut != "" {
		t.Fatalf("-c: exit %d %q", code, errOut)
	}
	if _, model := sentSystem(t, f, 1); model != "m1" {
		t.Errorf("-c asked for model %q, want the conversation's m1", model)
	}
	code, _, errOut := runPrint(t, env, "", "-p", "--config", without, "--base-url", f.URL(), "--data-dir", sb.data, "-c", "q3")
	if code != 0 || !strings.Contains(errOut, "parley: this conversation used local/m1, but provider local is no longer configured") ||
		!strings.Contains(errOut, "continuing with openai/gpt-default") {
		t.Errorf("-c without local: exit %d, stderr %q", code, errOut)
	}
	if _, model := sentSystem(t, f, 2); model != "gpt-default" {
		t.Errorf("fallback asked for %q, want gpt-default", model)
	}
}
