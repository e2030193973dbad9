package gemini

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

func TestHTTPErrors(t *testing.T) {
	const badKeyBody = `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}}`
	cases := []struct {
		name     string
		status   int
		body     string // raw body; "" = apiErr with gstatus/msg
		gstatus  string
		msg      string
		kind     providers.ErrorKind
		want     string
		requests int // 1 = not retried; 4 = three retries
	}{
		{"401", 401, "", "UNAUTHENTICATED", "Request had invalid authentication credentials.", providers.ErrAuth, "GEMINI_API_KEY was rejected (401)", 1},
		{"400 bad key", 400, badKeyBody, "", "", providers.ErrAuth, "GEMINI_API_KEY was rejected (400)", 1},
		{"403", 403, "", "PERMISSION_DENIED", "The caller does not have permission", providers.ErrAuth, "GEMINI_API_KEY was rejected (403)", 1},
		{"429", 429, "", "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", providers.ErrRateLimited, "rate limited, retried 3 times: Resource has been exhausted (e.g. check quota).", 4},
		{"500", 500, "", "INTERNAL", "An internal error has occurred.", providers.ErrServer, "Gemini server error (500) after 3 retries: An internal error has occurred.", 4},
		{"503", 503, "", "UNAVAILABLE", "The model is overloaded. Please try again later.", providers.ErrOverloaded, "Gemini is overloaded (503), retried 3 times", 4},
		{"404", 404, "", "NOT_FOUND", "models/nope is not found for API version v1beta", providers.ErrBadRequest, "models/nope is not found for API version v1beta (404)", 1},
		// The server echoes the key (as some proxies do): it must be masked.
		{"400 echoes key", 400, "", "INVALID_ARGUMENT", "Bad value in https://h/x?alt=sse&key=" + testKey + " for " + testKey, providers.ErrBadRequest, "Bad value in https://h/x?alt=sse&key=[redacted] for [redacted] (400)", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if tc.body != "" {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(tc.status)
					io.WriteString(w, tc.body)
					return
				}
				apiErr(w, tc.status, tc.gstatus, tc.msg)
			})
			p, _ := newTestProvider(t, f.srv.URL, nil)
			r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
			wantErr(t, r.Err, tc.kind, tc.status, tc.want)
			if n := len(f.requests()); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
			if len(r.Events) != 0 {
				t.Errorf("events before an HTTP error: %+v", r.Events)
			}
		})
	}
}

func TestRetryAfterIsHonouredAndBounded(t *testing.T) {
	for _, tc := range []struct {
		header  string
		maxWait time.Duration
		want    time.Duration // total asked per retry, before the SDK's backoff
	}{
		{"2", 60 * time.Second, 2 * time.Second},
		{"45", 5 * time.Second, 5 * time.Second}, // under the cap, bounded
	} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n <= 2 {
				w.Header().Set("Retry-After", tc.header)
				apiErr(w, 429, "RESOURCE_EXHAUSTED", "quota")
				return
			}
			sse(w, textChunk("finally"), finishChunk("STOP", 1, 1))
		})
		p, ws := newTestProvider(t, f.srv.URL, func(s *providers.Settings) { s.MaxRetryWait = tc.maxWait })
		r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
		if r.Err != nil || r.Text != "finally" {
			t.Fatalf("Retry-After %s: err %v text %q", tc.header, r.Err, r.Text)
		}
		if n := len(f.requests()); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
		// The transport sleeps what the server asked (bounded) minus the
		// SDK's own 1 ms·2^(n-1) backoff, which follows.
		want := []time.Duration{tc.want - time.Millisecond, tc.want - 2*time.Millisecond}
		if got := ws.all(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("Retry-After %s: waits %v, want %v", tc.header, got, want)
		}
	}
}

func TestNoRetriesWhenDisabled(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "1")
		apiErr(w, 429, "RESOURCE_EXHAUSTED", "quota")
	})
	p, ws := newTestProvider(t, f.srv.URL, func(s *providers.Settings) { s.MaxRetries = -1 })
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	pe := wantErr(t, r.Err, providers.ErrRateLimited, 429, "rate limited: quota")
	if strings.Contains(pe.Message, "retried") {
		t.Errorf("message %q claims retries", pe.Message)
	}
	if n := len(f.requests()); n != 1 || len(ws.all()) != 0 {
		t.Errorf("%d requests, waits %v; want 1 request and no wait", n, ws.all())
	}
}

