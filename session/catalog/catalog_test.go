package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/anthropic"
	"parley/providers/gemini"
	"parley/providers/ollama"
	"parley/providers/openai"
	"parley/session/config"
)

// registry wires every adapter, as main does.
func registry() *providers.Registry {
	r := providers.NewRegistry()
	r.Register("openai", openai.New)
	r.Register("anthropic", anthropic.New)
	r.Register("gemini", gemini.New)
	r.Register("ollama", ollama.New)
	return r
}

// openAIModels speaks GET /v1/models. One ID carries a terminal escape, as
// a hostile or broken server might send.
func openAIModels(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/models" || r.Header.Get("Authorization") != "Bearer sk-openai" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"object":"list","data":[`+
			`{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"},`+
			`{"id":"my-\u001b[31mmodel\u001b]0;pwned\u0007","object":"model","created":1,"owned_by":"me"}]}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// anthropicModels speaks GET /v1/models, accepting only key "sk-ant".
func anthropicModels(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v1/models" || (r.Header.Get("X-Api-Key") != "sk-ant" && r.Header.Get("Authorization") != "Bearer sk-ant") {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_1"}`)
			return
		}
		io.WriteString(w, `{"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],`+
			`"has_more":false,"first_id":"claude-sonnet-4-5-20250929","last_id":"claude-sonnet-4-5-20250929"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// ollamaServer speaks GET /api/tags and POST /api/show.
func ollamaServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/tags":
			io.WriteString(w, `{"models":[`+
				`{"name":"llava:latest","model":"llava:latest","modified_at":"2025-01-01T00:00:00Z","size":4733363377,"digest":"8dd3","details":{"format":"gguf","family":"llama","families":["llama","clip"],"parameter_size":"7B","quantization_level":"Q4_0"}},`+
				`{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-01-01T00:00:00Z","size":2019393189,"digest":"a80c","details":{"format":"gguf","family":"llama","families":["llama"],"parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]}`)
		case "/api/show":
			var body struct{ Model string }
			json.NewDecoder(r.Body).Decode(&body)
			caps := `"completion"`
			if strings.HasPrefix(body.Model, "llava") {
				caps += `,"vision"`
			}
			fmt.Fprintf(w, `{"capabilities":[%s],"model_info":{"general.architecture":"llama","llama.context_length":32768}}`, caps)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// closedURL is an address where nothing listens.
func closedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func loadConfig(t *testing.T, body string, env map[string]string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Env = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	return cfg
}

func TestListEveryKindOfProvider(t *testing.T) {
	oai, ant, oll, dead := openAIModels(t), anthropicModels(t), ollamaServer(t), closedURL(t)
	cfg := loadConfig(t, fmt.Sprintf(`
[providers.openai]
api_key_env = "OPENAI_API_KEY"
base_url = "%s/v1"
[providers.anthropic]
base_url = "%s"
api_key_env = "ANTHROPIC_API_KEY"
[providers.claude2]
type = "anthropic"
base_url = "%s"
api_key_env = "BAD_KEY"
[providers.ollama]
base_url = "%s"
[providers.local]
base_url = "%s/v1"
[models."ollama/llava:latest"]
max_image_edge = 672
[models."gemini/gemini-2.5-pro"]
context_window = 2000000
`, oai.URL, ant.URL, ant.URL, oll.URL, dead), map[string]string{
		"OPENAI_API_KEY": "sk-openai", "ANTHROPIC_API_KEY": "sk-ant", "BAD_KEY": "sk-wrong",
	})
	list, err := List(context.Background(), cfg, registry(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Provider{}
	var names []string
	for _, p := range list {
		got[p.Name] = p
		names = append(names, p.Name)
	}
	if want := "openai anthropic claude2 ollama local gemini"; strings.Join(names, " ") != want {
		t.Errorf("providers %v, want %s", names, want)
	}
	check := func(name string, usable bool, status string, ids ...string) Provider {
		t.Helper()
		p := got[name]
		if p.Usable != usable || !strings.Contains(p.Status, status) {
			t.Errorf("%s: usable %v status %q, want %v and %q", name, p.Usable, p.Status, usable, status)
		}
		var have []string
		for _, m := range p.Models {
			have = append(have, m.ID)
		}
		if strings.Join(have, " ") != strings.Join(ids, " ") {
			t.Errorf("%s: models %q, want %q", name, have, ids)
		}
		return p
	}
	p := check("openai", true, "key set (from OPENAI_API_KEY)", "gpt-4o", "my-model")
	if c := p.Models[0].Caps; !c.Images || c.MaxImageBytes != 20<<20 || c.ContextWindow != 128_000 || !p.Models[0].Listed {
		t.Errorf("gpt-4o caps from the table: %+v", c)
	}
	check("anthropic", true, "key set (from ANTHROPIC_API_KEY)", "claude-sonnet-4-5-20250929")
	check("claude2", false, "BAD_KEY was rejected (401)")
	p = check("ollama", true, "reachable", "llama3.2:latest", "llava:latest")
	if c := p.Models[1].Caps; !c.Images || c.ContextWindow != 32768 || c.MaxImageEdge != 672 {
		t.Errorf("llava: server caps plus the config override: %+v", c)
	}
	check("local", false, "cannot reach "+dead)
	p = check("gemini", false, "no key: set GEMINI_API_KEY or GOOGLE_API_KEY", "gemini-2.5-flash", "gemini-2.5-pro")
	if m := p.Models[1]; m.Listed || m.Caps.ContextWindow != 2_000_000 || !m.Caps.Audio {
		t.Errorf("gemini-2.5-pro from the config: %+v", m)
	}
	if !AnyUsable(list) {
		t.Error("AnyUsable = false")
	}

	var out strings.Builder
	if err := Write(&out, list); err != nil {
		t.Fatal(err)
	}
	text := out.String()

	if strings.ContainsAny(text, "\x1b\x07") {
		t.Errorf("remote text reached the output unsanitized:\n%q", text)
	}
	for _, want := range []string{
		"openai: key set (from OPENAI_API_KEY) at " + oai.URL + "/v1\n",
		"claude2: anthropic protocol, BAD_KEY was rejected (401)\n",
		"\n  gpt-4o    png,jpeg,webp,gif ≤20MB 2048px  -      yes  -          128k",
		"128k",
		"gemini-2.5-pro *",
		"2M",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

// TestListTimeout: a server that accepts the request and never answers is
// reported as such, within the listing's timeout.
func TestListTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	cfg := loadConfig(t, fmt.Sprintf("[providers.ollama]\nbase_url = %q\n", srv.URL), nil)
	list, err := List(context.Background(), cfg, registry(), Options{Only: "ollama", Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Usable || list[0].Status != "no answer from "+srv.URL+" within 200ms" {
		t.Errorf("list = %+v", list)
	}
	if AnyUsable(list) {
		t.Error("AnyUsable = true with nothing usable")
	}
	if _, err := List(context.Background(), cfg, registry(), Options{Only: "nope"}); err == nil {
		t.Error("an unknown provider name was accepted")
	}
}

func TestOpenAINonChatModelsDropped(t *testing.T) {
	info := config.ProviderInfo{Name: "openai", Type: "openai"}
	for id, want := range map[string]bool{
		"gpt-4o": true, "gpt-image-1": true, "o3-mini": true,
		"text-embedding-3-small": false, "tts-1": false, "whisper-1": false, "gpt-4o-transcribe": false,
	} {
		if got := chatModel(info, id); got != want {
			t.Errorf("chatModel(%s) = %v", id, got)
		}
	}
	local := config.ProviderInfo{Name: "local", Type: "openai", BaseURL: "http://localhost:8080/v1"}
	if !chatModel(local, "nomic-embedding") {
		t.Error("a local server's list must be kept whole")
	}
}

func TestCapsOf(t *testing.T) {
	cfg := loadConfig(t, "[providers.local]\nbase_url = \"http://localhost:8080/v1\"\n[models.\"local/llava\"]\nimages = true\nmax_image_edge = 1024\n", nil)
	if c := CapsOf(cfg, "openai/gpt-4o"); !c.Images || c.ContextWindow != 128_000 {
		t.Errorf("openai/gpt-4o: %+v", c)
	}
	if c := CapsOf(cfg, "local/llava"); !c.AcceptsImage("image/png") || c.MaxImageEdge != 1024 {
		t.Errorf("local/llava with its override: %+v", c)
	}
	if c := CapsOf(cfg, "local/some-text-model"); c.Images {
		t.Errorf("an unknown local model must be text-only: %+v", c)
	}
	if c := CapsOf(cfg, "nope/x"); c.Images || c.ContextWindow != 0 {
		t.Errorf("unknown provider: %+v", c)
	}
}
