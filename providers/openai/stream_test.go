package openai

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

func TestStreamTextArrivesWhole(t *testing.T) {
	pieces := strings.Fields("Here is a reply that arrives in many small chunks — with ünïcödé, `code` and **markdown** too.")
	for i := range pieces {
		pieces[i] += " "
	}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, pieces...) })
	p := f.provider(t)
	req := providers.Request{
		Model:     "gpt-test",
		System:    "Be brief.",
		MaxTokens: 256,
		Messages: []providers.Message{
			{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "hi"}}},
			{Role: providers.RoleAssistant, Parts: []providers.Part{providers.TextPart{Text: "hello"}}},
			{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "tell me more"}}},
		},
	}
	r := providertest.Collect(t, p.Stream(context.Background(), req))
	if r.Err != nil {
		t.Fatalf("stream error: %v", r.Err)
	}
	if want := strings.Join(pieces, ""); r.Text != want {
		t.Errorf("text = %q, want %q", r.Text, want)
	}
	if r.Usage == nil || *r.Usage != (providers.Usage{InputTokens: 10, OutputTokens: len(pieces)}) {
		t.Errorf("usage = %+v, want 10 in / %d out", r.Usage, len(pieces))
	}
	if r.Done == nil || r.Done.FinishReason != "stop" {
		t.Fatalf("done = %+v, want finish reason stop", r.Done)
	}
	if last := r.Events[len(r.Events)-1]; last.Kind != providers.EventDone {
		t.Errorf("last event kind = %d, want EventDone", last.Kind)
	}
	for _, ev := range r.Events {
		if ev.Kind == providers.EventText && ev.Text == "" {
			t.Errorf("an empty text event was yielded")
		}
	}

	got := f.request(0)
	if got.Method != http.MethodPost || got.Path != "/v1/chat/completions" {
		t.Errorf("request = %s %s, want POST /v1/chat/completions", got.Method, got.Path)
	}
	if a := got.Header.Get("Authorization"); a != "Bearer "+testKey {
		t.Errorf("Authorization = %q", a)
	}
	var body struct {
		Model               string `json:"model"`
		Stream              bool   `json:"stream"`
		MaxCompletionTokens int    `json:"max_completion_tokens"`
		StreamOptions       struct {
			IncludeUsage bool `json:"include_usage"`
		} `json:"stream_options"`
		Messages []struct {
			Role    string `json:"role"`
			Content any    `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(got.Body, &body); err != nil {
		t.Fatalf("request body: %v\n%s", err, got.Body)
	}
	if body.Model != "gpt-test" || !body.Stream || !body.StreamOptions.IncludeUsage || body.MaxCompletionTokens != 256 {
		t.Errorf("body = %+v, want model gpt-test, stream, include_usage, max_completion_tokens 256", body)
	}
	wantMsgs := []struct{ role, content string }{
		{"system", "Be brief."}, {"user", "hi"}, {"assistant", "hello"}, {"user", "tell me more"},
	}
	if len(body.Messages) != len(wantMsgs) {
		t.Fatalf("messages = %+v, want %d", body.Messages, len(wantMsgs))
	}
	for i, w := range wantMsgs {
		if m := body.Messages[i]; m.Role != w.role || m.Content != w.content {
			t.Errorf("message %d = %s %v, want %s %q", i, m.Role, m.Content, w.role, w.content)
		}
	}
}

func TestStreamReasoningContent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		sse(w, roleChunk())
		sse(w, delta(`{"reasoning_content":"Let me "}`, ""))
		sse(w, delta(`{"reasoning_content":"think."}`, ""))
		sse(w, delta(`{"reasoning":"(openrouter)"}`, ""))
		sse(w, content("Answer."))
		sse(w, finishChunk("stop"))
		sse(w, "[DONE]")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Reasoning != "Let me think.(openrouter)" || r.Text != "Answer." {
		t.Errorf("reasoning = %q, text = %q", r.Reasoning, r.Text)
	}
	if r.Events[0].Kind != providers.EventReasoning {
		t.Errorf("first event = %d, want reasoning", r.Events[0].Kind)
	}
}

func TestMidStreamErrorKeepsPartialText(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		for _, s := range []string{"par", "tial"} {
			sse(w, content(s))
		}
		sse(w, `{"error":{"message":"The model is overloaded. Please try again later.","type":"server_error"}}`)
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrStream, "The model is overloaded. Please try again later.")
	if r.Text != "partial" {
		t.Errorf("partial text = %q, want %q", r.Text, "partial")
	}
}

func TestDroppedConnection(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		for _, s := range []string{"one ", "two ", "three "} {
			sse(w, content(s))
		}
		providertest.Drop(t, w, "") // mid-chunk-stream: the client sees an unexpected EOF
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrConnection, "connection lost after 3 tokens")
	if r.Text != "one two three " {
		t.Errorf("partial text = %q", r.Text)
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests; a stream that started must not be retried", f.count())
	}
}

func TestStalledStream(t *testing.T) {
	var f *fake
	f = newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		sse(w, content("a"))
		sse(w, content("b"))
		providertest.Hold(r)
	})
	p := f.provider(t, func(s *providers.Settings) { s.IdleTimeout = 200 * time.Millisecond })
	r := providertest.Collect(t, p.Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrStalled, "stream stalled: no data for 200ms after 2 tokens")
	if !errors.Is(r.Err, providers.ErrIdleTimeout) {
		t.Errorf("error does not wrap ErrIdleTimeout: %v", r.Err)
	}
	if r.Text != "ab" {
		t.Errorf("partial text = %q", r.Text)
	}
}

func TestStreamEndingEarlyIsIncomplete(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter){
		"no finish, no DONE": func(w http.ResponseWriter) {
			for _, s := range []string{"a", "b", "c"} {
				sse(w, content(s))
			}
		},
		"finish but no DONE": func(w http.ResponseWriter) {
			for _, s := range []string{"a", "b", "c"} {
				sse(w, content(s))
			}
			sse(w, finishChunk("stop"))
			sse(w, usageChunk(1, 3))
		},
		"DONE but no finish": func(w http.ResponseWriter) {
			for _, s := range []string{"a", "b", "c"} {
				sse(w, content(s))
			}
			sse(w, "[DONE]")
		},
	}
	for name, write := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				startSSE(w)
				write(w) // then return: a clean end of the chunked body
			})
			r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
			wantErr(t, r.Err, providers.ErrIncomplete, "stream ended early after 3 tokens")
			if r.Text != "abc" {
				t.Errorf("partial text = %q", r.Text)
			}
		})
	}
}

func TestCancelMidStream(t *testing.T) {
	var f *fake
	f = newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		sse(w, content("a"))
		sse(w, content("b"))
		providertest.Hold(r)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got string
	var err error
	for ev, e := range f.provider(t).Stream(ctx, textRequest("q")) {
		if e != nil {
			err = e
			break
		}
		got += ev.Text
		if got == "ab" {
			cancel()
		}
	}
	wantErr(t, err, providers.ErrCanceled, "cancelled")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error does not wrap context.Canceled: %v", err)
	}
	if got != "ab" {
		t.Errorf("text = %q", got)
	}
}

func TestConsumerStopsEarly(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "a", "b", "c", "d") })
	seen := 0
	// Breaking out must not make the adapter call yield again (range-over-
	// func would panic) and must release the response.
	for range f.provider(t).Stream(context.Background(), textRequest("q")) {
		seen++
		break
	}
	if seen != 1 {
		t.Errorf("saw %d events before break, want 1", seen)
	}
}

func TestCannotReach(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	p, err := New(providers.Settings{Name: "local", BaseURL: "http://" + addr + "/v1", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	r := providertest.Collect(t, p.Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrConnection, "cannot reach http://"+addr+"/v1: connection refused")
}

func TestNewRejectsBadBaseURL(t *testing.T) {
	for _, u := range []string{"localhost:8080/v1", "ftp://x/v1", "http://"} {
		if _, err := New(providers.Settings{Name: "local", BaseURL: u}); err == nil {
			t.Errorf("New accepted base URL %q", u)
		}
	}
}

func TestModels(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1,"owned_by":"openai"},{"id":"gpt-4o-mini","object":"model","created":2,"owned_by":"openai"}]}`))
	})
	ml, ok := f.provider(t).(providers.ModelLister)
	if !ok {
		t.Fatal("provider does not implement ModelLister")
	}
	models, err := ml.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(models) != 2 || models[0].ID != "gpt-4o" || models[1].ID != "gpt-4o-mini" {
		t.Errorf("models = %+v", models)
	}
	if got := f.request(0); got.Method != http.MethodGet || got.Path != "/v1/models" {
		t.Errorf("request = %s %s", got.Method, got.Path)
	}
}

