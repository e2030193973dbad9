package providers

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestSettingsHeaderTimeout: a server that thinks before sending its headers (Ollama
// loading a model) is waited for up to HeaderTimeout, not the idle timeout,
// while a zero HeaderTimeout still falls back to the idle timeout.
func TestSettingsHeaderTimeout(t *testing.T) {
	const idle, think = 100 * time.Millisecond, 400 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(think):
		case <-r.Context().Done():
			return
		}
		io.WriteString(w, "loaded")
	}))
	defer srv.Close()

	s := Settings{IdleTimeout: idle, HeaderTimeout: 10 * think, MaxRetries: -1}
	resp, err := s.Client().Get(srv.URL)
	if err != nil {
		t.Fatalf("with HeaderTimeout %v: %v", s.HeaderTimeout, err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(body) != "loaded" {
		t.Fatalf("body %q, err %v", body, err)
	}

	s.HeaderTimeout = 0
	if resp, err := s.Client().Get(srv.URL); err == nil {
		resp.Body.Close()
		t.Fatalf("HeaderTimeout 0 waited %v for headers with an idle timeout of %v", think, idle)
	}
	if got := s.WithDefaults().HeaderTimeout; got != idle {
		t.Errorf("default HeaderTimeout = %v, want the idle timeout %v", got, idle)
	}
}
