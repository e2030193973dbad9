package openai

import (
	"context"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// TestChunkFieldsOnTheWire drives the local chunk decoder with the shapes
// real servers send: null fields, usage on every chunk, refusals, both
// reasoning spellings at once, a non-string reasoning value (ignored), extra
// fields and choices other than index 0 (ignored).
func TestChunkFieldsOnTheWire(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		sse(w, `{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}`)
		sse(w, delta(`{"reasoning_content":"first","reasoning":"second"}`, ""))
		sse(w, delta(`{"reasoning":{"effort":"high"},"content":"a"}`, ""))
		sse(w, `{"choices":[{"index":1,"delta":{"content":"other choice"}},{"index":0,"delta":{"content":"b","tool_calls":[{"index":0}]}}]}`)
		sse(w, delta(`{"refusal":"no."}`, ""))
		sse(w, `{"choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10,"completion_tokens_details":{"reasoning_tokens":1}}}`)
		sse(w, "[DONE]")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Reasoning != "first" || r.Text != "ab"+"no." {
		t.Errorf("reasoning = %q, text = %q", r.Reasoning, r.Text)
	}
	if r.Usage == nil || *r.Usage != (providers.Usage{InputTokens: 7, OutputTokens: 3}) {
		t.Errorf("usage = %+v", r.Usage)
	}
	if r.Done == nil || r.Done.FinishReason != "content_filter" {
		t.Errorf("done = %+v", r.Done)
	}
}

// TestMalformedChunk checks that a chunk of the wrong shape ends the stream
// as malformed (not as a lost connection) and keeps the text before it.
func TestMalformedChunk(t *testing.T) {
	for name, bad := range map[string]string{
		"wrong type": delta(`{"content":5}`, ""),
		"not JSON":   `{"choices":[{`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				startSSE(w)
				sse(w, content("ok"))
				sse(w, bad)
				sse(w, "[DONE]")
			})
			r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
			wantErr(t, r.Err, providers.ErrStream, "OpenAI sent a malformed stream after 1 tokens")
			if r.Text != "ok" {
				t.Errorf("partial text = %q", r.Text)
			}
		})
	}
}
