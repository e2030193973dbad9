package openai

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

func TestAuthErrorNamesKeySource(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		// OpenAI echoes part of the key; it must not reach our message.
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided: "+testKey+". You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	pe := wantErr(t, r.Err, providers.ErrAuth, "OPENAI_API_KEY was rejected (401)")
	if pe.Status != 401 {
		t.Errorf("status = %d", pe.Status)
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests; 401 must not be retried", f.count())
	}

	r = providertest.Collect(t, f.provider(t, func(s *providers.Settings) { s.KeySource = "" }).Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrAuth, "the API key was rejected (401)")
}

func TestRateLimitedThenSucceeds(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, "Rate limit reached", "requests")
			return
		}
		writeReply(w, "after ", "retry")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	if r.Err != nil {
		t.Fatalf("stream error: %v", r.Err)
	}
	if r.Text != "after retry" {
		t.Errorf("text = %q", r.Text)
	}
	if f.count() != 2 {
		t.Errorf("server saw %d requests, want 2 (one 429, one retry)", f.count())
	}
}

func TestRateLimitedAlways(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "0")
		writeError(w, http.StatusTooManyRequests, "Rate limit reached for gpt-test", "requests")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrRateLimited, "rate limited, retried 3 times: Rate limit reached for gpt-test")
	if f.count() != 4 {
		t.Errorf("server saw %d requests, want 4 (1 + 3 retries)", f.count())
	}
	// The count comes from the attempts actually made, not the setting.
	r = providertest.Collect(t, f.provider(t, func(s *providers.Settings) { s.MaxRetries = 1 }).Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrRateLimited, "rate limited, retried 1 time: Rate limit reached for gpt-test")
}

// TestRetryAfterIsBounded: a wait under the 60 s cap is bounded to
// MaxRetryWait (50ms in tests): the SDK retries then and the second
// attempt succeeds. (Waits past the cap: TestRetryAfterPastTheCap.)
func TestRetryAfterIsBounded(t *testing.T) {
	for _, ra := range []string{"45", "59.5"} {
		t.Run(ra, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					w.Header().Set("Retry-After", ra)
					writeError(w, http.StatusTooManyRequests, "slow down", "requests")
					return
				}
				writeReply(w, "ok")
			})
			r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
			if r.Err != nil || r.Text != "ok" {
				t.Fatalf("text %q, err %v", r.Text, r.Err)
			}
			if f.count() != 2 {
				t.Errorf("server saw %d requests, want 2", f.count())
			}
		})
	}
}

func TestServerErrorAfterRetries(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "0")
		writeError(w, http.StatusInternalServerError, "The server had an error while processing your request.", "server_error")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrServer, "OpenAI server error (500) after 3 retries: The server had an error while processing your request.")
	if f.count() != 4 {
		t.Errorf("server saw %d requests, want 4", f.count())
	}
}

// TestBadGatewayHTMLPage: a proxy's HTML page is not OpenAI JSON; the status
// must survive and the HTML must not reach the message. No Retry-After here,
// so the SDK's own backoff runs, bounded by MaxRetryWait.
func TestBadGatewayHTMLPage(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
	})
	p := f.provider(t, func(s *providers.Settings) { s.Name = "local"; s.MaxRetries = 1 })
	r := providertest.Collect(t, p.Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrServer, "local server error (502) after 1 retry")
	if f.count() != 2 {
		t.Errorf("server saw %d requests, want 2", f.count())
	}
}

func TestOverloaded(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "0")
		writeError(w, http.StatusServiceUnavailable, "Engine overloaded", "server_error")
	})
	r := providertest.Collect(t, f.provider(t, func(s *providers.Settings) { s.MaxRetries = 2 }).Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrOverloaded, "OpenAI is overloaded (503), retried 2 times: Engine overloaded")
}

func TestBadRequestMessages(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"openai shape", 400, `{"error":{"message":"Invalid value for 'model'.","type":"invalid_request_error","param":"model","code":null}}`, "Invalid value for 'model'. (400)"},
		{"ollama shape", 404, `{"error":"model \"llava\" not found, try pulling it first"}`, `model "llava" not found, try pulling it first (404)`},
		{"fastapi shape", 422, `{"detail":"messages: field required"}`, "messages: field required (422)"},
		{"key echoed", 400, `{"error":{"message":"bad header Bearer ` + testKey + `"}}`, "bad header Bearer [redacted] (400)"},
		{"empty body", 404, ``, "not found (404)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(c.status)
				w.Write([]byte(c.body))
			})
			r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
			wantErr(t, r.Err, providers.ErrBadRequest, c.want)
			if f.count() != 1 {
				t.Errorf("server saw %d requests; %d must not be retried", f.count(), c.status)
			}
		})
	}
}

func TestErrorMessageIsOneLine(t *testing.T) {
	long := strings.Repeat("very long message ", 40)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeError(w, http.StatusBadRequest, "first line\nsecond line "+long, "invalid_request_error")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	if r.Err == nil {
		t.Fatal("no error")
	}
	msg := r.Err.Error()
	if strings.Contains(msg, "\n") || len([]rune(msg)) > 220 || !strings.HasPrefix(msg, "first line second line") || !strings.HasSuffix(msg, "… (400)") {
		t.Errorf("message not cut to one line: %q", msg)
	}
}
