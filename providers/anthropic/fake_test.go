package anthropic_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/anthropic"
	"parley/providers/providertest"
)

// testKey is the key the tests configure; no error message may contain it.
const testKey = "sk-ant-test-0123456789abcdef"

// The exact events of PROVIDERS.md, with the text delta as a parameter.
const (
	evMessageStart = `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}`
	evBlockStart   = `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`
	evPing         = `{"type":"ping"}`
	evTextDelta    = `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":%s}}`
	evBlockStop    = `{"type":"content_block_stop","index":0}`
	evMessageDelta = `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}}`
	evMessageStop  = `{"type":"message_stop"}`
)

// sseEvent is one `event:` + `data:` pair.
type sseEvent struct{ name, data string }

func textDelta(s string) sseEvent {
	q, _ := json.Marshal(s)
	return sseEvent{"content_block_delta", fmt.Sprintf(evTextDelta, q)}
}

func errorEvent(typ, msg string) sseEvent {
	return sseEvent{"error", fmt.Sprintf(`{"type":"error","error":{"type":%q,"message":%q}}`, typ, msg)}
}

// head is the start of a reply up to (not including) its text deltas.
func head() []sseEvent {
	return []sseEvent{
		{"message_start", evMessageStart},
		{"content_block_start", evBlockStart},
		{"ping", evPing},
	}
}

// tail is the end of a reply after its text deltas.
func tail() []sseEvent {
	return []sseEvent{
		{"content_block_stop", evBlockStop},
		{"message_delta", evMessageDelta},
		{"message_stop", evMessageStop},
	}
}

// reply is a whole, well-formed reply streaming the given pieces.
func reply(pieces ...string) []sseEvent {
	evs := head()
	for _, p := range pieces {
		evs = append(evs, textDelta(p))
	}
	return append(evs, tail()...)
}

// writeSSE sends the response headers and evs, flushing after each event so
// the client sees them one by one.
func writeSSE(w http.ResponseWriter, evs []sseEvent) {
	providertest.StartSSE(w)
	for _, e := range evs {
		providertest.Event(w, e.name, e.data)
	}
}

// writeAPIError sends an HTTP error with the API's error body.
func writeAPIError(w http.ResponseWriter, status int, typ, msg string, hdr map[string]string) {
	for k, v := range hdr {
		w.Header().Set(k, v)
	}
	providertest.WriteJSON(w, status, fmt.Sprintf(`{"type":"error","error":{"type":%q,"message":%q}}`, typ, msg))
}

// recorded is one request as the fake server saw it.
type recorded struct {
	Method, Path string
	Header       http.Header
	Body         map[string]any
}

// fake is an Anthropic Messages server. handle answers attempt n (1-based).
type fake struct {
	t   testing.TB
	srv *providertest.Server
}

func newFake(t testing.TB, handle func(w http.ResponseWriter, r *http.Request, n int)) *fake {
	return &fake{t: t, srv: providertest.NewServer(t, handle)}
}

// requests returns what the server has received so far, bodies decoded.
func (f *fake) requests() []recorded {
	var out []recorded
	for _, r := range f.srv.Requests() {
		out = append(out, recorded{Method: r.Method, Path: r.Path, Header: r.Header, Body: r.JSON(f.t)})
	}
	return out
}

// settings returns settings pointing at f with small, fast limits.
func (f *fake) settings() providers.Settings {
	return providers.Settings{
		Name:         "anthropic",
		Type:         "anthropic",
		BaseURL:      f.srv.URL,
		APIKey:       testKey,
		KeySource:    "ANTHROPIC_API_KEY",
		MaxRetries:   -1,
		MaxRetryWait: 10 * time.Millisecond,
		IdleTimeout:  5 * time.Second, // only the stall test relies on it
	}
}

func newProvider(t *testing.T, s providers.Settings) providers.Provider {
	t.Helper()
	p, err := anthropic.New(s)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

// simpleRequest is a one-message request.
func simpleRequest() providers.Request {
	return providers.Request{
		Model:    "claude-test",
		Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "hi"}}}},
	}
}

// wantErr checks err is a *providers.Error of kind and status whose message
// starts with prefix and never contains the key.
func wantErr(t *testing.T, err error, kind providers.ErrorKind, status int, prefix string) *providers.Error {
	t.Helper()
	pe, ok := err.(*providers.Error)
	if !ok {
		t.Fatalf("error = %T %v, want *providers.Error", err, err)
	}
	t.Logf("error line: %s", pe.Message)
	if pe.Kind != kind || pe.Status != status {
		t.Errorf("kind/status = %d/%d, want %d/%d (%q)", pe.Kind, pe.Status, kind, status, pe.Message)
	}
	if !strings.HasPrefix(pe.Message, prefix) {
		t.Errorf("message = %q, want prefix %q", pe.Message, prefix)
	}
	if strings.Contains(pe.Message, testKey) || strings.Contains(pe.Message, "\n") {
		t.Errorf("message %q holds the key or a newline", pe.Message)
	}
	return pe
}
