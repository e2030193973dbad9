package openai

import (
	"encoding/json"

	"parley/providers"
)

// chunk is the part of a "chat.completion.chunk" parley reads. The SDK's own
// ChatCompletionChunk decodes every field through its reflective apijson
// layer (about 13 µs a chunk, most of print mode's CPU on a long reply);
// this struct goes through encoding/json, which skips the fields it does
// not name (id, model, system_fingerprint, logprobs, ...).
type chunk struct {
	Choices []choice `json:"choices"`
	// Usage is nil unless the chunk carries counts: OpenAI sends
	// "usage":null on every chunk and the totals on the last one.
	Usage *usage `json:"usage"`
}

type choice struct {
	Index        int        `json:"index"`
	Delta        chunkDelta `json:"delta"`
	FinishReason string     `json:"finish_reason"` // null leaves it ""
}

type chunkDelta struct {
	Content string `json:"content"`
	Refusal string `json:"refusal"`
	// OpenAI itself never streams reasoning in Chat Completions, but
	// DeepSeek, vLLM, llama.cpp and others send "reasoning_content", and
	// OpenRouter and newer vLLM "reasoning". Neither is standard, so a
	// server sending something other than a string there is ignored
	// rather than failing the reply.
	ReasoningContent looseString `json:"reasoning_content"`
	Reasoning        looseString `json:"reasoning"`
	// ToolCalls are fragments of function calls (see tools.go).
	ToolCalls []toolCallDelta `json:"tool_calls"`
}

type usage struct {
	PromptTokens        int `json:"prompt_tokens"`
	CompletionTokens    int `json:"completion_tokens"`
	PromptTokensDetails struct {
		// CachedTokens is the part of PromptTokens read from OpenAI's
		// automatic prompt cache.
		CachedTokens int `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
}

// looseString takes a JSON string and ignores any other value.
type looseString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *looseString) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '"' {
		return nil // null, an object, a number: not reasoning text
	}
	return json.Unmarshal(b, (*string)(s))
}

// reasoning returns the delta's reasoning text, preferring the older
// "reasoning_content" spelling when a server sends both.
func (d *chunkDelta) reasoning() string {
	if d.ReasoningContent != "" {
		return string(d.ReasoningContent)
	}
	return string(d.Reasoning)
}

// reply tracks one streamed reply.
type reply struct {
	// tokens approximates generated tokens by counting non-empty content
	// and reasoning deltas: servers send about one token per delta, and the
	// exact count only arrives in the final usage chunk, which is exactly
	// what is missing when a stream breaks.
	tokens int
	finish string
	calls  toolCalls
}

// handle yields the events of one chunk; it returns false when the consumer
// wants no more.
func (r *reply) handle(c *chunk, yield func(providers.Event, error) bool) bool {
	for i := range c.Choices {
		ch := &c.Choices[i]
		if ch.Index != 0 {
			continue // we never ask for n > 1
		}
		if rc := ch.Delta.reasoning(); rc != "" {
			r.tokens++
			if !yield(providers.Event{Kind: providers.EventReasoning, Text: rc}, nil) {
				return false
			}
		}
		for _, text := range [2]string{ch.Delta.Content, ch.Delta.Refusal} {
			if text == "" {
				continue
			}
			r.tokens++
			if !yield(providers.Event{Kind: providers.EventText, Text: text}, nil) {
				return false
			}
		}
		if len(ch.Delta.ToolCalls) > 0 {
			r.tokens++
			r.calls.add(ch.Delta.ToolCalls)
		}
		if ch.FinishReason != "" {
			r.finish = ch.FinishReason
			if !r.yieldCalls(yield) {
				return false
			}
		}
	}
	if c.Usage != nil {
		u := providers.Usage{InputTokens: c.Usage.PromptTokens, OutputTokens: c.Usage.CompletionTokens,
			CachedInputTokens: c.Usage.PromptTokensDetails.CachedTokens}
		if !yield(providers.Event{Kind: providers.EventUsage, Usage: u}, nil) {
			return false
		}
	}
	return true
}

// yieldCalls yields the calls assembled so far, complete now that the
// choice has finished. A reply that called tools finishes with
// "tool_calls" even from servers that say "stop" there.
func (r *reply) yieldCalls(yield func(providers.Event, error) bool) bool {
	calls, err := r.calls.finish()
	if err != nil {
		yield(providers.Event{}, err)
		return false
	}
	for i := range calls {
		r.finish = "tool_calls"
		if !yield(providers.Event{Kind: providers.EventToolCall, ToolCall: &calls[i]}, nil) {
			return false
		}
	}
	return true
}
