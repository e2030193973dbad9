package openai

import (
	"context"
	"encoding/base64"
	"iter"
	"net/http"

	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"parley/providers"
)

// Chat Completions cannot return images, so a request with ImageOutput
// goes to the Responses API (POST /responses) instead, offering the
// image_generation tool: the model then answers with text and pictures in
// one stream, each picture sent as partial stages and a final image.

// respEvent is the part of a Responses stream event parley reads; like
// chunk, it is decoded with encoding/json rather than the SDK's reflective
// ResponseStreamEventUnion. Every event names its type in "type" (the SSE
// "event:" line says the same).
type respEvent struct {
	Type string `json:"type"`
	// Delta is the text of output_text, refusal and reasoning summary
	// deltas. Loose, so that an event type parley does not know with a
	// non-string delta cannot fail the reply.
	Delta       looseString `json:"delta"`
	OutputIndex int         `json:"output_index"`
	// PartialImageB64 and OutputFormat are set on
	// response.image_generation_call.partial_image.
	PartialImageB64 string      `json:"partial_image_b64"`
	OutputFormat    looseString `json:"output_format"`
	// Item is the finished output item of response.output_item.done.
	Item *respItem `json:"item"`
	// Response is the whole response of response.completed, .incomplete
	// and .failed.
	Response *respResponse `json:"response"`
	// Message is the text of an "error" event.
	Message looseString `json:"message"`
}

// respItem is an output item: an image_generation_call (Result is the
// final image, base64) or a function_call.
type respItem struct {
	Type         string      `json:"type"`
	Result       looseString `json:"result"`
	OutputFormat looseString `json:"output_format"`
	CallID       string      `json:"call_id"`
	Name         string      `json:"name"`
	Arguments    string      `json:"arguments"`
}

type respResponse struct {
	Usage *struct {
		InputTokens        int `json:"input_tokens"`
		OutputTokens       int `json:"output_tokens"`
		InputTokensDetails struct {
			CachedTokens int `json:"cached_tokens"`
		} `json:"input_tokens_details"`
	} `json:"usage"`
	Error *struct {
		Message looseString `json:"message"`
	} `json:"error"`
	IncompleteDetails *struct {
		Reason looseString `json:"reason"`
	} `json:"incomplete_details"`
}

// respReply tracks one streamed Responses reply.
type respReply struct {
	tokens int    // deltas and images so far, for error messages
	calls  bool   // the model called a function
	finish string // set once the response has ended well
}

// streamResponses is Stream for a request that wants images; see
// providers.Provider for the contract. Transport failures, stalls and
// HTTP errors are classified as on the chat path; error events and failed
// responses carry the provider's message; a stream that ends without
// response.completed (or .incomplete) is incomplete.
func (p *Provider) streamResponses(ctx context.Context, req providers.Request) iter.Seq2[providers.Event, error] {
	return func(yield func(providers.Event, error) bool) {
		params, err := buildResponseParams(req)
		if err != nil {
			yield(providers.Event{}, err)
			return
		}
		ctx, attempts := providers.WithAttempts(ctx)
		ctx, call := withCallState(ctx)
		// As newStream: the SDK's request machinery (auth, retries, error
		// decoding), its SSE decoder, our small event struct.
		var raw *http.Response
		err = p.client.Post(ctx, "responses", params, &raw, option.WithJSONSet("stream", true))
		stream := ssestream.NewStream[respEvent](ssestream.NewDecoder(raw), err)
		defer stream.Close()

		var r respReply
		for stream.Next() {
			ev := stream.Current()
			more, err := p.handleResponse(&r, &ev, yield)
			if err != nil {
				yield(providers.Event{}, err)
				return
			}
			if !more {
				return // the consumer stopped
			}
			if r.finish != "" {
				// response.completed is the last event: do not wait for
				// the server to close the connection.
				yield(providers.Event{Kind: providers.EventDone, FinishReason: r.finish}, nil)
				return
			}
		}
		if err := stream.Err(); err != nil {
			yield(providers.Event{}, p.classify(ctx, err, call, attempts, r.tokens))
			return
		}
		if ctx.Err() != nil {
			yield(providers.Event{}, providers.Canceled(ctx.Err()))
			return
		}
		yield(providers.Event{}, providers.Incomplete(r.tokens, nil))
	}
}

