package ollama

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/ollama/ollama/api"

	"parley/providers"
)

// toTools converts tool definitions to Ollama's OpenAI-like
// {"type":"function","function":{name, description, parameters}}. The
// schema goes through JSON into the SDK's typed parameters, which keep the
// properties' order (the model sees them in the prompt in that order) and
// drop keywords Ollama's templates have no use for.
func toTools(tools []providers.Tool) (api.Tools, error) {
	if err := providers.CheckTools(tools); err != nil {
		return nil, err
	}
	out := make(api.Tools, 0, len(tools))
	for _, t := range tools {
		params, err := toParameters(t.Parameters)
		if err != nil {
			return nil, fmt.Errorf("tool %q: %w", t.Name, err)
		}
		out = append(out, api.Tool{Type: "function", Function: api.ToolFunction{
			Name: t.Name, Description: t.Description, Parameters: params,
		}})
	}
	return out, nil
}

// toParameters converts a JSON Schema object to the SDK's parameters.
func toParameters(schema map[string]any) (api.ToolFunctionParameters, error) {
	// providers.CheckTools has refused any type but "object".
	p := api.ToolFunctionParameters{Type: "object"}
	if len(schema) > 0 {
		raw, err := json.Marshal(schema)
		if err != nil {
			return p, fmt.Errorf("parameters are not JSON: %w", err)
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			return p, fmt.Errorf("parameters are not a schema Ollama understands: %w", err)
		}
		p.Type = "object"
	}
	if p.Properties == nil {
		// The field has no omitempty: without this a tool without
		// parameters would send "properties": null.
		p.Properties = api.NewToolPropertiesMap()
	}
	return p, nil
}

// toToolCall repeats a call the model made; n is its index in the message.
func toToolCall(p providers.ToolCallPart, n int) (api.ToolCall, error) {
	raw, err := p.CheckedArguments()
	if err != nil {
		return api.ToolCall{}, err
	}
	args := api.NewToolCallFunctionArguments()
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		// CheckedArguments has made sure it is an object.
		return api.ToolCall{}, fmt.Errorf("the arguments of tool call %q: %w", p.Name, err)
	}
	return api.ToolCall{ID: p.ID, Function: api.ToolCallFunction{Index: n, Name: p.Name, Arguments: args}}, nil
}

// toToolMessage answers a call with a "tool" message. Ollama's templates
// find the call by tool_name; the ID goes along for the ones that use it.
// An error is marked in the text, since the message has no error flag.
func toToolMessage(p providers.ToolResultPart) api.Message {
	content := p.Content
	if p.IsError {
		content = "Error: " + content
	}
	return api.Message{Role: "tool", Content: content, ToolName: p.Name, ToolCallID: p.CallID}
}

// toolCallEvent turns a streamed call into an event. Ollama sends each
// call whole, its arguments already an object.
func toolCallEvent(tc api.ToolCall) providers.Event {
	id := tc.ID
	if id == "" {
		// Older servers send no ID; the result still needs one to pair with.
		id = newCallID()
	}
	return providers.Event{Kind: providers.EventToolCall, ToolCall: &providers.ToolCallPart{
		ID: id, Name: tc.Function.Name, Arguments: tc.Function.Arguments.String(),
	}}
}

// newCallID makes an ID for a call the server sent without one.
func newCallID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return "call_" + hex.EncodeToString(b[:])
}
