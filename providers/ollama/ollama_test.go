package ollama

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"parley/providers"
)

func TestParseBaseURL(t *testing.T) {
	cases := map[string]string{
		"":                           "http://127.0.0.1:11434",
		"localhost":                  "http://localhost:11434",
		"0.0.0.0:8080":               "http://0.0.0.0:8080",
		"http://gpu-box":             "http://gpu-box:80",
		"https://ollama.example.com": "https://ollama.example.com:443",
		"http://127.0.0.1:11434/":    "http://127.0.0.1:11434",
		"https://host:8443/ollama/":  "https://host:8443/ollama",
		"[::1]:11434":                "http://[::1]:11434",
		"::1":                        "http://[::1]:11434",
	}
	for in, want := range cases {
		u, err := ParseBaseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseBaseURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	for _, bad := range []string{"ftp://host", "http://"} {
		if _, err := ParseBaseURL(bad); err == nil {
			t.Errorf("ParseBaseURL(%q) accepted", bad)
		}
	}
	if _, err := New(providers.Settings{Name: "local", BaseURL: "ftp://x"}); err == nil ||
		!strings.Contains(err.Error(), `provider "local"`) {
		t.Errorf("New with a bad URL: %v", err)
	}
}

func TestProbe(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		if r.URL.Path == "/api/version" {
			io.WriteString(w, `{"version":"0.17.4"}`)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if !Probe(ctx, srv.URL, nil) {
		t.Error("Probe of a running server = false")
	}
	if len(paths) != 1 || paths[0] != "/api/version" {
		t.Errorf("probe asked %v", paths)
	}
	if Probe(ctx, closedPortURL(t), srv.Client()) {
		t.Error("Probe of a closed port = true")
	}
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	if Probe(ctx, other.URL, nil) {
		t.Error("Probe of a server without /api/version = true")
	}
	// A server that never answers is given up on when the context ends.
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer silent.Close()
	defer close(release)
	short, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if Probe(short, silent.URL, nil) {
		t.Error("Probe of a silent server = true")
	}
}

const tagsJSON = `{"models":[
 {"name":"llava:latest","model":"llava:latest","modified_at":"2025-01-01T00:00:00Z","size":4733363377,"digest":"8dd3","details":{"format":"gguf","family":"llama","families":["llama","clip"],"parameter_size":"7B","quantization_level":"Q4_0"}},
 {"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-01-01T00:00:00Z","size":2019393189,"digest":"a80c","details":{"format":"gguf","family":"llama","families":["llama"],"parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
 {"name":"my-vision:latest","model":"my-vision:latest","modified_at":"2025-01-01T00:00:00Z","size":1,"digest":"ffff","details":{"format":"gguf","family":"qwen2","families":["qwen2"]}},
 {"name":"old-server-model:latest","model":"old-server-model:latest","modified_at":"2025-01-01T00:00:00Z","size":1,"digest":"eeee","details":{}}
]}`

func TestModels(t *testing.T) {
	shows := map[string]string{
		"llava:latest":     `{"capabilities":["completion","vision"],"model_info":{"general.architecture":"llama","llama.context_length":32768}}`,
		"llama3.2:latest":  `{"capabilities":["completion","tools"],"model_info":{"general.architecture":"llama","llama.context_length":131072}}`,
		"my-vision:latest": `{"capabilities":["completion","vision"],"model_info":{"general.architecture":"qwen25vl","qwen25vl.context_length":128000}}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/tags":
			io.WriteString(w, tagsJSON)
		case "/api/show":
			var body struct{ Model string }
			b, _ := io.ReadAll(r.Body)
			_ = json.Unmarshal(b, &body)
			if s, ok := shows[body.Model]; ok {
				io.WriteString(w, s)
				return
			}
			w.WriteHeader(404)
			io.WriteString(w, `{"error":"model not found"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	p, _ := testProvider(t, providers.Settings{BaseURL: srv.URL})
	models, err := p.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]providers.Caps{}
	for _, m := range models {
		got[m.ID] = m.Caps
	}
	if len(models) != 4 {
		t.Fatalf("models: %v", models)
	}
	if c := got["llava:latest"]; !c.Images || c.ContextWindow != 32768 || c.MaxImageEdge != 1344 || c.Tools {
		t.Errorf("llava: %+v", c)
	}
	if c := got["llama3.2:latest"]; c.Images || !c.Tools || c.ContextWindow != 131072 {
		t.Errorf("llama3.2: %+v", c)
	}
	if c := got["my-vision:latest"]; !c.Images || !c.AcceptsImage("image/webp") || c.ContextWindow != 128000 {
		t.Errorf("unknown model the server says can see: %+v", c)
	}
	if c := got["old-server-model:latest"]; c.Images {
		t.Errorf("model without show info should keep the text-only default: %+v", c)
	}
}

func TestModelsUnreachable(t *testing.T) {
	url := closedPortURL(t)
	p, _ := testProvider(t, providers.Settings{BaseURL: url})
	_, err := p.Models(context.Background())
	wantKind(t, err, providers.ErrConnection, "cannot reach Ollama at "+url+" (is `ollama serve` running?)")
}
