package ollama

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// showAndChat is a fake Ollama that answers /api/show with a model of
// context length ctxLen and /api/chat with a short reply.
func showAndChat(t *testing.T, ctxLen int) *providertest.Server {
	return providertest.NewServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/api/show":
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{
				"capabilities": []string{"completion"},
				"model_info":   map[string]any{"general.architecture": "qwen3", "qwen3.context_length": ctxLen},
			})
		case "/api/chat":
			ndjson(chunk("ok"), doneLine)(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

// chatOptions returns the options of every /api/chat body, and how many
// /api/show requests came (and for which model).
func chatOptions(t *testing.T, srv *providertest.Server) (opts []map[string]any, shows []string) {
	for _, r := range srv.Requests() {
		var body struct {
			Model   string         `json:"model"`
			Options map[string]any `json:"options"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("%s body: %v", r.Path, err)
		}
		switch r.Path {
		case "/api/show":
			shows = append(shows, body.Model)
		case "/api/chat":
			opts = append(opts, body.Options)
		}
	}
	return opts, shows
}

func longRequest(textBytes int) providers.Request {
	return providers.Request{Model: "qwen3:8b", System: "Be brief.", MaxTokens: 1000,
		Messages: []providers.Message{{Role: providers.RoleUser,
			Parts: []providers.Part{providers.TextPart{Text: strings.Repeat("word ", textBytes/5)}}}}}
}

func TestNumCtxFitsTheRequest(t *testing.T) {
	srv := showAndChat(t, 40960)
	p, _ := testProvider(t, providers.Settings{BaseURL: srv.URL})
	// 60 000 bytes ≈ 15 000 tokens + 1000 for the reply → 16 384; 100
	// bytes fit any default and ask nothing.
	for _, size := range []int{60000, 100} {
		if r := providertest.Collect(t, p.Stream(context.Background(), longRequest(size))); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	// 200 000 bytes ≈ 50 000 tokens: capped at the model's 40 960.
	if r := providertest.Collect(t, p.Stream(context.Background(), longRequest(200000))); r.Err != nil {
		t.Fatal(r.Err)
	}
	opts, shows := chatOptions(t, srv)
	if len(shows) != 1 || shows[0] != "qwen3:8b" {
		t.Errorf("/api/show asked %v, want once for qwen3:8b", shows)
	}
	// The short request fits any default: no num_ctx (nil).
	want := []any{float64(16384), nil, float64(40960)}
	for i, o := range opts {
		if o["num_ctx"] != want[i] || o["num_predict"] != float64(1000) {
			t.Errorf("request %d options %v, want num_ctx %v", i+1, o, want[i])
		}
	}
}

func TestNumCtxOmittedWhenServerCannotSay(t *testing.T) {
	srv := providertest.NewServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/api/chat" {
			ndjson(chunk("ok"), doneLine)(w, r)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":"model not found"}`)
	})
	p, _ := testProvider(t, providers.Settings{BaseURL: srv.URL})
	for range 2 {
		if r := providertest.Collect(t, p.Stream(context.Background(), longRequest(20000))); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	opts, shows := chatOptions(t, srv)
	if len(shows) != 1 {
		t.Errorf("a 404 from /api/show is asked again: %d shows", len(shows))
	}
	for _, o := range opts {
		if _, ok := o["num_ctx"]; ok {
			t.Errorf("num_ctx sent without a known context length: %v", o)
		}
	}
}
