package anthropic_test

import (
	"context"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// TestUsageReportsCachedTokens: cache_read_input_tokens counts as input
// and as cached input.
func TestUsageReportsCachedTokens(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		evs := reply("ok")
		evs[0].data = `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":3000,"output_tokens":1}}}`
		writeSSE(w, evs)
	})
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(context.Background(), simpleRequest()))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Usage == nil || *r.Usage != (providers.Usage{InputTokens: 3010, OutputTokens: 7, CachedInputTokens: 3000}) {
		t.Errorf("usage = %+v", r.Usage)
	}
}