func TestMidStreamErrorEvent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Partial"), `{"error":{"code":500,"message":"An internal error has occurred. Please retry.","status":"INTERNAL"}}`)
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	wantErr(t, r.Err, providers.ErrStream, 500, "Gemini: An internal error has occurred. Please retry.")
	if r.Text != "Partial" {
		t.Errorf("partial text = %q, want it kept", r.Text)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests: a stream that started must not be retried", n)
	}
}

func TestDroppedConnection(t *testing.T) {
	for name, tail := range map[string]string{
		"between events": "",
		"mid event":      `data: {"candidates":[{"content":{"parts":[{"text":"lo`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				sse(w, textChunk("Hel"), textChunk("lo there"))
				providertest.Drop(t, w, tail)
			})
			p, _ := newTestProvider(t, f.srv.URL, nil)
			r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
			// 11 characters received ≈ 3 tokens.
			pe := wantErr(t, r.Err, providers.ErrConnection, 0, "connection lost after 3 tokens")
			if r.Text != "Hello there" {
				t.Errorf("partial text = %q", r.Text)
			}
			if errors.Is(pe, providers.ErrIdleTimeout) {
				t.Errorf("a drop reported as a stall")
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {})
	url := f.srv.URL
	f.srv.Close()
	p, _ := newTestProvider(t, url, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	wantErr(t, r.Err, providers.ErrConnection, 0, "cannot reach "+url+"/: connection refused")
}

func TestStall(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Slow start"))
		providertest.Hold(r)
	})
	p, _ := newTestProvider(t, f.srv.URL, func(s *providers.Settings) { s.IdleTimeout = 200 * time.Millisecond })
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	pe := wantErr(t, r.Err, providers.ErrStalled, 0, "stream stalled: no data for 200ms after 3 tokens")
	if !errors.Is(pe, providers.ErrIdleTimeout) {
		t.Errorf("stall error does not wrap ErrIdleTimeout")
	}
	if r.Text != "Slow start" {
		t.Errorf("partial text = %q", r.Text)
	}
}

func TestStreamEndsWithoutFinishReason(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Half an ans"), textChunk("wer"))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	wantErr(t, r.Err, providers.ErrIncomplete, 0, "stream ended early after 4 tokens")
	if r.Text != "Half an answer" {
		t.Errorf("partial text = %q", r.Text)
	}
}

func TestSafetyRefusal(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("I can start"),
			`{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"SAFETY","index":0,"safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]}]}`)
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	wantErr(t, r.Err, providers.ErrBadRequest, 0, "Gemini refused: SAFETY")
	if r.Text != "I can start" {
		t.Errorf("partial text = %q", r.Text)
	}
}

func TestBlockedPrompt(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, `{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":5,"totalTokenCount":5}}`)
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	wantErr(t, r.Err, providers.ErrBadRequest, 0, "Gemini refused the prompt: PROHIBITED_CONTENT")
}

// TestCancel also checks that nothing reaches the terminal: the SDK's
// log.Printf on a cancelled read must go to the standard logger's output
// (a log file in parley), and this package must print nothing itself.
func TestCancel(t *testing.T) {
	var logBuf bytes.Buffer
	oldOut, oldFlags := log.Writer(), log.Flags()
	log.SetOutput(&logBuf)
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	oldStderr := os.Stderr
	os.Stderr = wr
	t.Cleanup(func() { log.SetOutput(oldOut); log.SetFlags(oldFlags) })

	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Before cancel"))
		providertest.Hold(r)
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var text string
	var streamErr error
	for ev, err := range p.Stream(ctx, simpleReq("hi")) {
		if err != nil {
			streamErr = err
			break
		}
		text += ev.Text
		cancel() // the user presses Esc after the first words
	}

	os.Stderr = oldStderr
	wr.Close()
	printed, _ := io.ReadAll(rd)
	if len(printed) != 0 {
		t.Errorf("written to stderr during cancel: %q", printed)
	}
	pe := wantErr(t, streamErr, providers.ErrCanceled, 0, "cancelled")
	if !errors.Is(pe, context.Canceled) {
		t.Errorf("cancel error does not wrap context.Canceled")
	}
	if text != "Before cancel" {
		t.Errorf("text = %q", text)
	}
	// The SDK did log (so the redirect is what keeps it off the terminal),
	// and the key is not in what it logged.
	if !strings.Contains(logBuf.String(), "context canceled") || strings.Contains(logBuf.String(), testKey) {
		t.Errorf("standard logger got %q, want the SDK's cancel message without the key", logBuf.String())
	}
}
