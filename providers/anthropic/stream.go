package anthropic

import (
	"context"
	"iter"
	"net/http"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"parley/providers"
)

// progress is what a stream has delivered so far, for error messages
// ("connection lost after 12 tokens") and for deciding whether a failure
// happened before or during the reply.
type progress struct {
	started bool // a 2xx response arrived: the server accepted the request
	deltas  int  // text and thinking deltas yielded, each about one token
}

// streamState accumulates a reply's usage and finish reason.
type streamState struct {
	progress
	usage      providers.Usage
	stopReason string
	tools      toolCalls
	err        error // a malformed tool call: ends the stream
}

// Stream sends req to the Messages API and yields the reply as it arrives.
// See providers.Provider for the contract.
func (a *adapter) Stream(ctx context.Context, req providers.Request) iter.Seq2[providers.Event, error] {
	return func(yield func(providers.Event, error) bool) {
		params, err := toParams(req)
		if err != nil {
			yield(providers.Event{}, err)
			return
		}
		actx, attempts := providers.WithAttempts(ctx)
		var resp *http.Response
		stream := a.client.Messages.NewStreaming(actx, params, option.WithResponseInto(&resp))
		defer stream.Close()

		var st streamState
		// A 2xx response means the request was accepted: a failure from
		// here on is a lost stream, not an unreachable server.
		st.started = resp != nil && resp.StatusCode < 300
		for stream.Next() {
			ev, ok := st.handle(stream.Current())
			if st.err != nil {
				yield(providers.Event{}, st.err)
				return
			}
			if !ok {
				continue
			}
			if !yield(ev, nil) || ev.Kind == providers.EventDone {
				return
			}
		}
		if err := stream.Err(); err != nil {
			yield(providers.Event{}, a.classify(ctx, err, st.progress, attempts))
			return
		}
		if ctx.Err() != nil {
			yield(providers.Event{}, a.classify(ctx, ctx.Err(), st.progress, attempts))
			return
		}
		// A clean end of the body without message_stop: a proxy or the
		// server cut the reply short.
		yield(providers.Event{}, providers.Incomplete(st.deltas, nil))
	}
}

// handle folds one SSE event into st and returns the event to yield, if
// any. The union's fields are read directly (not through AsAny) because
// AsAny re-decodes the JSON of every event. Pings never reach here: the
// SDK's stream drops them.
func (st *streamState) handle(ev anthropic.MessageStreamEventUnion) (providers.Event, bool) {
	switch ev.Type {
	case "message_start":
		return st.messageStart(ev)
	case "content_block_start":
		return st.blockStart(ev)
	case "content_block_delta":
		return st.blockDelta(ev)
	case "content_block_stop":
		// A tool call is yielded whole, once its input JSON is complete.
		call, err := st.tools.stop(ev.Index)
		if err != nil {
			st.err = err
		}
		if call != nil {
			return providers.Event{Kind: providers.EventToolCall, ToolCall: call}, true
		}
	case "message_delta":
		return st.messageDelta(ev)
	case "message_stop":
		return providers.Event{Kind: providers.EventDone, FinishReason: st.stopReason}, true
	}
	return providers.Event{}, false
}

// messageStart records the prompt's usage from message_start.
func (st *streamState) messageStart(ev anthropic.MessageStreamEventUnion) (providers.Event, bool) {
	st.started = true
	u := ev.Message.Usage
	// Cached prompt tokens are reported apart from input_tokens but
	// still fill the context window, so they count as input.
	st.usage.InputTokens = int(u.InputTokens + u.CacheCreationInputTokens + u.CacheReadInputTokens)
	st.usage.CachedInputTokens = int(u.CacheReadInputTokens)
	st.usage.OutputTokens = int(u.OutputTokens)
	return providers.Event{Kind: providers.EventUsage, Usage: st.usage}, true
}

// blockStart handles content_block_start: a block may start with text
// already in it (rare, but allowed), and a tool_use block opens a call.
func (st *streamState) blockStart(ev anthropic.MessageStreamEventUnion) (providers.Event, bool) {
	cb := ev.ContentBlock
	switch {
	case cb.Type == "text" && cb.Text != "":
		return st.delta(providers.EventText, cb.Text)
	case cb.Type == "thinking" && cb.Thinking != "":
		return st.delta(providers.EventReasoning, cb.Thinking)
	case cb.Type == "tool_use":
		st.tools.start(ev.Index, cb.ID, cb.Name)
	}
	return providers.Event{}, false
}

// blockDelta handles content_block_delta: text, thinking, or a piece of a
// tool call's input JSON (collected, not yielded).
func (st *streamState) blockDelta(ev anthropic.MessageStreamEventUnion) (providers.Event, bool) {
	switch ev.Delta.Type {
	case "text_delta":
		return st.delta(providers.EventText, ev.Delta.Text)
	case "thinking_delta":
		return st.delta(providers.EventReasoning, ev.Delta.Thinking)
	case "input_json_delta":
		if st.tools.add(ev.Index, ev.Delta.PartialJSON) {
			st.deltas++
		}
	}
	return providers.Event{}, false
}

// messageDelta records the stop reason and the cumulative usage.
func (st *streamState) messageDelta(ev anthropic.MessageStreamEventUnion) (providers.Event, bool) {
	switch r := string(ev.Delta.StopReason); {
	case r == "tool_use" && st.tools.count > 0:
		// The neutral name, so callers need not know each protocol's.
		st.stopReason = "tool_calls"
	case r != "":
		st.stopReason = r
	}
	// message_delta usage is cumulative; input_tokens appears there
	// only on newer API versions, so keep message_start's otherwise.
	if in := ev.Usage.InputTokens + ev.Usage.CacheCreationInputTokens + ev.Usage.CacheReadInputTokens; in > 0 {
		st.usage.InputTokens = int(in)
		st.usage.CachedInputTokens = int(ev.Usage.CacheReadInputTokens)
	}
	st.usage.OutputTokens = int(ev.Usage.OutputTokens)
	return providers.Event{Kind: providers.EventUsage, Usage: st.usage}, true
}

// delta records one piece of text and returns its event; empty pieces are
// not worth an event.
func (st *streamState) delta(kind providers.EventKind, text string) (providers.Event, bool) {
	if text == "" {
		return providers.Event{}, false
	}
	st.deltas++
	return providers.Event{Kind: kind, Text: text}, true
}
