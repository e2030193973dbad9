package openai

import (
	"context"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// TestUsageReportsCachedTokens: prompt_tokens_details.cached_tokens (the
// automatic prompt cache) reaches the neutral usage, inside InputTokens.
func TestUsageReportsCachedTokens(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		sse(w, roleChunk())
		sse(w, content("ok"))
		sse(w, finishChunk("stop"))
		sse(w, `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":2048,"completion_tokens":5,"total_tokens":2053,"prompt_tokens_details":{"cached_tokens":1920}}}`)
		sse(w, "[DONE]")
	})
	req := providers.Request{Model: "gpt-4o", Messages: []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "hi"}}}}}
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Usage == nil || *r.Usage != (providers.Usage{InputTokens: 2048, OutputTokens: 5, CachedInputTokens: 1920}) {
		t.Errorf("usage = %+v", r.Usage)
	}
}
