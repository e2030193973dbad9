package openai

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image/color"
	"net/http"
	"reflect"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// imageRequest is a conversation asking for a picture, with an attached
// image, an earlier assistant reply and a tool, ImageOutput set.
func imageRequest(attached []byte) providers.Request {
	return providers.Request{
		Model: "gpt-4.1", System: "Be brief.", MaxTokens: 500, ImageOutput: true,
		Messages: []providers.Message{
			{Role: providers.RoleUser, Parts: []providers.Part{
				providers.TextPart{Text: "what is this?"},
				providers.ImagePart{MIME: "image/png", Data: attached, Detail: "low"},
			}},
			{Role: providers.RoleAssistant, Parts: []providers.Part{providers.TextPart{Text: "A square."}}},
			{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "draw it red"}}},
		},
		Tools: []providers.Tool{providertest.ImageTool()},
	}
}

func TestResponsesTextAndImagesInOrder(t *testing.T) {
	attached := providertest.SolidPNG(t, 4, 4, color.RGBA{0, 0, 255, 255})
	p1, p2 := providertest.SolidPNG(t, 8, 8, color.RGBA{90, 0, 0, 255}), providertest.SolidPNG(t, 8, 8, color.RGBA{180, 0, 0, 255})
	final := providertest.SolidPNG(t, 16, 16, color.RGBA{255, 0, 0, 255})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var s respSeq
		startSSE(w)
		s.created(t, w)
		s.textDelta(t, w, 0, "Here it ")
		s.textDelta(t, w, 0, "is:")
		s.imageItem(t, w, 1, [][]byte{p1, p2}, final)
		s.textDelta(t, w, 2, "Enjoy.")
		s.completed(t, w, 42, 7)
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), imageRequest(attached)))
	if r.Err != nil {
		t.Fatalf("stream error: %v", r.Err)
	}
	type step struct {
		kind  providers.EventKind
		text  string
		data  []byte
		index int
	}
	want := []step{
		{kind: providers.EventText, text: "Here it "},
		{kind: providers.EventText, text: "is:"},
		{kind: providers.EventImagePartial, data: p1, index: 1},
		{kind: providers.EventImagePartial, data: p2, index: 1},
		{kind: providers.EventImage, data: final, index: 1},
		{kind: providers.EventText, text: "Enjoy."},
		{kind: providers.EventUsage},
		{kind: providers.EventDone},
	}
	if len(r.Events) != len(want) {
		t.Fatalf("got %d events %+v, want %d", len(r.Events), kinds(r.Events), len(want))
	}
	for i, w := range want {
		ev := r.Events[i]
		if ev.Kind != w.kind || ev.Text != w.text {
			t.Errorf("event %d = kind %d %q, want kind %d %q", i, ev.Kind, ev.Text, w.kind, w.text)
		}
		if w.data != nil {
			if ev.Image == nil || !bytes.Equal(ev.Image.Data, w.data) || ev.Image.Index != w.index || ev.Image.MIME != "image/png" {
				t.Errorf("event %d image = %+v, want %d bytes of image/png at index %d", i, ev.Image, len(w.data), w.index)
			}
		}
	}
	if r.Usage == nil || *r.Usage != (providers.Usage{InputTokens: 42, OutputTokens: 7}) {
		t.Errorf("usage = %+v, want 42/7", r.Usage)
	}
	if r.Done == nil || r.Done.FinishReason != "stop" {
		t.Errorf("done = %+v, want stop", r.Done)
	}
	checkResponsesBody(t, f.request(0), attached)
}

