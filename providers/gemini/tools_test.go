package gemini

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// callChunk is a chunk whose parts are the given functionCall JSON objects,
// each as Gemini sends it: the whole call at once.
func callChunk(calls ...string) string {
	parts := make([]string, len(calls))
	for i, c := range calls {
		parts[i] = `{"functionCall":` + c + `}`
	}
	return fmt.Sprintf(`{"candidates":[{"content":{"parts":[%s],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash"}`,
		strings.Join(parts, ","))
}

func TestToolDefinitionSent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("ok"), finishChunk("STOP", 9, 1))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	req := simpleReq("draw a fox")
	req.Tools = []providers.Tool{providertest.ImageTool(), {Name: "now"}}
	if r := providertest.Collect(t, p.Stream(context.Background(), req)); r.Err != nil {
		t.Fatalf("stream error: %v", r.Err)
	}
	want := providertest.MustDecode(t, `[{"functionDeclarations":[
	 {"name":"generate_image","description":"Draw a picture.","parametersJsonSchema":{"type":"object",
	  "properties":{"prompt":{"type":"string"},"size":{"type":"string","enum":["1024x1024","512x512"]}},
	  "required":["prompt"],"additionalProperties":false}},
	 {"name":"now"}]}]`)
	if got := f.requests()[0].Body["tools"]; !reflect.DeepEqual(got, want) {
		t.Errorf("tools =\n%#v\nwant\n%#v", got, want)
	}
}

func TestStreamToolCall(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Let me draw that."),
			callChunk(`{"name":"generate_image","args":{"prompt":"a red fox","size":"512x512"}}`),
			finishChunk("STOP", 9, 20))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	req := simpleReq("draw a fox")
	req.Tools = []providers.Tool{providertest.ImageTool()}
	r := providertest.Collect(t, p.Stream(context.Background(), req))
	if r.Err != nil {
		t.Fatalf("stream error: %v", r.Err)
	}
	if r.Text != "Let me draw that." {
		t.Errorf("text = %q", r.Text)
	}
	var calls []providers.ToolCallPart
	textBefore := false
	for _, ev := range r.Events {
		switch ev.Kind {
		case providers.EventText:
			textBefore = len(calls) == 0
		case providers.EventToolCall:
			calls = append(calls, *ev.ToolCall)
		}
	}
	if len(calls) != 1 {
		t.Fatalf("%d tool calls, want 1: %+v", len(calls), calls)
	}
	c := calls[0]
	if c.Name != "generate_image" || c.Arguments != `{"prompt":"a red fox","size":"512x512"}` {
		t.Errorf("call = %+v", c)
	}
	// The server sent no ID: one is made up so the result can pair with it.
	if !strings.HasPrefix(c.ID, genIDPrefix) || len(c.ID) <= len(genIDPrefix) {
		t.Errorf("call ID = %q, want a generated one", c.ID)
	}
	if !textBefore {
		t.Errorf("text did not arrive before the call: %+v", r.Events)
	}
	if last := r.Last(); last.Kind != providers.EventDone || last.FinishReason != "tool_calls" {
		t.Errorf("last event = %+v, want done/tool_calls", last)
	}
}

// TestStreamParallelToolCalls: two calls in one chunk, one with a server
// ID, give two events in order, each with its own ID.
func TestStreamParallelToolCalls(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, callChunk(`{"id":"fc-1","name":"generate_image","args":{"prompt":"a"}}`, `{"name":"now"}`),
			finishChunk("STOP", 9, 20))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("two")))
	calls := r.ToolCalls()
	if r.Err != nil || len(calls) != 2 {
		t.Fatalf("err %v, calls %+v", r.Err, calls)
	}
	if calls[0] != (providers.ToolCallPart{ID: "fc-1", Name: "generate_image", Arguments: `{"prompt":"a"}`}) {
		t.Errorf("first call = %+v", calls[0])
	}
	if calls[1].Name != "now" || calls[1].Arguments != "{}" || calls[1].ID == calls[0].ID || calls[1].ID == "" {
		t.Errorf("second call = %+v", calls[1])
	}
}

// foxArgs are the arguments of the tool tests' generate_image call.
const foxArgs = `{"prompt":"a red fox"}`

