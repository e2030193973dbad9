package anthropic

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/anthropics/anthropic-sdk-go/v2"

	"parley/providers"
)

// toTools converts tool definitions to the Messages API's custom tools:
// {"name", "description", "input_schema"}.
func toTools(tools []providers.Tool) ([]anthropic.ToolUnionParam, error) {
	if err := providers.CheckTools(tools); err != nil {
		return nil, badRequest("%s", err)
	}
	out := make([]anthropic.ToolUnionParam, 0, len(tools))
	for _, t := range tools {
		schema, err := inputSchema(t.Parameters)
		if err != nil {
			return nil, badRequest("tool %q: %s", t.Name, err)
		}
		u := anthropic.ToolUnionParamOfTool(schema, t.Name)
		if t.Description != "" {
			u.OfTool.Description = anthropic.String(t.Description)
		}
		out = append(out, u)
	}
	return out, nil
}

// inputSchema splits a JSON Schema into the SDK's typed fields and its
// extras, so that keywords the SDK has no field for ("additionalProperties",
// "$defs", ...) still reach the API unchanged.
func inputSchema(params map[string]any) (anthropic.ToolInputSchemaParam, error) {
	var s anthropic.ToolInputSchemaParam
	for k, v := range params {
		switch k {
		case "type":
			// The SDK always sends "object"; providers.CheckTools has
			// refused any other type, which it would silently change.
		case "properties":
			s.Properties = v
		case "required":
			req, err := stringList(v)
			if err != nil {
				return s, fmt.Errorf("parameters \"required\": %w", err)
			}
			s.Required = req
		default:
			if s.ExtraFields == nil {
				s.ExtraFields = map[string]any{}
			}
			s.ExtraFields[k] = v
		}
	}
	if s.Properties == nil {
		// An all-zero schema is dropped by the SDK's omitzero, and the API
		// requires input_schema: a tool without parameters says so.
		s.Properties = map[string]any{}
	}
	return s, nil
}

// stringList accepts the two shapes a decoded or hand-built "required"
// takes: []string, or []any holding strings.
func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case []string:
		return v, nil
	case []any:
		out := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("entry %d is %T, not a string", i+1, e)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("is %T, not a list of names", v)
}

// toolUseBlock repeats a call the model made. The arguments go back as raw
// JSON so that they are byte-for-byte what the model produced.
func toolUseBlock(p providers.ToolCallPart) (anthropic.ContentBlockParamUnion, error) {
	args, err := p.CheckedArguments()
	if err != nil {
		return anthropic.ContentBlockParamUnion{}, err
	}
	return anthropic.NewToolUseBlock(blockID(p.ID, p.Name), json.RawMessage(args), p.Name), nil
}

// toolResultBlock answers a call. An empty result is sent without content:
// the API refuses empty text blocks.
func toolResultBlock(p providers.ToolResultPart) anthropic.ContentBlockParamUnion {
	b := anthropic.ToolResultBlockParam{ToolUseID: blockID(p.CallID, p.Name)}
	if p.IsError {
		b.IsError = anthropic.Bool(true)
	}
	if strings.TrimSpace(p.Content) != "" {
		b.Content = []anthropic.ToolResultBlockParamContentUnion{{OfText: &anthropic.TextBlockParam{Text: p.Content}}}
	}
	return anthropic.ContentBlockParamUnion{OfToolResult: &b}
}

// blockID makes a call ID acceptable to the API, which wants
// ^[a-zA-Z0-9_-]+$: IDs from other providers (a conversation may change
// model) can hold other characters, and a call without an ID gets one
// derived from the tool's name. Calls and results go through the same
// mapping, so they still pair up.
func blockID(id, name string) string {
	if id == "" {
		id = "call_" + name
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		}
		return '_'
	}, id)
}

// resultsFirst moves tool_result blocks to the front of a user turn, where
// the API requires them; merging a tool result with a following user
// message could otherwise leave text before it. The order within each
// group is kept.
func resultsFirst(blocks []anthropic.ContentBlockParamUnion) []anthropic.ContentBlockParamUnion {
	out := make([]anthropic.ContentBlockParamUnion, 0, len(blocks))
	for _, b := range blocks {
		if b.OfToolResult != nil {
			out = append(out, b)
		}
	}
	for _, b := range blocks {
		if b.OfToolResult == nil {
			out = append(out, b)
		}
	}
	return out
}

// toolCall is a tool_use block being streamed.
type toolCall struct {
	id, name string
	args     strings.Builder
}

// toolCalls collects tool_use blocks by content block index until their
// content_block_stop, when the input JSON is complete.
type toolCalls struct {
	open  map[int64]*toolCall
	count int // calls completed, for the finish reason
}

// start opens a tool_use block.
func (tc *toolCalls) start(index int64, id, name string) {
	if tc.open == nil {
		tc.open = map[int64]*toolCall{}
	}
	tc.open[index] = &toolCall{id: id, name: name}
}

// add appends a piece of input JSON; it reports whether the block is a
// tool_use block this stream opened.
func (tc *toolCalls) add(index int64, partial string) bool {
	c, ok := tc.open[index]
	if ok {
		c.args.WriteString(partial)
	}
	return ok
}

// stop closes block index. It returns the finished call, if the block was a
// tool_use block, or an error if its input is not a JSON object.
func (tc *toolCalls) stop(index int64) (*providers.ToolCallPart, error) {
	c, ok := tc.open[index]
	if !ok {
		return nil, nil
	}
	delete(tc.open, index)
	// A tool without parameters streams no input at all: that is "{}".
	args, ok := providers.ObjectArguments(c.args.String())
	if !ok {
		return nil, providers.Errorf(providers.ErrStream, 0, nil,
			"Anthropic sent a call to tool %q whose input is not a JSON object", c.name)
	}
	tc.count++
	return &providers.ToolCallPart{ID: c.id, Name: c.name, Arguments: args}, nil
}
