package openai

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// callFrag is a chunk with tool call fragments, as OpenAI streams them.
func callFrag(frags ...string) string {
	return delta(`{"tool_calls":[`+strings.Join(frags, ",")+`]}`, "")
}

// argsFrag is a fragment carrying only a piece of call index's arguments.
func argsFrag(index int, piece string) string {
	q, _ := json.Marshal(piece)
	return fmt.Sprintf(`{"index":%d,"function":{"arguments":%s}}`, index, q)
}

func TestToolDefinitionSent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "ok") })
	req := textRequest("draw a fox")
	req.Tools = []providers.Tool{providertest.ImageTool(), {Name: "now"}}
	if r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req)); r.Err != nil {
		t.Fatal(r.Err)
	}
	want := providertest.MustDecode(t, `[
	 {"type":"function","function":{"name":"generate_image","description":"Draw a picture.","parameters":{"type":"object",
	  "properties":{"prompt":{"type":"string"},"size":{"type":"string","enum":["1024x1024","512x512"]}},
	  "required":["prompt"],"additionalProperties":false}}},
	 {"type":"function","function":{"name":"now"}}]`)
	if got := providertest.BodyField(t, f.request(0).Body, "tools"); !reflect.DeepEqual(got, want) {
		t.Errorf("tools =\n%#v\nwant\n%#v", got, want)
	}
}

// TestStreamToolCall: text, then two calls whose argument fragments are
// interleaved, exactly as OpenAI streams parallel calls.
func TestStreamToolCall(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		sse(w, roleChunk())
		sse(w, content("Let me draw that."))
		sse(w, callFrag(`{"index":0,"id":"call_A","type":"function","function":{"name":"generate_image","arguments":""}}`))
		sse(w, callFrag(argsFrag(0, `{"prompt": "a r`)))
		sse(w, callFrag(argsFrag(0, `ed fox"`), `{"index":1,"id":"call_B","type":"function","function":{"name":"now","arguments":""}}`))
		sse(w, callFrag(argsFrag(0, `, "size": "512x512"}`)))
		sse(w, finishChunk("tool_calls"))
		sse(w, usageChunk(12, 30))
		sse(w, "[DONE]")
	})
	req := textRequest("draw a fox")
	req.Tools = []providers.Tool{providertest.ImageTool()}
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Text != "Let me draw that." {
		t.Errorf("text = %q", r.Text)
	}
	calls, kinds := r.ToolCalls(), r.Kinds()
	want := []providers.ToolCallPart{
		{ID: "call_A", Name: "generate_image", Arguments: `{"prompt": "a red fox", "size": "512x512"}`},
		{ID: "call_B", Name: "now", Arguments: "{}"},
	}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("calls =\n%+v\nwant\n%+v", calls, want)
	}
	wantKinds := []providers.EventKind{providers.EventText, providers.EventToolCall, providers.EventToolCall,
		providers.EventUsage, providers.EventDone}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("kinds = %v, want %v", kinds, wantKinds)
	}
	if r.Done == nil || r.Done.FinishReason != "tool_calls" {
		t.Errorf("done = %+v", r.Done)
	}
}

// TestStreamToolCallLooseServers: whole calls sent at one index with
// distinct IDs, a name repeated in every fragment, a call without an ID
// and finish_reason "stop" still give three distinct calls and
// "tool_calls".
func TestStreamToolCallLooseServers(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		sse(w, callFrag(`{"index":0,"id":"a","function":{"name":"now","arguments":"{}"}}`))
		sse(w, callFrag(`{"index":0,"id":"b","function":{"name":"generate_image","arguments":"{\"prompt\":"}}`))
		sse(w, callFrag(`{"index":0,"function":{"name":"generate_image","arguments":"\"fox\"}"}}`))
		sse(w, callFrag(`{"index":1,"function":{"name":"now"}}`))
		sse(w, finishChunk("stop"))
		sse(w, "[DONE]")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	calls := r.ToolCalls()
	if r.Err != nil || len(calls) != 3 {
		t.Fatalf("err %v calls %+v", r.Err, calls)
	}
	want := []providers.ToolCallPart{{ID: "a", Name: "now", Arguments: "{}"},
		{ID: "b", Name: "generate_image", Arguments: `{"prompt":"fox"}`}, {ID: calls[2].ID, Name: "now", Arguments: "{}"}}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("calls = %+v", calls)
	}
	if !strings.HasPrefix(calls[2].ID, "call_") || len(calls[2].ID) < 10 {
		t.Errorf("ID %q: want a generated one", calls[2].ID)
	}
	if r.Done == nil || r.Done.FinishReason != "tool_calls" {
		t.Errorf("done = %+v", r.Done)
	}
}

