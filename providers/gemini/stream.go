package gemini

import (
	"context"
	"iter"
	"strings"

	"google.golang.org/genai"

	"parley/providers"
)

// Stream sends req and yields the reply as it arrives. See
// providers.Provider for the contract: EventDone last on success, or one
// error (an *providers.Error) after which the stream ends.
func (p *provider) Stream(ctx context.Context, req providers.Request) iter.Seq2[providers.Event, error] {
	return func(yield func(providers.Event, error) bool) {
		contents, cfg, err := buildRequest(req)
		if err != nil {
			yield(providers.Event{}, providers.Errorf(providers.ErrBadRequest, 0, err, "Gemini request not sent: %v", err))
			return
		}
		ctx, c := p.newCall(ctx)
		defer c.giveUp()
		st := &streamState{}
		var streamErr error
		for resp, err := range p.client.Models.GenerateContentStream(ctx, req.Model, contents, cfg) {
			if err != nil {
				streamErr = err
				break
			}
			evs, refusal := st.observe(resp)
			for _, ev := range evs {
				if !yield(ev, nil) {
					return
				}
			}
			if refusal != nil {
				yield(providers.Event{}, refusal)
				return
			}
		}
		yield(p.finish(ctx, c, st, streamErr))
	}
}

// finish decides how a stream that stopped ends: done, or which error.
func (p *provider) finish(ctx context.Context, c *call, st *streamState, err error) (providers.Event, error) {
	switch {
	case st.finish != "" && ctx.Err() == nil:
		// The model said it was finished; a hiccup while the server closed
		// the stream loses nothing.
		return providers.Event{Kind: providers.EventDone, FinishReason: st.finish}, nil
	case err != nil || ctx.Err() != nil:
		return providers.Event{}, p.classifyStream(ctx, c, st, err)
	default:
		return providers.Event{}, providers.Incomplete(st.tokens(), nil)
	}
}

// streamState tracks one reply as its chunks arrive.
type streamState struct {
	finish   string // neutral finish reason once the model has finished
	images   int    // images yielded so far, for Image.Index
	calls    int    // tool calls yielded so far
	chars    int    // characters of text and reasoning received
	usage    providers.Usage
	hasUsage bool
}

// observe turns one chunk into events. A refusal (blocked prompt, or a
// finish reason such as SAFETY) comes back as an error after the events
// the chunk carried, so partial text is kept.
func (st *streamState) observe(resp *genai.GenerateContentResponse) ([]providers.Event, error) {
	if resp == nil {
		return nil, nil
	}
	if pf := resp.PromptFeedback; pf != nil && pf.BlockReason != "" {
		return nil, providers.Errorf(providers.ErrBadRequest, 0, nil, "Gemini refused the prompt: %s", pf.BlockReason)
	}
	var evs []providers.Event
	var reason genai.FinishReason
	// Parley asks for one candidate; more would interleave two replies.
	if len(resp.Candidates) > 0 && resp.Candidates[0] != nil {
		cand := resp.Candidates[0]
		if cand.Content != nil {
			evs = st.parts(evs, cand.Content.Parts)
		}
		reason = cand.FinishReason
	}
	if u := resp.UsageMetadata; u != nil {
		// Thinking tokens are billed as output, so they count as output.
		usage := providers.Usage{
			InputTokens:  int(u.PromptTokenCount),
			OutputTokens: int(u.CandidatesTokenCount + u.ThoughtsTokenCount),
			// Implicit caching of Gemini 2.5 and later: part of the prompt.
			CachedInputTokens: int(u.CachedContentTokenCount),
		}
		if !st.hasUsage || usage != st.usage {
			st.usage, st.hasUsage = usage, true
			evs = append(evs, providers.Event{Kind: providers.EventUsage, Usage: usage})
		}
	}
	switch reason {
	case "", genai.FinishReasonUnspecified:
	case genai.FinishReasonStop:
		// Gemini ends a reply that calls tools with STOP; the neutral
		// reason tells the caller to run them.
		st.finish = "stop"
		if st.calls > 0 {
			st.finish = "tool_calls"
		}
	case genai.FinishReasonMaxTokens:
		st.finish = "length"
	case genai.FinishReasonMalformedFunctionCall:
		return evs, providers.Errorf(providers.ErrStream, 0, nil, "Gemini produced a malformed tool call (%s)", reason)
	default:
		return evs, providers.Errorf(providers.ErrBadRequest, 0, nil, "Gemini refused: %s", reason)
	}
	return evs, nil
}

// parts appends the events of a candidate's parts to evs.
func (st *streamState) parts(evs []providers.Event, parts []*genai.Part) []providers.Event {
	for _, part := range parts {
		switch {
		case part == nil:
		case part.FunctionCall != nil:
			st.calls++
			evs = append(evs, toolCallEvent(part.FunctionCall))
		case part.InlineData != nil:
			b := part.InlineData
			// Audio or other inline output has no event kind yet; only
			// images are surfaced.
			if strings.HasPrefix(b.MIMEType, "image/") && len(b.Data) > 0 {
				img := &providers.Image{MIME: b.MIMEType, Data: b.Data, Index: st.images}
				st.images++
				evs = append(evs, providers.Event{Kind: providers.EventImage, Image: img})
			}
		case part.Text == "":
		case part.Thought:
			st.chars += len(part.Text)
			evs = append(evs, providers.Event{Kind: providers.EventReasoning, Text: part.Text})
		default:
			st.chars += len(part.Text)
			evs = append(evs, providers.Event{Kind: providers.EventText, Text: part.Text})
		}
	}
	return evs
}

// tokens is the output so far for messages like "after N tokens": the
// server's count when it sent one, else about four characters a token.
func (st *streamState) tokens() int {
	if st.hasUsage && st.usage.OutputTokens > 0 {
		return st.usage.OutputTokens
	}
	return (st.chars + 3) / 4
}
