package anthropic_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

func TestToolDefinitionSent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeSSE(w, reply("ok")) })
	req := simpleRequest()
	req.Tools = []providers.Tool{providertest.ImageTool(), {Name: "now", Parameters: nil}}
	if r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), req)); r.Err != nil {
		t.Fatalf("err = %v", r.Err)
	}
	want := providertest.MustDecode(t, `[
	 {"name":"generate_image","description":"Draw a picture.","input_schema":{"type":"object",
	  "properties":{"prompt":{"type":"string"},"size":{"type":"string","enum":["1024x1024","512x512"]}},
	  "required":["prompt"],"additionalProperties":false}},
	 {"name":"now","input_schema":{"type":"object","properties":{}}}]`)
	if got := f.requests()[0].Body["tools"]; !reflect.DeepEqual(got, want) {
		t.Errorf("tools =\n%#v\nwant\n%#v", got, want)
	}
}

// toolReply is a reply that says something, then calls generate_image with
// its input split over several input_json_delta events.
func toolReply(fragments ...string) []sseEvent {
	evs := head()
	evs = append(evs, textDelta("Let me draw that."), sseEvent{"content_block_stop", evBlockStop},
		sseEvent{"content_block_start", `{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01A","name":"generate_image","input":{}}}`})
	for _, frag := range fragments {
		q, _ := json.Marshal(frag)
		evs = append(evs, sseEvent{"content_block_delta",
			fmt.Sprintf(`{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":%s}}`, q)})
	}
	return append(evs,
		sseEvent{"content_block_stop", `{"type":"content_block_stop","index":1}`},
		sseEvent{"message_delta", `{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":40}}`},
		sseEvent{"message_stop", evMessageStop})
}

func TestStreamToolCall(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeSSE(w, toolReply(``, `{"prompt": "a red`, ` fox", "si`, `ze": "512x512"}`))
	})
	req := simpleRequest()
	req.Tools = []providers.Tool{providertest.ImageTool()}
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), req))
	if r.Err != nil {
		t.Fatalf("err = %v", r.Err)
	}
	if r.Text != "Let me draw that." {
		t.Errorf("text = %q", r.Text)
	}
	calls, kinds := r.ToolCalls(), r.Kinds()
	want := providers.ToolCallPart{ID: "toolu_01A", Name: "generate_image", Arguments: `{"prompt": "a red fox", "size": "512x512"}`}
	if len(calls) != 1 || calls[0] != want {
		t.Fatalf("tool calls = %+v, want exactly %+v", calls, want)
	}
	wantKinds := []providers.EventKind{providers.EventUsage, providers.EventText, providers.EventToolCall,
		providers.EventUsage, providers.EventDone}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("event kinds = %v, want %v", kinds, wantKinds)
	}
	if r.Done == nil || r.Done.FinishReason != "tool_calls" {
		t.Errorf("done = %+v, want finish reason tool_calls", r.Done)
	}
}

// TestStreamToolCallNoInput: a call to a tool without parameters streams
// no input at all; the caller still gets a JSON object.
func TestStreamToolCallNoInput(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeSSE(w, toolReply()) })
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), simpleRequest()))
	if r.Err != nil {
		t.Fatalf("err = %v", r.Err)
	}
	for _, ev := range r.Events {
		if ev.Kind == providers.EventToolCall && ev.ToolCall.Arguments != "{}" {
			t.Errorf("arguments = %q, want {}", ev.ToolCall.Arguments)
		}
	}
}

// TestStreamToolCallBadJSON: input that does not parse is a stream error
// naming the tool, not a call the app would run with garbage.
func TestStreamToolCallBadJSON(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeSSE(w, toolReply(`{"prompt": "a red`))
	})
	r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), simpleRequest()))
	wantErr(t, r.Err, providers.ErrStream, 0, `Anthropic sent a call to tool "generate_image" whose input is not a JSON object`)
	for _, ev := range r.Events {
		if ev.Kind == providers.EventToolCall {
			t.Errorf("malformed call yielded: %+v", ev.ToolCall)
		}
	}
	if r.Text != "Let me draw that." {
		t.Errorf("text before the failure lost: %q", r.Text)
	}
}

// foxCall is the generate_image call of the tool tests' round trip.
const foxCallID, foxArgs = "toolu_01A", `{"prompt":"a red fox"}`