func TestStreamToolCallBadArguments(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		sse(w, content("Let me"))
		sse(w, callFrag(`{"index":0,"id":"call_A","function":{"name":"generate_image","arguments":"{\"prompt\": \"a r"}}`))
		sse(w, finishChunk("length"))
		sse(w, "[DONE]")
	})
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q")))
	wantErr(t, r.Err, providers.ErrStream, `the server sent a call to tool "generate_image" whose arguments are not a JSON object`)
	if calls := r.ToolCalls(); len(calls) != 0 || r.Text != "Let me" {
		t.Errorf("calls %+v text %q", calls, r.Text)
	}
}

// foxArgs are the arguments of the tool tests' generate_image call.
const foxArgs = `{"prompt": "a red fox"}`

func TestToolFollowUpSent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "Here it is.") })
	p := f.provider(t)
	if r := providertest.Collect(t, p.Stream(context.Background(), providertest.FollowUp(textRequest("draw a fox"), "call_A", foxArgs, false))); r.Err != nil || r.Text != "Here it is." {
		t.Fatalf("text/err = %q/%v", r.Text, r.Err)
	}
	onlyCall := providertest.FollowUp(textRequest("draw a fox"), "call_A", foxArgs, true, providers.TextPart{Text: "bigger"})
	onlyCall.Messages[1].Parts = onlyCall.Messages[1].Parts[1:]
	if r := providertest.Collect(t, p.Stream(context.Background(), onlyCall)); r.Err != nil {
		t.Fatal(r.Err)
	}
	// The arguments go back as the exact string the model wrote.
	want := providertest.MustDecode(t, `[
	 {"role":"user","content":"draw a fox"},
	 {"role":"assistant","content":"Let me draw that.","tool_calls":[
	  {"id":"call_A","type":"function","function":{"name":"generate_image","arguments":"{\"prompt\": \"a red fox\"}"}}]},
	 {"role":"tool","tool_call_id":"call_A","content":"The image was shown to the user."}]`)
	if got := providertest.BodyField(t, f.request(0).Body, "messages"); !reflect.DeepEqual(got, want) {
		t.Errorf("messages =\n%#v\nwant\n%#v", got, want)
	}
	// A message of only calls has no content; a failed tool says so; text
	// sent with the result follows the tool message as a user message.
	want = providertest.MustDecode(t, `[
	 {"role":"user","content":"draw a fox"},
	 {"role":"assistant","tool_calls":[
	  {"id":"call_A","type":"function","function":{"name":"generate_image","arguments":"{\"prompt\": \"a red fox\"}"}}]},
	 {"role":"tool","tool_call_id":"call_A","content":"Error: The image was shown to the user."},
	 {"role":"user","content":"bigger"}]`)
	if got := providertest.BodyField(t, f.request(1).Body, "messages"); !reflect.DeepEqual(got, want) {
		t.Errorf("messages =\n%#v\nwant\n%#v", got, want)
	}
}

func TestToolRequestErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*providers.Request)
		want string
	}{
		{"call in user message", func(r *providers.Request) {
			r.Messages[0].Parts = append(r.Messages[0].Parts, providers.ToolCallPart{Name: "x"})
		}, "message 1: a tool call must be in an assistant message"},
		{"result in assistant message", func(r *providers.Request) {
			r.Messages[1].Parts = append(r.Messages[1].Parts, providers.ToolResultPart{Name: "x"})
		}, "message 2: part 3: a tool result must be in a user message"},
		{"arguments not an object", func(r *providers.Request) {
			r.Messages[1].Parts[1] = providers.ToolCallPart{ID: "c", Name: "generate_image", Arguments: `null`}
		}, `message 2: part 2: the arguments of tool call "generate_image" are not a JSON object`},
		{"schema not an object", func(r *providers.Request) {
			r.Tools = []providers.Tool{{Name: "x", Parameters: map[string]any{"type": "string"}}}
		}, `tool "x": parameters must be a JSON Schema of type "object", not string`},
		{"nameless tool", func(r *providers.Request) { r.Tools = []providers.Tool{{}} }, "tool 1 has no name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "ok") })
			req := providertest.FollowUp(textRequest("draw a fox"), "call_A", foxArgs, false)
			tc.edit(&req)
			r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req))
			wantErr(t, r.Err, providers.ErrBadRequest, tc.want)
			if f.count() != 0 {
				t.Errorf("bad input was sent")
			}
		})
	}
}
