package openai

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

// testKey is the API key every test provider uses; no error text may hold it.
const testKey = "sk-test-0123456789abcdefSECRET"

// recorded is one request as the fake server received it.
type recorded struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// fake is an httptest server speaking the Chat Completions wire format. It
// records every request; handle decides the reply to request n (1-based).
type fake struct {
	*providertest.Server
}

func newFake(t testing.TB, handle func(w http.ResponseWriter, r *http.Request, n int)) *fake {
	t.Helper()
	return &fake{Server: providertest.NewServer(t, handle)}
}

func (f *fake) count() int { return f.Count() }

// request is the i-th (0-based) request received.
func (f *fake) request(i int) recorded {
	r := f.Requests()[i]
	return recorded{r.Method, r.Path, r.Header, r.Body}
}

// settings returns provider settings pointing at the fake. Retry waits are
// bounded to 50 ms so retry tests stay fast whatever Retry-After says.
func (f *fake) settings() providers.Settings {
	return providers.Settings{
		Name:         "openai",
		Type:         "openai",
		BaseURL:      f.URL + "/v1",
		APIKey:       testKey,
		KeySource:    "OPENAI_API_KEY",
		IdleTimeout:  5 * time.Second,
		MaxRetryWait: 50 * time.Millisecond,
	}
}

func (f *fake) provider(t *testing.T, edit ...func(*providers.Settings)) providers.Provider {
	t.Helper()
	s := f.settings()
	for _, e := range edit {
		e(&s)
	}
	p, err := New(s)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

// startSSE sends the headers of a 200 event stream.
func startSSE(w http.ResponseWriter) { providertest.StartSSE(w) }

// sse writes one event exactly as OpenAI does: a data line, a blank line,
// then a flush so the client sees it now.
func sse(w http.ResponseWriter, data string) { providertest.Data(w, data) }

// The chunks below are the Chat Completions stream of model "m", as
// providertest writes it.

// delta returns a chunk whose delta is the given JSON object.
func delta(d string, finish string) string { return providertest.ChatChunk("m", d, finish) }

// content returns a chunk carrying one piece of reply text.
func content(s string) string { return providertest.ChatText("m", s) }

func roleChunk() string { return delta(`{"role":"assistant","content":""}`, "") }

func finishChunk(reason string) string { return delta(`{}`, reason) }

func usageChunk(in, out int) string { return providertest.ChatUsage("m", in, out) }

// writeReply streams a complete, well-formed reply of the given pieces.
func writeReply(w http.ResponseWriter, pieces ...string) {
	providertest.WriteChatReply(w, "m", pieces...)
}

// writeError replies with an HTTP error in OpenAI's error shape.
func writeError(w http.ResponseWriter, status int, msg, typ string) {
	providertest.WriteJSON(w, status, providertest.ChatError(msg, typ, ""))
}

func textRequest(s string) providers.Request {
	return providers.Request{
		Model:    "gpt-test",
		Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: s}}}},
	}
}

// wantErr checks err is a *providers.Error of kind with exactly msg, and that
// the API key is nowhere in it.
func wantErr(t *testing.T, err error, kind providers.ErrorKind, msg string) *providers.Error {
	t.Helper()
	pe, ok := err.(*providers.Error)
	if !ok {
		t.Fatalf("error = %T %v, want *providers.Error", err, err)
	}
	if pe.Kind != kind {
		t.Errorf("kind = %d, want %d (message %q)", pe.Kind, kind, pe.Message)
	}
	if pe.Message != msg {
		t.Errorf("message = %q, want %q", pe.Message, msg)
	}
	for e := error(pe); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), testKey) {
			t.Errorf("error chain contains the API key: %q", e.Error())
		}
	}
	return pe
}