func TestToolFollowUpSent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeSSE(w, reply("Here it is.")) })
	p := newProvider(t, f.settings())
	if r := providertest.Collect(t, p.Stream(t.Context(), providertest.FollowUp(simpleRequest(), foxCallID, foxArgs, false))); r.Err != nil || r.Text != "Here it is." {
		t.Fatalf("text/err = %q/%v", r.Text, r.Err)
	}
	after := providers.Message{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "bigger"}}}
	onlyCall := providertest.FollowUp(simpleRequest(), foxCallID, foxArgs, true)
	onlyCall.Messages = append(onlyCall.Messages, after)
	if r := providertest.Collect(t, p.Stream(t.Context(), onlyCall)); r.Err != nil {
		t.Fatalf("err = %v", r.Err)
	}
	reqs := f.requests()
	want := providertest.MustDecode(t, `[
	 {"role":"user","content":[{"type":"text","text":"hi"}]},
	 {"role":"assistant","content":[{"type":"text","text":"Let me draw that."},
	  {"type":"tool_use","id":"toolu_01A","name":"generate_image","input":{"prompt":"a red fox"}}]},
	 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A",
	  "content":[{"type":"text","text":"The image was shown to the user."}]}]}]`)
	if got := reqs[0].Body["messages"]; !reflect.DeepEqual(got, want) {
		t.Errorf("messages =\n%#v\nwant\n%#v", got, want)
	}
	// A failed tool says so, and the following text joins the same user
	// turn after the result.
	wantLast := providertest.MustDecode(t, `{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A","is_error":true,
	  "content":[{"type":"text","text":"The image was shown to the user."}]},{"type":"text","text":"bigger"}]}`)
	msgs, _ := reqs[1].Body["messages"].([]any)
	if len(msgs) != 3 || !reflect.DeepEqual(msgs[2], wantLast) {
		t.Errorf("second follow-up messages = %#v", msgs)
	}
}

// TestToolIDsFromElsewhere: IDs the API would refuse (another provider's,
// or none) are mapped the same way in the call and its result.
func TestToolIDsFromElsewhere(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeSSE(w, reply("ok")) })
	req := providertest.FollowUp(simpleRequest(), foxCallID, foxArgs, false)
	req.Messages[1].Parts[1] = providers.ToolCallPart{ID: "fc/7.x", Name: "generate_image", Arguments: ""}
	req.Messages[2].Parts[0] = providers.ToolResultPart{CallID: "fc/7.x", Name: "generate_image", Content: ""}
	if r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), req)); r.Err != nil {
		t.Fatalf("err = %v", r.Err)
	}
	msgs, _ := f.requests()[0].Body["messages"].([]any)
	wantCall := providertest.MustDecode(t, `{"type":"tool_use","id":"fc_7_x","name":"generate_image","input":{}}`)
	wantResult := providertest.MustDecode(t, `{"role":"user","content":[{"type":"tool_result","tool_use_id":"fc_7_x"}]}`)
	if len(msgs) != 3 || !reflect.DeepEqual(msgs[1].(map[string]any)["content"].([]any)[1], wantCall) ||
		!reflect.DeepEqual(msgs[2], wantResult) {
		t.Errorf("messages = %#v", msgs)
	}
}

func TestToolRequestErrors(t *testing.T) {
	call := providers.ToolCallPart{ID: "a", Name: "generate_image", Arguments: `{}`}
	tests := []struct {
		name string
		edit func(*providers.Request)
		want string
	}{
		{"call in user message", func(r *providers.Request) { r.Messages[0].Parts = []providers.Part{call} },
			"message 1, part 1: a tool call must be in an assistant message"},
		{"result in assistant message", func(r *providers.Request) {
			r.Messages[1].Parts = append(r.Messages[1].Parts, providers.ToolResultPart{CallID: "a"})
		}, "message 2, part 3: a tool result must be in a user message"},
		{"arguments not an object", func(r *providers.Request) {
			r.Messages[1].Parts[1] = providers.ToolCallPart{ID: "a", Name: "generate_image", Arguments: `[1]`}
		}, `message 2, part 2: the arguments of tool call "generate_image" are not a JSON object`},
		{"schema not an object", func(r *providers.Request) {
			r.Tools = []providers.Tool{{Name: "x", Parameters: map[string]any{"type": "string"}}}
		}, `tool "x": parameters must be a JSON Schema of type "object", not string`},
		{"nameless tool", func(r *providers.Request) { r.Tools = []providers.Tool{{}} }, "tool 1 has no name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeSSE(w, reply("ok")) })
			req := providertest.FollowUp(simpleRequest(), foxCallID, foxArgs, false)
			tc.edit(&req)
			r := providertest.Collect(t, newProvider(t, f.settings()).Stream(t.Context(), req))
			pe := wantErr(t, r.Err, providers.ErrBadRequest, 0, tc.want)
			if pe.Message != tc.want {
				t.Errorf("message = %q, want %q", pe.Message, tc.want)
			}
			if n := len(f.requests()); n != 0 {
				t.Errorf("%d requests sent for bad input", n)
			}
		})
	}
}
