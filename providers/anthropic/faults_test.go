package anthropic_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

// TestHTTPErrors covers the HTTP statuses: the line, kind and status, and
// how many requests the server saw (retries really happened, or not).
func TestHTTPErrors(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		typ, msg  string
		hdr       map[string]string
		retries   int
		wantReqs  int
		kind      providers.ErrorKind
		wantStart string
	}{
		{"401", 401, "authentication_error", "invalid x-api-key", nil, 3, 1,
			providers.ErrAuth, "ANTHROPIC_API_KEY was rejected (401)"},
		// Retry-After: 45 is under the cap and bounded to MaxRetryWait
		// (10ms), so all three retries happen within the test.
		{"429", 429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit",
			map[string]string{"Retry-After": "45"}, 3, 4, providers.ErrRateLimited, "rate limited, retried 3 times"},
		// Retry-After: 3600 is past the 60 s cap: given up at once.
		{"429 past the cap", 429, "rate_limit_error", "Number of request tokens has exceeded your daily rate limit",
			map[string]string{"Retry-After": "3600"}, 3, 1, providers.ErrRateLimited,
			"rate limited by Anthropic: it asks to wait 3600 s, more than parley's 60 s cap"},
		{"529", 529, "overloaded_error", "Overloaded", map[string]string{"Retry-After": "30"}, 2, 3,
			providers.ErrOverloaded, "Anthropic is overloaded"},
		// No Retry-After: the SDK's own backoff (~0.5s) applies once.
		{"500", 500, "api_error", "Internal server error", nil, 1, 2,
			providers.ErrServer, "Anthropic server error (500) after 1 retry: Internal server error"},
		{"400", 400, "invalid_request_error", "messages.0.content: Field required", nil, 3, 1,
			providers.ErrBadRequest, "messages.0.content: Field required (400)"},
		// A server echoing the key back must not get it into the line.
		{"400 echoing the key", 400, "invalid_request_error", "bad header value " + testKey, nil, 3, 1,
			providers.ErrBadRequest, "bad header value [redacted] (400)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				writeAPIError(w, tc.status, tc.typ, tc.msg, tc.hdr)
			})
			s := f.settings()
			s.MaxRetries = tc.retries
			// The deadline only turns an unbounded Retry-After into a
			// failure instead of a hang; no timing is asserted.
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			r := providertest.Collect(t, newProvider(t, s).Stream(ctx, simpleRequest()))
			wantErr(t, r.Err, tc.kind, tc.status, tc.wantStart)
			if n := len(f.requests()); n != tc.wantReqs {
				t.Errorf("server saw %d requests, want %d", n, tc.wantReqs)
			}
			if r.Text != "" || r.Done != nil {
				t.Errorf("events before the error: %+v", r.Events)
			}
		})
	}
}

// TestRetryAfterBounded: a 429 asking for 45 s (under the cap), then a good
// reply. With MaxRetryWait 50ms the retry comes at once; the context
// deadline only turns a regression into a failure instead of a hang.
func TestRetryAfterBounded(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeAPIError(w, 429, "rate_limit_error", "slow down", map[string]string{"Retry-After": "45"})
			return
		}
		writeSSE(w, reply("after ", "retry"))
	})
	s := f.settings()
	s.MaxRetries = 3
	s.MaxRetryWait = 50 * time.Millisecond
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	r := providertest.Collect(t, newProvider(t, s).Stream(ctx, simpleRequest()))
	if r.Err != nil || r.Text != "after retry" {
		t.Fatalf("text, err = %q, %v", r.Text, r.Err)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

// TestNoKey: without a configured key no credential header is sent, and
// the 401 says the key is missing rather than rejected.
func TestNoKey(t *testing.T) {
	t.Setenv("ANTHROPIC_API_KEY", "sk-ant-from-env-junk")
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeAPIError(w, 401, "authentication_error", "x-api-key header is required", nil)
	})
	s := f.settings()
	s.APIKey = ""
	r := providertest.Collect(t, newProvider(t, s).Stream(t.Context(), simpleRequest()))
	wantErr(t, r.Err, providers.ErrAuth, 401, "Anthropic needs ANTHROPIC_API_KEY, which is not set (401)")
	h := f.requests()[0].Header
	if h.Get("Authorization") != "" || h.Get("X-Api-Key") != "" {
		t.Errorf("credential sent without a key configured: %v", h)
	}
}

