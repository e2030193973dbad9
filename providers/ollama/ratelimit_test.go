package ollama

import (
	"context"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

// TestRetryAfterPastTheCap: Ollama retries in our own loop; past the cap it
// must give up at once, and under it announce each wait it makes.
func TestRetryAfterPastTheCap(t *testing.T) {
	f := newFake(t, status(429, `{"error":"too many requests"}`, "Retry-After", "3600"))
	p, waits := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("llava")))
	wantKind(t, r.Err, providers.ErrRateLimited, "rate limited by Ollama: it asks to wait 3600 s, more than parley's 60 s cap")
	if f.requests() != 1 || len(*waits) != 0 {
		t.Errorf("requests = %d waits = %v, want 1 and none", f.requests(), *waits)
	}

	f = newFake(t, status(503, `{"error":"busy"}`, "Retry-After", "7"), ndjson(chunk("ok"), doneLine))
	p, _ = testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	var seen []providers.RetryInfo
	ctx := providers.WithRetryNotify(context.Background(), func(ri providers.RetryInfo) { seen = append(seen, ri) })
	r = providertest.Collect(t, p.Stream(ctx, textReq("llava")))
	want := providers.RetryInfo{Provider: "ollama", Status: 503, After: 7 * time.Second, Attempt: 2}
	if r.Err != nil || r.Text != "ok" || len(seen) != 1 || seen[0] != want {
		t.Fatalf("text %q err %v notices %+v; want ok and [%+v]", r.Text, r.Err, seen, want)
	}
}