// checkResponsesBody asserts the request went to /v1/responses in the
// Responses shapes.
func checkResponsesBody(t *testing.T, got recorded, attached []byte) {
	t.Helper()
	if got.Method != http.MethodPost || got.Path != "/v1/responses" {
		t.Errorf("request = %s %s, want POST /v1/responses", got.Method, got.Path)
	}
	if a := got.Header.Get("Authorization"); a != "Bearer "+testKey {
		t.Errorf("Authorization = %q", a)
	}
	var body map[string]any
	if err := json.Unmarshal(got.Body, &body); err != nil {
		t.Fatalf("body: %v", err)
	}
	for k, v := range map[string]any{"model": "gpt-4.1", "stream": true, "store": false,
		"instructions": "Be brief.", "max_output_tokens": 500.0} {
		if body[k] != v {
			t.Errorf("body[%q] = %v, want %v", k, body[k], v)
		}
	}
	dataURL := "data:image/png;base64," + base64.StdEncoding.EncodeToString(attached)
	wantInput := []any{
		map[string]any{"role": "user", "content": []any{
			map[string]any{"type": "input_text", "text": "what is this?"},
			map[string]any{"type": "input_image", "image_url": dataURL, "detail": "low"},
		}},
		map[string]any{"type": "message", "role": "assistant", "status": "completed", "content": []any{
			map[string]any{"type": "output_text", "text": "A square."},
		}},
		map[string]any{"role": "user", "content": []any{
			map[string]any{"type": "input_text", "text": "draw it red"},
		}},
	}
	if !reflect.DeepEqual(body["input"], wantInput) {
		t.Errorf("input = %s", mustJSON(body["input"]))
	}
	wantTools := []any{
		map[string]any{"type": "image_generation", "partial_images": 2.0},
		map[string]any{"type": "function", "name": "generate_image", "description": "Draw a picture.",
			"strict": false, "parameters": providertest.MustDecode(t, `{"type":"object","properties":{"prompt":{"type":"string"},
			"size":{"type":"string","enum":["1024x1024","512x512"]}},"required":["prompt"],"additionalProperties":false}`)},
	}
	if !reflect.DeepEqual(body["tools"], wantTools) {
		t.Errorf("tools = %s", mustJSON(body["tools"]))
	}
	if _, ok := body["messages"]; ok {
		t.Errorf("a Responses request carries no chat messages")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func kinds(evs []providers.Event) []providers.EventKind {
	out := make([]providers.EventKind, len(evs))
	for i, ev := range evs {
		out[i] = ev.Kind
	}
	return out
}

func TestWithoutImageOutputChatCompletionsIsUsed(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "ok") })
	req := imageRequest(providertest.SolidPNG(t, 2, 2, color.RGBA{A: 255}))
	req.ImageOutput = false
	if r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req)); r.Err != nil || r.Text != "ok" {
		t.Fatalf("text %q, err %v", r.Text, r.Err)
	}
	if p := f.request(0).Path; p != "/v1/chat/completions" {
		t.Errorf("path = %s, want /v1/chat/completions", p)
	}
}

func TestResponsesErrorEvent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var s respSeq
		startSSE(w)
		s.created(t, w)
		s.textDelta(t, w, 0, "Drawing")
		s.send(t, w, "error", map[string]any{"code": "image_generation_user_error",
			"message": "Your request was rejected by the safety system. key " + testKey, "param": nil})
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), imageRequest(providertest.SolidPNG(t, 2, 2, color.RGBA{A: 255}))))
	wantErr(t, r.Err, providers.ErrStream, "Your request was rejected by the safety system. key [redacted]")
	if r.Text != "Drawing" {
		t.Errorf("partial text = %q", r.Text)
	}
}

func TestResponsesFailed(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var s respSeq
		startSSE(w)
		s.created(t, w)
		failed := respObject("failed", nil)
		failed["error"] = map[string]any{"code": "server_error", "message": "The server had an error\nwhile processing."}
		s.send(t, w, "response.failed", map[string]any{"response": failed})
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), imageRequest(providertest.SolidPNG(t, 2, 2, color.RGBA{A: 255}))))
	wantErr(t, r.Err, providers.ErrStream, "The server had an error while processing.")
}

func TestResponsesDroppedStream(t *testing.T) {
	partial := providertest.SolidPNG(t, 8, 8, color.RGBA{R: 9, A: 255})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var s respSeq
		startSSE(w)
		s.created(t, w)
		s.textDelta(t, w, 0, "one ")
		s.send(t, w, "response.image_generation_call.partial_image", map[string]any{"output_index": 1,
			"item_id": "ig_1", "partial_image_index": 0, "partial_image_b64": base64.StdEncoding.EncodeToString(partial)})
		providertest.Drop(t, w, "")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), imageRequest(providertest.SolidPNG(t, 2, 2, color.RGBA{A: 255}))))
	wantErr(t, r.Err, providers.ErrConnection, "connection lost after 2 tokens")
	if len(r.Events) != 2 || r.Events[1].Kind != providers.EventImagePartial || !bytes.Equal(r.Events[1].Image.Data, partial) {
		t.Errorf("events before the drop = %v", kinds(r.Events))
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests; a started stream must not be retried", f.count())
	}
}

func TestResponsesEndWithoutCompletedIsIncomplete(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var s respSeq
		startSSE(w)
		s.created(t, w)
		s.textDelta(t, w, 0, "a")
		s.textDelta(t, w, 0, "b")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), imageRequest(providertest.SolidPNG(t, 2, 2, color.RGBA{A: 255}))))
	wantErr(t, r.Err, providers.ErrIncomplete, "stream ended early after 2 tokens")
	if r.Text != "ab" {
		t.Errorf("partial text = %q", r.Text)
	}
}

