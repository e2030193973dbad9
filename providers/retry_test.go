package providers

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestBoundRetryAfter(t *testing.T) {
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	cases := []struct {
		name           string
		in             map[string]string
		limit          time.Duration
		wantRA, wantMs string
	}{
		{"seconds over", map[string]string{"Retry-After": "3600"}, 60 * time.Second, "60", "60000"},
		{"seconds under", map[string]string{"Retry-After": "2"}, 60 * time.Second, "2", ""},
		{"sub-second limit", map[string]string{"Retry-After": "1"}, 50 * time.Millisecond, "0", "50"},
		{"http date over", map[string]string{"Retry-After": future}, 60 * time.Second, "60", "60000"},
		{"ms over", map[string]string{"Retry-After-Ms": "90000"}, 60 * time.Second, "", "60000"},
		{"ms under, seconds over", map[string]string{"Retry-After-Ms": "500", "Retry-After": "3600"}, 60 * time.Second, "60", "500"},
		{"garbage kept", map[string]string{"Retry-After": "soon"}, 60 * time.Second, "soon", ""},
		{"none", map[string]string{}, 60 * time.Second, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range c.in {
				h.Set(k, v)
			}
			BoundRetryAfter(h, c.limit)
			if h.Get("Retry-After") != c.wantRA || h.Get("Retry-After-Ms") != c.wantMs {
				t.Errorf("got Retry-After %q, Retry-After-Ms %q; want %q, %q",
					h.Get("Retry-After"), h.Get("Retry-After-Ms"), c.wantRA, c.wantMs)
			}
		})
	}
}

func TestRetryClientCountsAndBounds(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	base := &http.Client{Timeout: time.Minute}
	c := RetryClient(base, RetryPolicy{MaxWait: 2 * time.Second})
	if base.Transport != nil {
		t.Error("RetryClient modified the client it was given")
	}
	if c.Timeout != time.Minute {
		t.Error("RetryClient lost the client's settings")
	}
	ctx, attempts := WithAttempts(context.Background())
	for range 3 {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if got := resp.Header.Get("Retry-After"); got != "2" {
			t.Errorf("Retry-After = %q, want bounded to 2", got)
		}
	}
	if attempts.Count() != 3 || attempts.Retries() != 2 {
		t.Errorf("attempts = %d, retries = %d; want 3, 2", attempts.Count(), attempts.Retries())
	}
	// A request without a counter is simply not counted.
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if attempts.Count() != 3 {
		t.Errorf("a request outside the context was counted")
	}
	var none *Attempts
	if none.Count() != 0 || none.Retries() != 0 || AttemptsFrom(context.Background()) != nil {
		t.Error("a missing counter should read as zero")
	}
}

func TestRetryTransportCountsFailedAttempts(t *testing.T) {
	rt := RetryTransport(roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, io.ErrUnexpectedEOF
	}), RetryPolicy{MaxWait: time.Second})
	ctx, attempts := WithAttempts(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://x/", strings.NewReader(""))
	if _, err := rt.RoundTrip(req); err == nil {
		t.Fatal("error lost")
	}
	if attempts.Count() != 1 {
		t.Errorf("a failed attempt was not counted")
	}
}
