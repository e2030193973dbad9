package anthropic_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"parley/providers"
	"parley/providers/anthropic"
	"parley/providers/providertest"
)

// TestStreamText drives the real SDK against the exact PROVIDERS.md stream
// and checks both what came back and what the server received, with junk
// in every environment variable the SDK would read by default.
func TestStreamText(t *testing.T) {
	t.Setenv("ANTHROPIC_API_KEY", "sk-ant-from-env-junk")
	t.Setenv("ANTHROPIC_AUTH_TOKEN", "env-token-junk")
	t.Setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9/env-junk")
	t.Setenv("ANTHROPIC_CUSTOM_HEADERS", "X-Env-Junk: 1")
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeSSE(w, reply("Hel", "lo, ", "wörld"))
	})
	p := newProvider(t, f.settings())
	req := simpleRequest()
	req.System = "be brief"
	r := providertest.Collect(t, p.Stream(t.Context(), req))

	if r.Err != nil {
		t.Fatalf("err = %v", r.Err)
	}
	if r.Text != "Hello, wörld" {
		t.Errorf("text = %q", r.Text)
	}
	if r.Usage == nil || *r.Usage != (providers.Usage{InputTokens: 10, OutputTokens: 7}) {
		t.Errorf("usage = %+v", r.Usage)
	}
	if r.Done == nil || r.Done.FinishReason != "end_turn" {
		t.Errorf("done = %+v", r.Done)
	}
	// usage(start), 3 texts, usage(delta), done: the ping yields nothing.
	var kinds []providers.EventKind
	for _, ev := range r.Events {
		kinds = append(kinds, ev.Kind)
	}
	want := []providers.EventKind{providers.EventUsage, providers.EventText, providers.EventText,
		providers.EventText, providers.EventUsage, providers.EventDone}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("event kinds = %v, want %v", kinds, want)
	}

	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	got := reqs[0]
	if got.Method != http.MethodPost || got.Path != "/v1/messages" {
		t.Errorf("request = %s %s", got.Method, got.Path)
	}
	if a := got.Header.Get("Authorization"); a != "Bearer "+testKey {
		t.Errorf("Authorization = %q, want our key as Bearer", a)
	}
	if v := got.Header.Get("Anthropic-Version"); v != "2026-10-21" {
		t.Errorf("anthropic-version = %q", v)
	}
	if got.Header.Get("X-Env-Junk") != "" || got.Header.Get("X-Api-Key") != "" {
		t.Errorf("env-derived or v1 headers sent: %v", got.Header)
	}
	b := got.Body
	if b["model"] != "claude-test" || b["max_tokens"] != float64(4096) || b["stream"] != true {
		t.Errorf("model/max_tokens/stream = %v/%v/%v", b["model"], b["max_tokens"], b["stream"])
	}
	wantSystem := []any{map[string]any{"type": "text", "text": "be brief"}}
	if !reflect.DeepEqual(b["system"], wantSystem) {
		t.Errorf("system = %#v", b["system"])
	}
	wantMsgs := []any{map[string]any{"role": "user", "content": []any{map[string]any{"type": "text", "text": "hi"}}}}
	if !reflect.DeepEqual(b["messages"], wantMsgs) {
		t.Errorf("messages = %#v", b["messages"])
	}
}

// TestStreamImage checks an image part reaches the server as a base64 block
// with its media type and the exact bytes.
func TestStreamImage(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeSSE(w, reply("a cat"))
	})
	img := []byte("\x89PNG\r\n\x1a\n\x00\x01binary\xff")
	req := simpleRequest()
	req.Messages[0].Parts = []providers.Part{
		providers.TextPart{Text: "what is this?"},
		providers.ImagePart{MIME: "image/png", Data: img},
	}
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), req))
	if r.Err != nil || r.Text != "a cat" {
		t.Fatalf("text, err = %q, %v", r.Text, r.Err)
	}
	msgs := f.requests()[0].Body["messages"].([]any)
	content := msgs[0].(map[string]any)["content"].([]any)
	if len(content) != 2 {
		t.Fatalf("content = %#v", content)
	}
	block := content[1].(map[string]any)
	src, _ := block["source"].(map[string]any)
	if block["type"] != "image" || src["type"] != "base64" || src["media_type"] != "image/png" {
		t.Fatalf("image block = %#v", block)
	}
	data, err := base64.StdEncoding.DecodeString(src["data"].(string))
	if err != nil || !bytes.Equal(data, img) {
		t.Errorf("image bytes = %q (%v), want %q", data, err, img)
	}
}

// TestStreamReasoning checks thinking deltas come out as reasoning, apart
// from the reply text.
func TestStreamReasoning(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		evs := []sseEvent{
			{"message_start", evMessageStart},
			{"content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}`},
			{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}`},
			{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}`},
			{"content_block_stop", `{"type":"content_block_stop","index":0}`},
			{"content_block_start", `{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}`},
			textDelta("42"),
		}
		writeSSE(w, append(evs, tail()...))
	})
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), simpleRequest()))
	if r.Err != nil || r.Reasoning != "Let me think" || r.Text != "42" {
		t.Errorf("reasoning, text, err = %q, %q, %v", r.Reasoning, r.Text, r.Err)
	}
}

// TestBaseURL checks the server root is used as given, with a path prefix
// kept and a pasted "/v1" dropped.
func TestBaseURL(t *testing.T) {
	for _, suffix := range []string{"", "/", "/v1", "/v1/", "/proxy"} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeSSE(w, reply("ok")) })
		s := f.settings()
		s.BaseURL = f.srv.URL + suffix
		r := providertest.Collect(t, newProvider(t, s).Stream(t.Context(), simpleRequest()))
		want := "/v1/messages"
		if suffix == "/proxy" {
			want = "/proxy/v1/messages"
		}
		if r.Err != nil || f.requests()[0].Path != want {
			t.Errorf("base %q: path %q, err %v; want %q", suffix, f.requests()[0].Path, r.Err, want)
		}
	}
	for _, bad := range []string{"api.anthropic.com", "ftp://x", "http://"} {
		if _, err := anthropic.New(providers.Settings{Name: "anthropic", BaseURL: bad}); err == nil {
			t.Errorf("base URL %q accepted", bad)
		}
	}
}

// TestModels lists models through GET /v1/models.
func TestModels(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path != "/v1/models" {
			writeAPIError(w, 404, "not_found_error", "no such path", nil)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[{"type":"model","id":"claude-a","display_name":"A","created_at":"2025-01-01T00:00:00Z"},`+
			`{"type":"model","id":"claude-b","display_name":"B","created_at":"2025-01-01T00:00:00Z"}],`+
			`"has_more":false,"first_id":"claude-a","last_id":"claude-b"}`)
	})
	lister, ok := newProvider(t, f.settings()).(providers.ModelLister)
	if !ok {
		t.Fatal("provider is not a ModelLister")
	}
	models, err := lister.Models(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(models) != 2 || models[0].ID != "claude-a" || models[1].ID != "claude-b" {
		t.Errorf("models = %+v", models)
	}
	if h := f.requests()[0].Header.Get("Authorization"); h != "Bearer "+testKey {
		t.Errorf("Authorization = %q", h)
	}
}

// TestModelsUnauthorized checks the list endpoint's errors are classified too.
func TestModelsUnauthorized(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeAPIError(w, 401, "authentication_error", "invalid x-api-key", nil)
	})
	_, err := newProvider(t, f.settings()).(providers.ModelLister).Models(t.Context())
	wantErr(t, err, providers.ErrAuth, 401, "ANTHROPIC_API_KEY was rejected (401)")
}