// handleResponse yields the events of one stream event. more is false
// when the consumer wants no more; err is a failure the stream reported.
func (p *Provider) handleResponse(r *respReply, ev *respEvent, yield func(providers.Event, error) bool) (more bool, err error) {
	switch ev.Type {
	case "response.output_text.delta", "response.refusal.delta":
		return r.text(providers.EventText, string(ev.Delta), yield), nil
	case "response.reasoning_summary_text.delta":
		return r.text(providers.EventReasoning, string(ev.Delta), yield), nil
	case "response.image_generation_call.partial_image":
		return r.image(providers.EventImagePartial, ev.PartialImageB64, string(ev.OutputFormat), ev.OutputIndex, yield)
	case "response.output_item.done":
		return r.itemDone(ev, yield)
	case "response.completed", "response.incomplete":
		return r.completed(ev, yield), nil
	case "error":
		return false, p.eventError(string(ev.Message))
	case "response.failed":
		var msg string
		if ev.Response != nil && ev.Response.Error != nil {
			msg = string(ev.Response.Error.Message)
		}
		return false, p.eventError(msg)
	}
	return true, nil // lifecycle events (created, in_progress, added, ...)
}

// text yields a piece of text or reasoning.
func (r *respReply) text(kind providers.EventKind, s string, yield func(providers.Event, error) bool) bool {
	if s == "" {
		return true
	}
	r.tokens++
	return yield(providers.Event{Kind: kind, Text: s}, nil)
}

// image yields a partial or final picture. Its Index is the output item's
// index, which is the same for every stage of one picture, so a consumer
// replaces the earlier stage in place.
func (r *respReply) image(kind providers.EventKind, b64, format string, index int, yield func(providers.Event, error) bool) (bool, error) {
	if b64 == "" {
		return true, nil
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return false, providers.Errorf(providers.ErrStream, 0, err, "the server sent an image that is not valid base64")
	}
	r.tokens++
	img := &providers.Image{MIME: formatMIME(format), Data: data, Index: index}
	return yield(providers.Event{Kind: kind, Image: img}, nil), nil
}

// itemDone handles a finished output item: a final image or a function
// call. Other items (messages, reasoning) have streamed already.
func (r *respReply) itemDone(ev *respEvent, yield func(providers.Event, error) bool) (bool, error) {
	it := ev.Item
	if it == nil {
		return true, nil
	}
	switch it.Type {
	case "image_generation_call":
		// A failed generation has no result; response.failed follows.
		return r.image(providers.EventImage, string(it.Result), string(it.OutputFormat), ev.OutputIndex, yield)
	case "function_call":
		if it.Name == "" {
			return false, providers.Errorf(providers.ErrStream, 0, nil, "the server sent a tool call without a name")
		}
		args, ok := providers.ObjectArguments(it.Arguments)
		if !ok {
			return false, providers.Errorf(providers.ErrStream, 0, nil,
				"the server sent a call to tool %q whose arguments are not a JSON object", it.Name)
		}
		id := it.CallID
		if id == "" {
			id = newCallID()
		}
		r.tokens++
		r.calls = true
		call := &providers.ToolCallPart{ID: id, Name: it.Name, Arguments: args}
		return yield(providers.Event{Kind: providers.EventToolCall, ToolCall: call}, nil), nil
	}
	return true, nil
}

// completed yields the usage of a response that ended and sets the finish
// reason in Chat Completions' words: "stop", "tool_calls", or for an
// incomplete response "length" (max_output_tokens) or the reason given.
func (r *respReply) completed(ev *respEvent, yield func(providers.Event, error) bool) bool {
	r.finish = "stop"
	if r.calls {
		r.finish = "tool_calls"
	}
	resp := ev.Response
	if resp == nil {
		return true
	}
	if d := resp.IncompleteDetails; ev.Type == "response.incomplete" && d != nil {
		r.finish = string(d.Reason)
		if r.finish == "max_output_tokens" || r.finish == "" {
			r.finish = "length"
		}
	}
	if u := resp.Usage; u != nil {
		usage := providers.Usage{InputTokens: u.InputTokens, OutputTokens: u.OutputTokens,
			CachedInputTokens: u.InputTokensDetails.CachedTokens}
		return yield(providers.Event{Kind: providers.EventUsage, Usage: usage}, nil)
	}
	return true
}

// eventError is an error event or a failed response: the provider's
// message on one line, without the key.
func (p *Provider) eventError(msg string) *providers.Error {
	msg = providers.OneLine(providers.Redact(msg, p.s.APIKey), 200)
	if msg == "" {
		msg = providers.DisplayName(p.s.Name) + " reported an error mid-stream"
	}
	return providers.Errorf(providers.ErrStream, 0, nil, "%s", msg)
}

// formatMIME maps the image_generation tool's output_format to a MIME
// type; PNG is its default.
func formatMIME(format string) string {
	switch format {
	case "jpeg", "jpg":
		return "image/jpeg"
	case "webp":
		return "image/webp"
	}
	return "image/png"
}
