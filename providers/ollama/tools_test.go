package ollama

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// imageTool is the tool parley offers across the seam, in a variant of
// providertest.ImageTool: a property description (which Ollama keeps) and
// no additionalProperties (which the SDK's typed parameters would drop),
// so the body can be compared whole.
func imageTool() providers.Tool {
	tool := providertest.ImageTool() // fresh maps on every call: safe to edit
	tool.Parameters["properties"].(map[string]any)["prompt"] = map[string]any{"type": "string", "description": "what to draw"}
	delete(tool.Parameters, "additionalProperties")
	return tool
}

// toolChunk is a streamed line holding whole tool calls, as Ollama sends
// them (calls are never split across lines).
func toolChunk(calls string) string {
	return `{"model":"llama3.2","created_at":"2024-07-22T20:33:28Z","message":{"role":"assistant","content":"","tool_calls":` + calls + `},"done":false}` + "\n"
}

func TestToolDefinitionSent(t *testing.T) {
	f := newFake(t, ndjson(chunk("ok"), doneLine))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	req := textReq("llama3.2")
	req.Tools = []providers.Tool{imageTool(), {Name: "now"}}
	if r := providertest.Collect(t, p.Stream(context.Background(), req)); r.Err != nil {
		t.Fatal(r.Err)
	}
	want := providertest.MustDecode(t, `[
	 {"type":"function","function":{"name":"generate_image","description":"Draw a picture.",
	  "parameters":{"type":"object","required":["prompt"],"properties":{
	   "prompt":{"type":"string","description":"what to draw"},
	   "size":{"type":"string","enum":["1024x1024","512x512"]}}}}},
	 {"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}]`)
	if got := providertest.BodyField(t, f.srv.Requests()[0].Body, "tools"); !reflect.DeepEqual(got, want) {
		t.Errorf("tools =\n%#v\nwant\n%#v", got, want)
	}
}

// toolStream collects a stream's text, calls and finish reason.
func toolStream(t *testing.T, p *Provider, req providers.Request) (string, []providers.ToolCallPart, []providers.EventKind, string) {
	t.Helper()
	var text, finish string
	var calls []providers.ToolCallPart
	var kinds []providers.EventKind
	for ev, err := range p.Stream(context.Background(), req) {
		if err != nil {
			t.Fatalf("stream error: %v", err)
		}
		kinds = append(kinds, ev.Kind)
		switch ev.Kind {
		case providers.EventText:
			text += ev.Text
		case providers.EventToolCall:
			calls = append(calls, *ev.ToolCall)
		case providers.EventDone:
			finish = ev.FinishReason
		}
	}
	return text, calls, kinds, finish
}

func TestStreamToolCall(t *testing.T) {
	f := newFake(t, ndjson(chunk("Let me "), chunk("draw that."),
		toolChunk(`[{"id":"call_9x","function":{"index":0,"name":"generate_image","arguments":{"prompt":"a red fox","size":"512x512"}}}]`),
		doneLine))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	req := textReq("llama3.2")
	req.Tools = []providers.Tool{imageTool()}
	text, calls, kinds, finish := toolStream(t, p, req)
	if text != "Let me draw that." {
		t.Errorf("text = %q", text)
	}
	want := providers.ToolCallPart{ID: "call_9x", Name: "generate_image", Arguments: `{"prompt":"a red fox","size":"512x512"}`}
	if len(calls) != 1 || calls[0] != want {
		t.Fatalf("calls = %+v, want exactly %+v", calls, want)
	}
	wantKinds := []providers.EventKind{providers.EventText, providers.EventText, providers.EventToolCall,
		providers.EventUsage, providers.EventDone}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("kinds = %v, want %v", kinds, wantKinds)
	}
	if finish != "tool_calls" {
		t.Errorf("finish = %q, want tool_calls (the server said stop)", finish)
	}
}

// TestStreamToolCallNoID: servers before tool call IDs get one made up, a
// different one per call, so each result can pair with its call.
func TestStreamToolCallNoID(t *testing.T) {
	f := newFake(t, ndjson(toolChunk(`[{"function":{"index":0,"name":"now","arguments":{}}},{"function":{"index":1,"name":"now"}}]`), doneLine))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	_, calls, _, finish := toolStream(t, p, textReq("llama3.2"))
	if len(calls) != 2 || finish != "tool_calls" {
		t.Fatalf("calls %+v finish %q", calls, finish)
	}
	for _, c := range calls {
		if !strings.HasPrefix(c.ID, "call_") || c.Name != "now" || c.Arguments != "{}" {
			t.Errorf("call = %+v", c)
		}
	}
	if calls[0].ID == calls[1].ID {
		t.Errorf("both calls got ID %q", calls[0].ID)
	}
}