func TestModelsAuthError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided: "+testKey, "invalid_request_error")
	})
	_, err := f.provider(t).(providers.ModelLister).Models(context.Background())
	wantErr(t, err, providers.ErrAuth, "OPENAI_API_KEY was rejected (401)")
}

// TestEnvironmentDoesNotOverrideSettings guards against the SDK's
// environment defaults: OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_ORG_ID
// must not redirect or decorate a request our settings describe.
func TestEnvironmentDoesNotOverrideSettings(t *testing.T) {
	t.Setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
	t.Setenv("OPENAI_API_KEY", "sk-from-the-environment")
	t.Setenv("OPENAI_ORG_ID", "org-env")
	t.Setenv("OPENAI_CUSTOM_HEADERS", "X-Env: yes")
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "ok") })

	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	if r.Err != nil || r.Text != "ok" {
		t.Fatalf("text %q, err %v: the request did not reach the configured server", r.Text, r.Err)
	}
	h := f.request(0).Header
	if h.Get("Authorization") != "Bearer "+testKey || h.Get("OpenAI-Organization") != "" || h.Get("X-Env") != "" {
		t.Errorf("headers leaked from the environment: %v", h)
	}

	// A local server needs no key: none is sent, not the environment's.
	r = providertest.Collect(t, f.provider(t, func(s *providers.Settings) { s.APIKey = "" }).Stream(context.Background(), textRequest("q")))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if a := f.request(1).Header.Get("Authorization"); a != "" {
		t.Errorf("Authorization = %q with no key configured", a)
	}
}
