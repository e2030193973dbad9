package anthropic_test

import (
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// TestRetryAfterPastTheCap: a 429 asking for an hour is given up on at
// once, saying what was asked; one under the cap is announced through
// WithRetryNotify with the wait the SDK then makes, and retried.
func TestRetryAfterPastTheCap(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeAPIError(w, 429, "rate_limit_error", "daily limit", map[string]string{"Retry-After": "3600"})
	})
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), simpleRequest()))
	wantErr(t, r.Err, providers.ErrRateLimited, 429, "rate limited by Anthropic: it asks to wait 3600 s, more than parley's 60 s cap")
	if n := len(f.requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1 (no retry past the cap)", n)
	}

	f = newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeAPIError(w, 429, "rate_limit_error", "slow down", map[string]string{"Retry-After": "2"})
			return
		}
		writeSSE(w, reply("ok"))
	})
	var seen []providers.RetryInfo
	ctx := providers.WithRetryNotify(t.Context(), func(ri providers.RetryInfo) { seen = append(seen, ri) })
	s := f.settings()
	s.MaxRetries = 1
	r = providertest.Collect(t, newProvider(t, s).Stream(ctx, simpleRequest()))
	want := providers.RetryInfo{Provider: s.Name, Status: 429, After: s.MaxRetryWait, Attempt: 2}
	if r.Err != nil || r.Text != "ok" || len(seen) != 1 || seen[0] != want {
		t.Fatalf("text %q err %v notices %+v; want ok and [%+v]", r.Text, r.Err, seen, want)
	}
}
