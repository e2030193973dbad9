package providers

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		ms, ra string
		want   time.Duration
		ok     bool
	}{
		{"", "7", 7 * time.Second, true},
		{"", "1.5", 1500 * time.Millisecond, true},
		{"250", "7", 250 * time.Millisecond, true}, // -ms wins
		{"", "Tue, 01 Dec 2026 20:00:42 GMT", 42 * time.Second, true},
		{"", "Tue, 01 Dec 2026 19:00:00 GMT", 0, true}, // in the past: now
		{"", "-1", 0, false},
		{"", "soon", 0, false},
		{"", "1e400", 0, false},
		{"", "", 0, false},
	} {
		h := http.Header{}
		if tc.ms != "" {
			h.Set("Retry-After-Ms", tc.ms)
		}
		if tc.ra != "" {
			h.Set("Retry-After", tc.ra)
		}
		got, ok := ParseRetryAfter(h, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(ms=%q, ra=%q) = %v, %v; want %v, %v", tc.ms, tc.ra, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRetryTooLongMessage(t *testing.T) {
	e := RetryTooLong("openai", 429, time.Hour, DefaultRetryAfterCap)
	if e.Kind != ErrRateLimited || e.Error() != "rate limited by OpenAI: it asks to wait 3600 s, more than parley's 60 s cap" {
		t.Errorf("429: %v (%v)", e, e.Kind)
	}
	e = RetryTooLong("local", 503, 90*time.Second+time.Millisecond, time.Minute)
	if e.Kind != ErrOverloaded || e.Error() != "local is busy (503): it asks to wait 91 s, more than parley's 60 s cap" {
		t.Errorf("503: %v (%v)", e, e.Kind)
	}
}

// TestRetryTransportRefusesPastTheCapAndAnnouncesWaits drives the transport
// as an SDK would: attempt after attempt with the same context.
func TestRetryTransportRefusesPastTheCapAndAnnouncesWaits(t *testing.T) {
	asked := "3600"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if asked != "" {
			w.Header().Set("Retry-After", asked)
		}
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := RetryClient(nil, RetryPolicy{Provider: "openai", MaxRetries: 2, MaxWait: 30 * time.Second, Cap: time.Minute})
	var seen []RetryInfo
	do := func(ctx context.Context) *http.Response {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	ctx, a := WithAttempts(WithRetryNotify(context.Background(), func(ri RetryInfo) { seen = append(seen, ri) }))
	resp := do(ctx)
	if resp.Header.Get("X-Should-Retry") != "false" || a.Refused() == nil ||
		a.Refused().Error() != "rate limited by OpenAI: it asks to wait 3600 s, more than parley's 60 s cap" || len(seen) != 0 {
		t.Fatalf("3600 s: X-Should-Retry %q, refused %v, notified %v", resp.Header.Get("X-Should-Retry"), a.Refused(), seen)
	}

	asked = "42"
	ctx, a = WithAttempts(WithRetryNotify(context.Background(), func(ri RetryInfo) { seen = append(seen, ri) }))
	for range 3 {
		resp = do(ctx)
	}
	asked = ""
	ctx, _ = WithAttempts(WithRetryNotify(context.Background(), func(ri RetryInfo) { seen = append(seen, ri) }))
	resp = do(ctx)
	want := []RetryInfo{
		{Provider: "openai", Status: 429, After: 30 * time.Second, Attempt: 2}, // 42 s bounded by MaxWait
		{Provider: "openai", Status: 429, After: 30 * time.Second, Attempt: 3},
		{Provider: "openai", Status: 429, After: 500 * time.Millisecond, Attempt: 2}, // no header: Backoff(1)
	}
	if a.Refused() != nil || len(seen) != len(want) {
		t.Fatalf("refused %v, notified %+v; want %+v", a.Refused(), seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("notice %d = %+v, want %+v", i, seen[i], want[i])
		}
	}
	// The wait announced is the wait the SDK is told to make.
	if got := resp.Header.Get("Retry-After-Ms"); got != "500" {
		t.Errorf("Retry-After-Ms = %q, want 500", got)
	}
}
