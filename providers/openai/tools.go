package openai

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	oai "github.com/openai/openai-go/v3"

	"parley/providers"
)

// toTools converts tool definitions to Chat Completions function tools:
// {"type":"function","function":{name, description, parameters}}.
func toTools(tools []providers.Tool) ([]oai.ChatCompletionToolUnionParam, error) {
	if err := providers.CheckTools(tools); err != nil {
		return nil, err
	}
	out := make([]oai.ChatCompletionToolUnionParam, 0, len(tools))
	for _, t := range tools {
		def := oai.FunctionDefinitionParam{Name: t.Name, Parameters: oai.FunctionParameters(t.Parameters)}
		if t.Description != "" {
			def.Description = oai.String(t.Description)
		}
		out = append(out, oai.ChatCompletionFunctionTool(def))
	}
	return out, nil
}

// assistantMessage replays an assistant turn: its text, and the calls it
// made as tool_calls. Chat Completions takes only text (or a refusal) from
// the assistant; earlier generated images cannot be replayed.
func assistantMessage(parts []providers.Part) (oai.ChatCompletionMessageParamUnion, error) {
	var b strings.Builder
	var calls []oai.ChatCompletionMessageToolCallUnionParam
	for j, part := range parts {
		switch p := part.(type) {
		case providers.TextPart:
			b.WriteString(p.Text)
		case providers.ToolCallPart:
			c, err := toolCall(p)
			if err != nil {
				return oai.ChatCompletionMessageParamUnion{}, fmt.Errorf("part %d: %w", j+1, err)
			}
			calls = append(calls, c)
		case providers.ToolResultPart:
			return oai.ChatCompletionMessageParamUnion{}, fmt.Errorf("part %d: a tool result must be in a user message", j+1)
		}
	}
	if len(calls) == 0 {
		return oai.AssistantMessage(b.String()), nil
	}
	m := oai.ChatCompletionAssistantMessageParam{ToolCalls: calls}
	if b.Len() > 0 {
		// A message that only calls tools has no content at all.
		m.Content.OfString = oai.String(b.String())
	}
	return oai.ChatCompletionMessageParamUnion{OfAssistant: &m}, nil
}

// toolCall repeats one call. The arguments go back as the string the model
// wrote, after checking they are a JSON object.
func toolCall(p providers.ToolCallPart) (oai.ChatCompletionMessageToolCallUnionParam, error) {
	args, err := p.CheckedArguments()
	if err != nil {
		return oai.ChatCompletionMessageToolCallUnionParam{}, err
	}
	return oai.ChatCompletionMessageToolCallUnionParam{OfFunction: &oai.ChatCompletionMessageFunctionToolCallParam{
		ID:       p.ID,
		Function: oai.ChatCompletionMessageFunctionToolCallFunctionParam{Name: p.Name, Arguments: args},
	}}, nil
}

// toolMessage answers a call with a role "tool" message. The protocol has
// no error flag, so a failure is said in the text.
func toolMessage(p providers.ToolResultPart) oai.ChatCompletionMessageParamUnion {
	content := p.Content
	if p.IsError {
		content = "Error: " + content
	}
	return oai.ToolMessage(content, p.CallID)
}

// splitResults separates a user message's tool results, which become
// "tool" messages sent first, from the parts left for the user message.
func splitResults(parts []providers.Part) (results []oai.ChatCompletionMessageParamUnion, rest []providers.Part) {
	for _, part := range parts {
		if r, ok := part.(providers.ToolResultPart); ok {
			results = append(results, toolMessage(r))
			continue
		}
		rest = append(rest, part)
	}
	return results, rest
}

// toolCallDelta is one fragment of a streamed tool call: the first carries
// the ID and name, the following ones pieces of the arguments string.
type toolCallDelta struct {
	Index    int    `json:"index"`
	ID       string `json:"id"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// pendingCall is a call being assembled.
type pendingCall struct {
	id, name string
	args     strings.Builder
}

// toolCalls assembles streamed calls by index, in the order they started.
type toolCalls struct {
	calls   []*pendingCall
	byIndex map[int]*pendingCall
}

// add folds fragments in. A fragment with a new ID at an index already in
// use starts a new call: some compatible servers send whole calls without
// distinct indexes.
func (tc *toolCalls) add(frags []toolCallDelta) {
	if tc.byIndex == nil {
		tc.byIndex = map[int]*pendingCall{}
	}
	for i := range frags {
		f := &frags[i]
		c, ok := tc.byIndex[f.Index]
		if !ok || (f.ID != "" && c.id != "" && f.ID != c.id) {
			c = &pendingCall{}
			tc.byIndex[f.Index] = c
			tc.calls = append(tc.calls, c)
		}
		if f.ID != "" {
			c.id = f.ID
		}
		if c.name == "" {
			// Only the first fragment names the tool; some servers repeat
			// the name in every fragment, which must not double it.
			c.name = f.Function.Name
		}
		c.args.WriteString(f.Function.Arguments)
	}
}

// finish returns the complete calls and forgets them. Empty fragments
// (no name, no arguments) are not calls; a named call gets an ID if the
// server sent none, and "{}" if it sent no arguments.
func (tc *toolCalls) finish() ([]providers.ToolCallPart, error) {
	var out []providers.ToolCallPart
	for _, c := range tc.calls {
		args := strings.TrimSpace(c.args.String())
		if c.name == "" && args == "" {
			continue
		}
		if c.name == "" {
			return nil, providers.Errorf(providers.ErrStream, 0, nil, "the server sent a tool call without a name")
		}
		args, ok := providers.ObjectArguments(args)
		if !ok {
			return nil, providers.Errorf(providers.ErrStream, 0, nil,
				"the server sent a call to tool %q whose arguments are not a JSON object", c.name)
		}
		id := c.id
		if id == "" {
			id = newCallID()
		}
		out = append(out, providers.ToolCallPart{ID: id, Name: c.name, Arguments: args})
	}
	tc.calls, tc.byIndex = nil, nil
	return out, nil
}

// newCallID makes an ID for a call the server sent without one.
func newCallID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return "call_" + hex.EncodeToString(b[:])
}
