package providers

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// stallServer sends head, then waits for the client to leave (or the test
// to end) without sending anything more.
func stallServer(t *testing.T, head string) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(head))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // LIFO: unblock before Close waits
	return srv
}

func TestIdleTimeoutFailsSilentBody(t *testing.T) {
	srv := stallServer(t, "data: first\n\n")
	c := NewHTTPClient(time.Second, 150*time.Millisecond)
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if !errors.Is(err, ErrIdleTimeout) {
		t.Fatalf("read error = %v, want ErrIdleTimeout", err)
	}
	if string(got) != "data: first\n\n" {
		t.Errorf("bytes before the stall = %q, want them kept", got)
	}
}

// TestIdleTimeoutResetsOnData: the limit is on silence, not on length. The
// body takes well over the idle timeout in total, but no gap comes near it.
func TestIdleTimeoutResetsOnData(t *testing.T) {
	const chunks, gap, idle = 6, 150 * time.Millisecond, 600 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range chunks {
			w.Write([]byte("tick\n"))
			w.(http.Flusher).Flush()
			time.Sleep(gap)
		}
	}))
	defer srv.Close()
	resp, err := NewHTTPClient(time.Second, idle).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read error = %v after %d bytes; a steady trickle must not time out", err, len(got))
	}
	if strings.Count(string(got), "tick") != chunks {
		t.Errorf("got %q", got)
	}
}

func TestHeaderTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // never answer
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	_, err := NewHTTPClient(time.Second, 150*time.Millisecond).Get(srv.URL)
	if err == nil {
		t.Fatal("request without response headers did not time out")
	}
	if got := ShortReason(err); got != "timed out" {
		t.Errorf("ShortReason(%v) = %q, want %q", err, got, "timed out")
	}
}

// TestIdleBodyAfterEOF: once a body has ended, the idle timer must not
// fire later and turn a repeated read into ErrIdleTimeout.
func TestIdleBodyAfterEOF(t *testing.T) {
	b := newIdleBody(io.NopCloser(strings.NewReader("all of it")), 20*time.Millisecond)
	defer b.Close()
	if got, err := io.ReadAll(b); err != nil || string(got) != "all of it" {
		t.Fatalf("ReadAll = %q, %v", got, err)
	}
	time.Sleep(60 * time.Millisecond) // three idle periods
	if n, err := b.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Errorf("read after EOF = %d, %v; want 0, EOF", n, err)
	}
}

func TestIdleTimeoutDisabled(t *testing.T) {
	rt := IdleTimeoutTransport(roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("x"))}, nil
	}), 0)
	resp, err := rt.RoundTrip(httptest.NewRequest("GET", "http://x/", nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := resp.Body.(*idleBody); ok {
		t.Error("idle 0 should leave the body unwrapped")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
