package providertest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Request is one request as a Server received it.
type Request struct {
	Method, Path, Query string      // Query is the raw query, without "?"
	Header              http.Header // a copy of the request's headers
	Body                []byte      // the whole body as sent
}

// JSON decodes the body as a JSON object; nil for an empty body. A body
// that is not JSON fails the test: every adapter sends JSON.
func (r Request) JSON(t testing.TB) map[string]any {
	t.Helper()
	if len(r.Body) == 0 {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Errorf("request body is not JSON: %v", err)
	}
	return m
}

// Server is an httptest server that records every request and lets a
// handler answer request n (1-based), so tests can script retries.
type Server struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []Request
}

// NewServer starts a Server answered by handle, which can still read the
// request body. At cleanup it cuts client
// connections before closing, which ends handlers blocked on the request
// context (stall tests).
func NewServer(t testing.TB, handle func(w http.ResponseWriter, r *http.Request, n int)) *Server {
	t.Helper()
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body)) // the handler may read it too
		s.mu.Lock()
		s.reqs = append(s.reqs, Request{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
		n := len(s.reqs)
		s.mu.Unlock()
		handle(w, r, n)
	}))
	t.Cleanup(func() {
		s.CloseClientConnections()
		s.Close()
	})
	return s
}

// Requests returns a copy of what the server has received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count is how many requests the server has received.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// Hold keeps a handler open, sending nothing more, until the client goes
// away (the server cancels the request context when the connection closes).
func Hold(r *http.Request) { <-r.Context().Done() }
