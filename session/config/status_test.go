package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestProviderNamesAndDescribe(t *testing.T) {
	c := load(t, fullConfig+"\n[providers.vault]\napi_key_cmd = \"false\"\n", map[string]string{
		"MY_OPENAI":      "sk-openai",
		"GOOGLE_API_KEY": "g-key",
		"OLLAMA_HOST":    "gpu-box",
	})
	want := []string{"openai", "local", "claude", "vault", "anthropic", "gemini", "ollama"}
	if got := c.ProviderNames(); !reflect.DeepEqual(got, want) {
		t.Errorf("ProviderNames = %v, want %v", got, want)
	}
	cases := []ProviderInfo{
		{Name: "openai", Type: "openai", BaseURL: "https://api.openai.com/v1", NeedsKey: true, KeySource: "MY_OPENAI", DefaultModel: "gpt-4o-mini"},
		{Name: "local", Type: "openai", BaseURL: "http://localhost:8080/v1", DefaultModel: "llava"},
		{Name: "claude", Type: "anthropic", NeedsKey: true},
		{Name: "vault", Type: "openai", NeedsKey: true, KeySource: "providers.vault.api_key_cmd"},
		{Name: "gemini", Type: "gemini", NeedsKey: true, KeySource: "GOOGLE_API_KEY", DefaultModel: "gemini-2.5-flash"},
		{Name: "ollama", Type: "ollama", BaseURL: "http://gpu-box:11434", DefaultModel: "llama3.2"},
	}
	for _, w := range cases {
		got, err := c.Describe(w.Name)
		if err != nil {
			t.Fatal(err)
		}
		hint := got.Hint
		got.Hint = ""
		if got != w {
			t.Errorf("Describe(%s) = %+v, want %+v", w.Name, got, w)
		}
		// Only a provider that needs a key and has none gets a hint, and it
		// names what to set. The api_key_cmd was never run ("false" would
		// have failed).
		if (hint != "") != (w.NeedsKey && w.KeySource == "") {
			t.Errorf("Describe(%s) hint %q", w.Name, hint)
		}
		if hint != "" && !strings.Contains(hint, "CLAUDE_KEY") {
			t.Errorf("claude hint %q does not name CLAUDE_KEY", hint)
		}
	}
	if _, err := c.Describe("nope"); err == nil || !strings.Contains(err.Error(), "[providers.nope]") {
		t.Errorf("unknown provider: %v", err)
	}
}

func TestModelOverridesByProvider(t *testing.T) {
	c := load(t, fullConfig+"\n[models.\"local/qwen\"]\ncontext_window = 32768\nmax_image_pixels = 1000000\n[models.\"ollama/llava\"]\npdf = true\n", nil)
	got := c.ModelOverrides("local")
	if len(got) != 2 || got["llava"].MaxImageEdge == nil || got["qwen"].ContextWindow == nil || *got["qwen"].MaxImagePixels != 1_000_000 {
		t.Errorf("ModelOverrides(local) = %+v", got)
	}
	if o, ok := c.ModelOverride("ollama", "llava"); !ok || o.PDF == nil || !*o.PDF {
		t.Errorf("ModelOverride(ollama, llava) = %+v, %v", o, ok)
	}
	if _, ok := c.ModelOverride("ollama", "qwen"); ok {
		t.Error("ModelOverride(ollama, qwen) found an entry of another provider")
	}
}