func TestResponsesIncompleteIsLength(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var s respSeq
		startSSE(w)
		s.textDelta(t, w, 0, "cut")
		resp := respObject("incomplete", map[string]any{"input_tokens": 3, "output_tokens": 500})
		resp["incomplete_details"] = map[string]any{"reason": "max_output_tokens"}
		s.send(t, w, "response.incomplete", map[string]any{"response": resp})
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), imageRequest(providertest.SolidPNG(t, 2, 2, color.RGBA{A: 255}))))
	if r.Err != nil || r.Done == nil || r.Done.FinishReason != "length" {
		t.Fatalf("done = %+v, err %v; want finish reason length", r.Done, r.Err)
	}
	if r.Usage == nil || r.Usage.OutputTokens != 500 {
		t.Errorf("usage = %+v", r.Usage)
	}
}

func TestResponsesHTTPError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeError(w, http.StatusBadRequest, "Tool 'image_generation' is not supported with gpt-3.5-turbo.", "invalid_request_error")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), imageRequest(providertest.SolidPNG(t, 2, 2, color.RGBA{A: 255}))))
	wantErr(t, r.Err, providers.ErrBadRequest, "Tool 'image_generation' is not supported with gpt-3.5-turbo. (400)")
}

func TestResponsesAudioRefusedBeforeSending(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { t.Error("nothing should be sent") })
	req := providers.Request{Model: "gpt-4.1", ImageOutput: true, Messages: []providers.Message{{
		Role: providers.RoleUser, Parts: []providers.Part{providers.AudioPart{MIME: "audio/wav", Data: []byte("RIFF")}},
	}}}
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req))
	wantErr(t, r.Err, providers.ErrBadRequest,
		"message 1: part 1: the Responses API (used for image output) takes no audio; send a transcript")
}

func TestResponsesFunctionCallAndFollowUp(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var s respSeq
		startSSE(w)
		s.created(t, w)
		s.send(t, w, "response.function_call_arguments.delta", map[string]any{"output_index": 0, "item_id": "fc_1", "delta": `{"prompt":`})
		s.send(t, w, "response.output_item.done", map[string]any{"output_index": 0, "item": map[string]any{
			"id": "fc_1", "type": "function_call", "status": "completed", "call_id": "call_9",
			"name": "generate_image", "arguments": `{"prompt":"a fox"}`}})
		s.completed(t, w, 5, 3)
	})
	req := imageRequest(providertest.SolidPNG(t, 2, 2, color.RGBA{A: 255}))
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req))
	if r.Err != nil || r.Done == nil || r.Done.FinishReason != "tool_calls" {
		t.Fatalf("done = %+v, err %v; want tool_calls", r.Done, r.Err)
	}
	want := providers.ToolCallPart{ID: "call_9", Name: "generate_image", Arguments: `{"prompt":"a fox"}`}
	if r.Events[0].Kind != providers.EventToolCall || *r.Events[0].ToolCall != want {
		t.Fatalf("first event = %+v, want the call %+v", r.Events[0], want)
	}

	// The follow-up replays the call and answers it.
	req.Messages = append(req.Messages,
		providers.Message{Role: providers.RoleAssistant, Parts: []providers.Part{providers.TextPart{Text: "Drawing."}, want}},
		providers.Message{Role: providers.RoleUser, Parts: []providers.Part{
			providers.ToolResultPart{CallID: "call_9", Name: "generate_image", Content: "quota exceeded", IsError: true}}})
	if r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req)); r.Err != nil {
		t.Fatalf("follow-up: %v", r.Err)
	}
	var body struct {
		Input []map[string]any `json:"input"`
	}
	if err := json.Unmarshal(f.request(1).Body, &body); err != nil || len(body.Input) != 6 {
		t.Fatalf("follow-up input: %v %s", err, f.request(1).Body)
	}
	tail := body.Input[3:]
	if tail[0]["type"] != "message" || tail[0]["role"] != "assistant" {
		t.Errorf("item 4 = %v, want the assistant's text", tail[0])
	}
	wantCall := map[string]any{"type": "function_call", "call_id": "call_9", "name": "generate_image", "arguments": `{"prompt":"a fox"}`}
	if !reflect.DeepEqual(tail[1], wantCall) {
		t.Errorf("item 5 = %v, want %v", tail[1], wantCall)
	}
	wantOut := map[string]any{"type": "function_call_output", "call_id": "call_9", "output": "Error: quota exceeded"}
	if !reflect.DeepEqual(tail[2], wantOut) {
		t.Errorf("item 6 = %v, want %v", tail[2], wantOut)
	}
}
