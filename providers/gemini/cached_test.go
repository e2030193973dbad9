package gemini

import (
	"context"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// TestUsageReportsCachedTokens: cachedContentTokenCount (implicit caching)
// reaches the neutral usage, inside InputTokens.
func TestUsageReportsCachedTokens(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("ok"), `{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5000,"candidatesTokenCount":12,"cachedContentTokenCount":4096,"totalTokenCount":5012},"modelVersion":"gemini-2.5-flash"}`)
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	req := providers.Request{Model: "gemini-2.5-flash", Messages: []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "hi"}}}}}
	r := providertest.Collect(t, p.Stream(context.Background(), req))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	var last providers.Usage
	for _, ev := range r.Events {
		if ev.Kind == providers.EventUsage {
			last = ev.Usage
		}
	}
	if last != (providers.Usage{InputTokens: 5000, OutputTokens: 12, CachedInputTokens: 4096}) {
		t.Errorf("usage = %+v", last)
	}
}