func TestToolFollowUpSent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Here it is."), finishChunk("STOP", 9, 3))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	pro := simpleReq("draw a fox")
	pro.Model = "gemini-3-pro-preview"
	for _, req := range []providers.Request{
		providertest.FollowUp(pro, genIDPrefix+"0123456789abcdef", foxArgs, false),
		providertest.FollowUp(simpleReq("draw a fox"), "fc-7", foxArgs, true),
	} {
		if r := providertest.Collect(t, p.Stream(context.Background(), req)); r.Err != nil || r.Text != "Here it is." {
			t.Fatalf("text/err = %q/%v", r.Text, r.Err)
		}
	}
	reqs := f.requests()
	// Gemini 3: a made-up ID is not sent, and the replayed call carries
	// the placeholder signature (base64 of its bytes on the wire).
	sig := base64.StdEncoding.EncodeToString([]byte(skipSignature))
	want := providertest.MustDecode(t, `[
	 {"role":"user","parts":[{"text":"draw a fox"}]},
	 {"role":"model","parts":[{"text":"Let me draw that."},
	  {"functionCall":{"name":"generate_image","args":{"prompt":"a red fox"}},"thoughtSignature":"`+sig+`"}]},
	 {"role":"user","parts":[{"functionResponse":{"name":"generate_image",
	  "response":{"output":"The image was shown to the user."}}}]}]`)
	if got := reqs[0].Body["contents"]; !reflect.DeepEqual(got, want) {
		t.Errorf("contents =\n%#v\nwant\n%#v", got, want)
	}
	// Gemini 2.5: the server's ID goes back in both parts, no signature,
	// and a failure is reported under "error".
	want = providertest.MustDecode(t, `[
	 {"role":"user","parts":[{"text":"draw a fox"}]},
	 {"role":"model","parts":[{"text":"Let me draw that."},
	  {"functionCall":{"id":"fc-7","name":"generate_image","args":{"prompt":"a red fox"}}}]},
	 {"role":"user","parts":[{"functionResponse":{"id":"fc-7","name":"generate_image",
	  "response":{"error":"The image was shown to the user."}}}]}]`)
	if got := reqs[1].Body["contents"]; !reflect.DeepEqual(got, want) {
		t.Errorf("contents =\n%#v\nwant\n%#v", got, want)
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
		{"result in model message", func(r *providers.Request) {
			r.Messages[1].Parts = append(r.Messages[1].Parts, providers.ToolResultPart{Name: "x"})
		}, "message 2: part 3: a tool result must be in a user message"},
		{"arguments not an object", func(r *providers.Request) {
			r.Messages[1].Parts[1] = providers.ToolCallPart{Name: "generate_image", Arguments: `"fox"`}
		}, `message 2: part 2: the arguments of tool call "generate_image" are not a JSON object`},
		{"result without name", func(r *providers.Request) {
			r.Messages[2].Parts[0] = providers.ToolResultPart{CallID: "fc-7", Content: "x"}
		}, "message 3: part 1: the tool result has no tool name"},
		{"schema not an object", func(r *providers.Request) {
			r.Tools = []providers.Tool{{Name: "x", Parameters: map[string]any{"type": "array"}}}
		}, `tool "x": parameters must be a JSON Schema of type "object", not array`},
		{"nameless tool", func(r *providers.Request) { r.Tools = []providers.Tool{{}} }, "tool 1 has no name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				t.Errorf("bad input was sent")
			})
			p, _ := newTestProvider(t, f.srv.URL, nil)
			req := providertest.FollowUp(simpleReq("draw a fox"), "fc-7", foxArgs, false)
			tc.edit(&req)
			r := providertest.Collect(t, p.Stream(context.Background(), req))
			wantErr(t, r.Err, providers.ErrBadRequest, 0, "Gemini request not sent: "+tc.want)
		})
	}
}

// TestMalformedToolCall: Gemini's own finish reason for a call it could not
// form is a clear stream error, not a refusal.
func TestMalformedToolCall(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Let me"), finishChunk("MALFORMED_FUNCTION_CALL", 9, 3))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("draw")))
	wantErr(t, r.Err, providers.ErrStream, 0, "Gemini produced a malformed tool call")
	if r.Text != "Let me" {
		t.Errorf("text before the failure = %q", r.Text)
	}
}
