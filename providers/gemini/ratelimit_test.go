package gemini

import (
	"context"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// TestRetryAfterPastTheCap: the genai SDK retries every 429 until its
// budget is spent; a Retry-After past the cap must stop it at once.
func TestRetryAfterPastTheCap(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "3600")
		apiErr(w, 429, "RESOURCE_EXHAUSTED", "daily quota")
	})
	p, ws := newTestProvider(t, f.srv.URL, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	wantErr(t, r.Err, providers.ErrRateLimited, 429, "rate limited by Gemini: it asks to wait 3600 s, more than parley's 60 s cap")
	if n := len(f.requests()); n != 1 || len(ws.all()) != 0 {
		t.Errorf("%d requests and waits %v, want 1 request and no wait", n, ws.all())
	}

	f = newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			apiErr(w, 429, "RESOURCE_EXHAUSTED", "quota")
			return
		}
		sse(w, textChunk("ok"), finishChunk("STOP", 1, 1))
	})
	p, _ = newTestProvider(t, f.srv.URL, nil)
	var seen []providers.RetryInfo
	ctx := providers.WithRetryNotify(context.Background(), func(ri providers.RetryInfo) { seen = append(seen, ri) })
	r = providertest.Collect(t, p.Stream(ctx, simpleReq("hi")))
	if r.Err != nil || r.Text != "ok" || len(seen) != 1 || seen[0].Status != 429 || seen[0].Attempt != 2 || seen[0].After <= 0 {
		t.Fatalf("text %q err %v notices %+v; want ok and one notice for attempt 2", r.Text, r.Err, seen)
	}
}
