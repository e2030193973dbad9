package providers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestHTTPErrorLines(t *testing.T) {
	cause := errors.New("sdk error")
	cases := []struct {
		status, retries     int
		keySource, provider string
		msg                 string
		kind                ErrorKind
		want                string
	}{
		{401, 0, "ANTHROPIC_API_KEY", "anthropic", "invalid x-api-key", ErrAuth, "ANTHROPIC_API_KEY was rejected (401)"},
		{403, 0, "", "openai", "", ErrAuth, "the API key was rejected (403)"},
		{429, 3, "K", "openai", "", ErrRateLimited, "rate limited, retried 3 times"},
		{429, 1, "K", "openai", "Too many", ErrRateLimited, "rate limited, retried 1 time: Too many"},
		{429, 0, "K", "openai", strings.Repeat("x", 150), ErrRateLimited, "rate limited"},
		{529, 2, "K", "anthropic", "Overloaded", ErrOverloaded, "Anthropic is overloaded (529), retried 2 times: Overloaded"},
		{500, 3, "K", "gemini", "Internal error", ErrServer, "Gemini server error (500) after 3 retries: Internal error"},
		{502, 1, "K", "local", "", ErrServer, "local server error (502) after 1 retry"},
		{504, 0, "K", "ollama", "", ErrServer, "Ollama server error (504)"},
		{400, 0, "K", "openai", "Invalid 'model'", ErrBadRequest, "Invalid 'model' (400)"},
		{404, 0, "K", "openai", "", ErrBadRequest, "not found (404)"},
		{422, 0, "K", "openai", "line one\n  line two", ErrBadRequest, "line one line two (422)"},
	}
	for _, c := range cases {
		e := HTTPError(c.status, c.retries, c.keySource, c.provider, c.msg, cause)
		if e.Kind != c.kind || e.Message != c.want || e.Status != c.status || !errors.Is(e, cause) {
			t.Errorf("HTTPError(%d, %d, %q) = kind %d %q, want kind %d %q", c.status, c.retries, c.msg, e.Kind, e.Message, c.kind, c.want)
		}
	}
}

func TestRedact(t *testing.T) {
	key := "my-custom-secret-value"
	in := "bad key my-custom-secret-value, also sk-proj-abcdEFGH1234 and AIzaSyA1234567890abcdefghijklmn"
	got := Redact(in, key)
	for _, s := range []string{key, "sk-proj-abcdEFGH1234", "AIzaSyA1234567890abcdefghijklmn"} {
		if strings.Contains(got, s) {
			t.Errorf("Redact left %q in %q", s, got)
		}
	}
	if !strings.HasPrefix(got, "bad key [redacted]") {
		t.Errorf("Redact = %q", got)
	}
	// Even without being told the key, HTTPError strips key-shaped text.
	if e := HTTPError(400, 0, "", "openai", "Incorrect API key provided: sk-abc123***xyz9", nil); strings.Contains(e.Message, "sk-abc") {
		t.Errorf("HTTPError kept a key: %q", e.Message)
	}
}

func TestStreamFailure(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		err  error
		kind ErrorKind
		want string
	}{
		{fmt.Errorf("read: %w", ErrIdleTimeout), ErrStalled, "stream stalled: no data for 1m0s after 12 tokens"},
		{io.ErrUnexpectedEOF, ErrConnection, "connection lost after 12 tokens"},
		{context.Canceled, ErrCanceled, "cancelled"},
	}
	for _, c := range cases {
		e := StreamFailure(ctx, c.err, 12, time.Minute)
		if e.Kind != c.kind || e.Message != c.want || !errors.Is(e, c.err) {
			t.Errorf("StreamFailure(%v) = %d %q, want %d %q", c.err, e.Kind, e.Message, c.kind, c.want)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if e := StreamFailure(cctx, io.ErrUnexpectedEOF, 1, time.Minute); e.Kind != ErrCanceled || !errors.Is(e, context.Canceled) {
		t.Errorf("a cancelled context must win: %v", e)
	}
	if e := Incomplete(1, nil); e.Message != "stream ended early after 1 token" || e.Kind != ErrIncomplete {
		t.Errorf("Incomplete = %q", e.Message)
	}
}

func TestCannotReachRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = http.Get("http://" + addr + "/")
	e := CannotReach("http://"+addr, err)
	if want := "cannot reach http://" + addr + ": connection refused"; e.Message != want || e.Kind != ErrConnection {
		t.Errorf("CannotReach = %q, want %q", e.Message, want)
	}
}

func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{"openai": "OpenAI", "anthropic": "Anthropic", "gemini": "Gemini", "ollama": "Ollama", "local": "local"} {
		if got := DisplayName(in); got != want {
			t.Errorf("DisplayName(%q) = %q, want %q", in, got, want)
		}
	}
}