// foxArgs are the arguments of the tool tests' generate_image call.
const foxArgs = `{"size":"512x512","prompt":"a red fox"}`

// foxReq is the question before the tool round trip, offering imageTool.
func foxReq() providers.Request {
	req := textReq("llama3.2")
	req.Tools = []providers.Tool{imageTool()}
	return req
}

func TestToolFollowUpSent(t *testing.T) {
	f := newFake(t, ndjson(chunk("Here it is."), doneLine))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	if r := providertest.Collect(t, p.Stream(context.Background(), providertest.FollowUp(foxReq(), "call_9x", foxArgs, false))); r.Err != nil || r.Text != "Here it is." {
		t.Fatalf("text/err = %q/%v", r.Text, r.Err)
	}
	if r := providertest.Collect(t, p.Stream(context.Background(), providertest.FollowUp(foxReq(), "call_9x", foxArgs, true, providers.TextPart{Text: "bigger"}))); r.Err != nil {
		t.Fatal(r.Err)
	}
	// The arguments keep the model's key order.
	want := providertest.MustDecode(t, `[
	 {"role":"user","content":"Why is the sky blue?"},
	 {"role":"assistant","content":"Let me draw that.","tool_calls":[
	  {"id":"call_9x","function":{"index":0,"name":"generate_image","arguments":{"size":"512x512","prompt":"a red fox"}}}]},
	 {"role":"tool","content":"The image was shown to the user.","tool_name":"generate_image","tool_call_id":"call_9x"}]`)
	if got := providertest.BodyField(t, f.srv.Requests()[0].Body, "messages"); !reflect.DeepEqual(got, want) {
		t.Errorf("messages =\n%#v\nwant\n%#v", got, want)
	}
	if !strings.Contains(string(f.srv.Requests()[0].Body), `"arguments":{"size":"512x512","prompt":"a red fox"}`) {
		t.Errorf("argument order changed: %s", f.srv.Requests()[0].Body)
	}
	// A failure is marked in the text; text in the same message follows
	// the tool message as a user message.
	msgs, _ := providertest.BodyField(t, f.srv.Requests()[1].Body, "messages").([]any)
	wantTail := providertest.MustDecode(t, `[
	 {"role":"tool","content":"Error: The image was shown to the user.","tool_name":"generate_image","tool_call_id":"call_9x"},
	 {"role":"user","content":"bigger"}]`)
	if len(msgs) != 4 || !reflect.DeepEqual(msgs[2:], wantTail) {
		t.Errorf("messages = %#v", msgs)
	}
}

func TestToolRequestErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*providers.Request)
		want string
	}{
		{"call in user message", func(r *providers.Request) {
			r.Messages[0].Parts = []providers.Part{providers.ToolCallPart{Name: "x"}}
		}, "message 1: part 1: a tool call must be in an assistant message"},
		{"result in assistant message", func(r *providers.Request) {
			r.Messages[1].Parts = append(r.Messages[1].Parts, providers.ToolResultPart{Name: "x"})
		}, "message 2: part 3: a tool result must be in a user message"},
		{"arguments not an object", func(r *providers.Request) {
			r.Messages[1].Parts[1] = providers.ToolCallPart{Name: "generate_image", Arguments: `[1]`}
		}, `message 2: part 2: the arguments of tool call "generate_image" are not a JSON object`},
		{"schema not an object", func(r *providers.Request) {
			r.Tools = []providers.Tool{{Name: "x", Parameters: map[string]any{"type": "array"}}}
		}, `tool "x": parameters must be a JSON Schema of type "object", not array`},
		{"nameless tool", func(r *providers.Request) { r.Tools = []providers.Tool{{}} }, "tool 1 has no name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, ndjson(doneLine))
			p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
			req := providertest.FollowUp(foxReq(), "call_9x", foxArgs, false)
			tc.edit(&req)
			r := providertest.Collect(t, p.Stream(context.Background(), req))
			wantKind(t, r.Err, providers.ErrBadRequest, tc.want)
			if f.requests() != 0 {
				t.Errorf("bad input was sent")
			}
		})
	}
}
