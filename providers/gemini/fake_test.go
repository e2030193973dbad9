package gemini

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

// testKey is the API key every test provider sends; messages must never
// contain it.
const testKey = "AIzaSyTEST-secret-key-0123456789"

// seen is one request as the fake server received it.
type seen struct {
	Method, Path, Query, Key string
	Body                     map[string]any
}

// fakeGemini is an httptest server speaking the Gemini REST wire format
// (PROVIDERS.md): POST /v1beta/models/{m}:streamGenerateContent?alt=sse
// answered with `data: {json}` lines, each followed by a blank line.
type fakeGemini struct {
	t   testing.TB
	srv *providertest.Server
}

// newFake starts a server whose handle answers request number n
// (1-based). Its cleanup cuts the connections, which ends the request
// contexts that providertest.Hold() waits on.
func newFake(t testing.TB, handle func(w http.ResponseWriter, r *http.Request, n int)) *fakeGemini {
	t.Helper()
	return &fakeGemini{t: t, srv: providertest.NewServer(t, handle)}
}

// requests returns what the server has received so far.
func (f *fakeGemini) requests() []seen {
	var out []seen
	for _, r := range f.srv.Requests() {
		out = append(out, seen{Method: r.Method, Path: r.Path, Query: r.Query,
			Key: r.Header.Get("x-goog-api-key"), Body: r.JSON(f.t)})
	}
	return out
}

// sse writes the SSE headers and then each chunk as a `data:` event.
func sse(w http.ResponseWriter, chunks ...string) {
	if w.Header().Get("Content-Type") == "" {
		providertest.StartSSE(w)
	}
	providertest.Data(w, chunks...)
}

// apiErr writes a Gemini HTTP error body.
func apiErr(w http.ResponseWriter, code int, status, msg string) {
	providertest.WriteJSON(w, code, fmt.Sprintf(`{"error":{"code":%d,"message":%q,"status":%q}}`, code, msg, status))
}

// Chunks as Gemini sends them.
func textChunk(s string) string {
	return fmt.Sprintf(`{"candidates":[{"content":{"parts":[{"text":%q}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash"}`, s)
}

func finishChunk(reason string, prompt, out int) string {
	return fmt.Sprintf(`{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":%q,"index":0}],"usageMetadata":{"promptTokenCount":%d,"candidatesTokenCount":%d,"totalTokenCount":%d},"modelVersion":"gemini-2.5-flash"}`, reason, prompt, out, prompt+out)
}

// waits records the Retry-After sleeps the transport asked for.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// newTestProvider builds a provider against f with a 1 ms SDK backoff and
// recorded (not slept) Retry-After waits; mutate may adjust the settings.
func newTestProvider(t testing.TB, baseURL string, mutate func(*providers.Settings)) (*provider, *waits) {
	t.Helper()
	s := providers.Settings{Name: "gemini", Type: "gemini", BaseURL: baseURL, APIKey: testKey, KeySource: "GEMINI_API_KEY"}
	if mutate != nil {
		mutate(&s)
	}
	w := &waits{}
	p, err := newProvider(s, retryPolicy{base: time.Millisecond, sleep: w.sleep})
	if err != nil {
		t.Fatalf("newProvider: %v", err)
	}
	return p, w
}

func simpleReq(text string) providers.Request {
	return providers.Request{
		Model:    "gemini-2.5-flash",
		Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: text}}}},
	}
}

// wantErr checks err is an *providers.Error of kind with msg in its
// message, and that the key appears nowhere in it.
func wantErr(t *testing.T, err error, kind providers.ErrorKind, status int, msg string) *providers.Error {
	t.Helper()
	pe, ok := err.(*providers.Error)
	if !ok {
		t.Fatalf("error = %T %v, want *providers.Error", err, err)
	}
	if pe.Kind != kind {
		t.Errorf("kind = %d, want %d (message %q)", pe.Kind, kind, pe.Message)
	}
	if pe.Status != status {
		t.Errorf("status = %d, want %d (message %q)", pe.Status, status, pe.Message)
	}
	if !strings.Contains(pe.Message, msg) {
		t.Errorf("message = %q, want it to contain %q", pe.Message, msg)
	}
	if strings.Contains(pe.Message, testKey) || strings.Contains(pe.Message, "secret") {
		t.Errorf("message leaks the key: %q", pe.Message)
	}
	if strings.ContainsAny(pe.Message, "\r\n") {
		t.Errorf("message is not one line: %q", pe.Message)
	}
	return pe
}
