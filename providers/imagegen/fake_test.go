package imagegen

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

// testKey is the key every test generator sends; no message may contain it.
const testKey = "sk-test-imagegen-0123456789abcdef"

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// got is one request as a fake server received it.
type got struct {
	Method, Path, Auth, ContentType string
	Body                            []byte
}

// fakeServer records requests and answers request n (1-based) with handle.
type fakeServer struct {
	srv *providertest.Server
}

func newFake(t testing.TB, handle func(w http.ResponseWriter, r *http.Request, n int)) *fakeServer {
	t.Helper()
	return &fakeServer{srv: providertest.NewServer(t, handle)}
}

func (f *fakeServer) requests() []got {
	var out []got
	for _, r := range f.srv.Requests() {
		out = append(out, got{r.Method, r.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), r.Body})
	}
	return out
}

// openaiSettings points an OpenAI-type generator at the fake.
func openaiSettings(f *fakeServer) providers.Settings {
	return providers.Settings{
		Name: "openai", Type: "openai", BaseURL: f.srv.URL + "/v1",
		APIKey: testKey, KeySource: "OPENAI_API_KEY",
		MaxRetries: -1, MaxRetryWait: 10 * time.Millisecond,
	}
}

func newGen(t testing.TB, s providers.Settings) Generator {
	t.Helper()
	g, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// openaiErr writes an OpenAI HTTP error body.
func openaiErr(w http.ResponseWriter, status int, typ, code, msg string) {
	providertest.WriteJSON(w, status, providertest.ChatError(msg, typ, code))
}

// kinds lists the events' kinds and indexes, e.g. "partial0 partial1 final0".
func kinds(evs []Event) string {
	var parts []string
	for _, ev := range evs {
		parts = append(parts, fmt.Sprintf("%s%d", ev.Kind, ev.Index))
	}
	return strings.Join(parts, " ")
}

// wantKind fails unless err is a *providers.Error of kind k.
func wantKind(t *testing.T, err error, k providers.ErrorKind) *providers.Error {
	t.Helper()
	if got := providers.KindOf(err); got != k {
		t.Fatalf("error kind = %v, want %v (err: %v)", got, k, err)
	}
	var pe *providers.Error
	if err != nil && !errors.As(err, &pe) {
		t.Fatalf("error %T is not a *providers.Error: %v", err, err)
	}
	t.Logf("error line: %s", err)
	if strings.Contains(err.Error(), testKey) {
		t.Fatalf("error leaks the key: %q", err)
	}
	return pe
}