// TestMidStreamError: an `event: error` after some text keeps the text and
// reports the provider's message; overloaded_error gets its own kind.
func TestMidStreamError(t *testing.T) {
	tests := []struct {
		typ, msg  string
		kind      providers.ErrorKind
		wantStart string
	}{
		{"api_error", "Internal server error", providers.ErrStream, "Anthropic: Internal server error"},
		{"overloaded_error", "Overloaded", providers.ErrOverloaded, "Anthropic is overloaded"},
	}
	for _, tc := range tests {
		t.Run(tc.typ, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				writeSSE(w, append(head(), textDelta("Hel"), textDelta("lo"), errorEvent(tc.typ, tc.msg)))
			})
			s := f.settings()
			s.MaxRetries = 3
			r := providertest.Collect(t, newProvider(t, s).Stream(t.Context(), simpleRequest()))
			wantErr(t, r.Err, tc.kind, 0, tc.wantStart)
			if r.Text != "Hello" {
				t.Errorf("partial text = %q, want %q", r.Text, "Hello")
			}
			if n := len(f.requests()); n != 1 {
				t.Errorf("a started stream was retried: %d requests", n)
			}
		})
	}
}

// TestDroppedConnection: the server vanishes mid-reply.
func TestDroppedConnection(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeSSE(w, append(head(), textDelta("Hel"), textDelta("lo")))
		providertest.Drop(t, w, "")
	})
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), simpleRequest()))
	wantErr(t, r.Err, providers.ErrConnection, 0, "connection lost after 2 tokens")
	if r.Text != "Hello" || r.Usage == nil || r.Usage.InputTokens != 10 {
		t.Errorf("partial text, usage = %q, %+v", r.Text, r.Usage)
	}
}

// TestStall: the server stops sending but keeps the connection open.
func TestStall(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeSSE(w, append(head(), textDelta("Hel"), textDelta("lo")))
		<-r.Context().Done() // until the client gives up
	})
	s := f.settings()
	s.IdleTimeout = 200 * time.Millisecond
	r := providertest.Collect(t, newProvider(t, s).Stream(t.Context(), simpleRequest()))
	pe := wantErr(t, r.Err, providers.ErrStalled, 0, "stream stalled: no data for 200ms after 2 tokens")
	if !errors.Is(pe, providers.ErrIdleTimeout) {
		t.Errorf("error does not wrap ErrIdleTimeout: %v", pe.Err)
	}
	if r.Text != "Hello" {
		t.Errorf("partial text = %q", r.Text)
	}
}

// TestNoMessageStop: the body ends cleanly but message_stop never came.
func TestNoMessageStop(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		evs := reply("Hel", "lo")
		writeSSE(w, evs[:len(evs)-1])
	})
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), simpleRequest()))
	wantErr(t, r.Err, providers.ErrIncomplete, 0, "stream ended early after 2 tokens")
	if r.Text != "Hello" || r.Usage == nil || r.Usage.OutputTokens != 7 {
		t.Errorf("partial text, usage = %q, %+v", r.Text, r.Usage)
	}
}

// TestCancel: the caller cancels after the first piece of text.
func TestCancel(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeSSE(w, append(head(), textDelta("Hel")))
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(ctx, simpleRequest()), func(ev providers.Event) {
		if ev.Kind == providers.EventText {
			cancel()
		}
	})
	wantErr(t, r.Err, providers.ErrCanceled, 0, "cancelled")
	if !errors.Is(r.Err, context.Canceled) {
		t.Errorf("error does not wrap context.Canceled: %v", r.Err)
	}
	if r.Text != "Hel" {
		t.Errorf("partial text = %q", r.Text)
	}
}

// TestUnreachable: nothing listens at the base URL.
func TestUnreachable(t *testing.T) {
	f := newFake(t, nil)
	s := f.settings()
	f.srv.Close()
	r := providertest.Collect(t, newProvider(t, s).Stream(t.Context(), simpleRequest()))
	pe := wantErr(t, r.Err, providers.ErrConnection, 0, "cannot reach "+s.BaseURL)
	if !strings.HasSuffix(pe.Message, "connection refused") {
		t.Errorf("message = %q, want the reason", pe.Message)
	}
}

// TestAudioRefused: audio cannot be sent, and nothing is sent at all.
func TestAudioRefused(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeSSE(w, reply("no")) })
	req := simpleRequest()
	req.Messages[0].Parts = append(req.Messages[0].Parts, providers.AudioPart{MIME: "audio/wav", Data: []byte("RIFF")})
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), req))
	wantErr(t, r.Err, providers.ErrBadRequest, 0, "Anthropic models cannot take audio; it must be transcribed first")
	if n := len(f.requests()); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}
