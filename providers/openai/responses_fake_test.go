package openai

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// This file speaks the Responses API's stream as OpenAI sends it: each
// event an "event:" line naming its type, a "data:" line with the JSON
// (which names the type again), a blank line; no [DONE] at the end.

// respSeq numbers events like OpenAI's sequence_number.
type respSeq struct{ n int }

// send writes one event whose JSON is fields plus type and
// sequence_number, then flushes it.
func (s *respSeq) send(t testing.TB, w http.ResponseWriter, typ string, fields map[string]any) {
	t.Helper()
	m := map[string]any{"type": typ, "sequence_number": s.n}
	for k, v := range fields {
		m[k] = v
	}
	s.n++
	b, err := json.Marshal(m)
	if err != nil {
		t.Errorf("marshal %s: %v", typ, err)
		return
	}
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", typ, b)
	w.(http.Flusher).Flush()
}

func (s *respSeq) created(t testing.TB, w http.ResponseWriter) {
	s.send(t, w, "response.created", map[string]any{"response": respObject("in_progress", nil)})
	s.send(t, w, "response.in_progress", map[string]any{"response": respObject("in_progress", nil)})
}

// textDelta is one piece of the message item at index out.
func (s *respSeq) textDelta(t testing.TB, w http.ResponseWriter, out int, text string) {
	s.send(t, w, "response.output_text.delta", map[string]any{
		"item_id": fmt.Sprintf("msg_%d", out), "output_index": out, "content_index": 0,
		"delta": text, "logprobs": []any{},
	})
}

// imageItem streams an image_generation_call at index out: added, the
// partial stages, then output_item.done with the final image.
func (s *respSeq) imageItem(t testing.TB, w http.ResponseWriter, out int, partials [][]byte, final []byte) {
	id := fmt.Sprintf("ig_%d", out)
	s.send(t, w, "response.output_item.added", map[string]any{"output_index": out,
		"item": map[string]any{"id": id, "type": "image_generation_call", "status": "in_progress"}})
	s.send(t, w, "response.image_generation_call.in_progress", map[string]any{"output_index": out, "item_id": id})
	s.send(t, w, "response.image_generation_call.generating", map[string]any{"output_index": out, "item_id": id})
	for i, p := range partials {
		s.send(t, w, "response.image_generation_call.partial_image", map[string]any{
			"output_index": out, "item_id": id, "partial_image_index": i,
			"partial_image_b64": base64.StdEncoding.EncodeToString(p),
			"output_format":     "png", "size": "1024x1024", "quality": "low", "background": "opaque",
		})
	}
	s.send(t, w, "response.image_generation_call.completed", map[string]any{"output_index": out, "item_id": id})
	s.send(t, w, "response.output_item.done", map[string]any{"output_index": out, "item": map[string]any{
		"id": id, "type": "image_generation_call", "status": "completed",
		"result": base64.StdEncoding.EncodeToString(final), "output_format": "png",
		"size": "1024x1024", "quality": "low", "background": "opaque", "revised_prompt": "a red square",
	}})
}

// completed ends the response with usage.
func (s *respSeq) completed(t testing.TB, w http.ResponseWriter, in, out int) {
	s.send(t, w, "response.completed", map[string]any{"response": respObject("completed",
		map[string]any{"input_tokens": in, "output_tokens": out, "total_tokens": in + out,
			"input_tokens_details":  map[string]any{"cached_tokens": 0},
			"output_tokens_details": map[string]any{"reasoning_tokens": 0}})})
}

// respObject is the response object carried by lifecycle events.
func respObject(status string, usage map[string]any) map[string]any {
	return map[string]any{"id": "resp_1", "object": "response", "created_at": 1, "status": status,
		"model": "gpt-4.1", "output": []any{}, "error": nil, "incomplete_details": nil, "usage": usage}
}
