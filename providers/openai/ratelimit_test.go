package openai

import (
	"context"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// TestRetryAfterPastTheCap: Retry-After past the 60 s cap (in seconds or
// as a date) fails at once with what was asked; under it, the wait is
// announced and the retry succeeds.
func TestRetryAfterPastTheCap(t *testing.T) {
	for ra, want := range map[string]string{
		"3600":                          "rate limited by OpenAI: it asks to wait 3600 s, more than parley's 60 s cap",
		"Wed, 21 Oct 2099 07:28:00 GMT": "rate limited by OpenAI: it asks to wait more than a day, more than parley's 60 s cap",
	} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Retry-After", ra)
			writeError(w, http.StatusTooManyRequests, "slow down", "requests")
		})
		p := f.provider(t, func(s *providers.Settings) { s.Name = "openai" })
		r := providertest.Collect(t, p.Stream(context.Background(), textRequest("q")))
		wantErr(t, r.Err, providers.ErrRateLimited, want)
		if f.count() != 1 {
			t.Errorf("Retry-After %s: server saw %d requests, want 1", ra, f.count())
		}
	}

	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			writeError(w, http.StatusTooManyRequests, "slow down", "requests")
			return
		}
		writeReply(w, "ok")
	})
	var seen []providers.RetryInfo
	ctx := providers.WithRetryNotify(context.Background(), func(ri providers.RetryInfo) { seen = append(seen, ri) })
	s := f.settings().WithDefaults()
	r := providertest.Collect(t, f.provider(t).Stream(ctx, textRequest("q")))
	want := providers.RetryInfo{Provider: s.Name, Status: 429, After: s.MaxRetryWait, Attempt: 2}
	if r.Err != nil || r.Text != "ok" || len(seen) != 1 || seen[0] != want {
		t.Fatalf("text %q err %v notices %+v; want ok and [%+v]", r.Text, r.Err, seen, want)
	}
}
