package providertest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// The OpenAI Chat Completions stream (PROVIDERS.md), which the openai
// adapter, the OpenAI-compatible servers and the end-to-end fakes all
// speak: `data: {chunk}` events, then `data: [DONE]`.

// ChatChunk is one chat.completion.chunk of model whose choice 0 carries
// delta (a JSON object) and finish ("" is null, the stream goes on).
func ChatChunk(model, delta, finish string) string {
	fr := "null"
	if finish != "" {
		fr = fmt.Sprintf("%q", finish)
	}
	return fmt.Sprintf(`{"id":"c1","object":"chat.completion.chunk","created":1,"model":%q,"choices":[{"index":0,"delta":%s,"finish_reason":%s}]}`,
		model, delta, fr)
}

// ChatText is a chunk carrying one piece of reply text.
func ChatText(model, text string) string {
	b, _ := json.Marshal(text) // a string always marshals
	return ChatChunk(model, `{"content":`+string(b)+`}`, "")
}

// ChatUsage is the final usage chunk (no choices) that stream_options
// include_usage asks for.
func ChatUsage(model string, in, out int) string {
	return fmt.Sprintf(`{"id":"c1","object":"chat.completion.chunk","created":1,"model":%q,"choices":[],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}`,
		model, in, out, in+out)
}

// ChatError is OpenAI's error body (the reply to a refused request).
func ChatError(msg, typ, code string) string {
	c := "null"
	if code != "" {
		c = fmt.Sprintf("%q", code)
	}
	return fmt.Sprintf(`{"error":{"message":%q,"type":%q,"param":null,"code":%s}}`, msg, typ, c)
}

// WriteChatReply streams a complete, well-formed reply of model: the SSE
// headers, the assistant role, one chunk per piece, finish "stop", the
// usage of a 10-token prompt and one token per piece, and [DONE].
func WriteChatReply(w http.ResponseWriter, model string, pieces ...string) {
	StartSSE(w)
	Data(w, ChatChunk(model, `{"role":"assistant","content":""}`, ""))
	for _, p := range pieces {
		Data(w, ChatText(model, p))
	}
	Data(w, ChatChunk(model, `{}`, "stop"), ChatUsage(model, 10, len(pieces)), "[DONE]")
}
