package gemini

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"google.golang.org/genai"

	"parley/providers"
)

// genIDPrefix marks call IDs parley made up because the server sent none
// (the Gemini API usually does not). They exist so the neutral call and
// its result can pair up, and are never sent back: the server did not
// issue them.
const genIDPrefix = "parley_call_"

// skipSignature is the placeholder thought signature Google documents for
// function calls whose real signature is unknown. Gemini 3 models refuse a
// replayed functionCall part without one, and the neutral ToolCallPart has
// no field to carry the real signature between requests. Its raw bytes go
// in the part: the SDK base64-encodes them and the server decodes them back.
const skipSignature = "skip_thought_signature_validator"

// needsSignature reports whether model validates thought signatures on
// replayed calls: everything after the Gemini 2 family. Older models get
// no placeholder, so nothing unknown is sent to them.
func needsSignature(model string) bool {
	m := strings.ToLower(model)
	return !strings.Contains(m, "gemini-1") && !strings.Contains(m, "gemini-2")
}

// toTools converts tool definitions to one Tool of function declarations.
// The JSON Schema goes in parametersJsonSchema as is, rather than through
// genai.Schema, which knows only an OpenAPI subset of the keywords.
func toTools(tools []providers.Tool) ([]*genai.Tool, error) {
	if err := providers.CheckTools(tools); err != nil {
		return nil, err
	}
	decls := make([]*genai.FunctionDeclaration, 0, len(tools))
	for _, t := range tools {
		d := &genai.FunctionDeclaration{Name: t.Name, Description: t.Description}
		if len(t.Parameters) > 0 {
			d.ParametersJsonSchema = t.Parameters
		}
		decls = append(decls, d)
	}
	return []*genai.Tool{{FunctionDeclarations: decls}}, nil
}

// callPart repeats a call the model made as a functionCall part. sign is
// whether it gets the placeholder signature: only a message's first call
// does, since that is where Gemini keeps the signature of a step (parallel
// calls after it carry none).
func callPart(p providers.ToolCallPart, sign bool) (*genai.Part, error) {
	raw, err := p.CheckedArguments()
	if err != nil {
		return nil, err
	}
	var args map[string]any
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		// CheckedArguments has made sure it is an object.
		return nil, fmt.Errorf("the arguments of tool call %q: %w", p.Name, err)
	}
	part := &genai.Part{FunctionCall: &genai.FunctionCall{ID: wireID(p.ID), Name: p.Name, Args: args}}
	if sign {
		part.ThoughtSignature = []byte(skipSignature)
	}
	return part, nil
}

// responsePart answers a call with a functionResponse. The SDK documents
// the "output" and "error" keys of the response object for exactly this.
func responsePart(p providers.ToolResultPart) (*genai.Part, error) {
	if strings.TrimSpace(p.Name) == "" {
		// Gemini pairs responses with calls by name.
		return nil, fmt.Errorf("the tool result has no tool name")
	}
	key := "output"
	if p.IsError {
		key = "error"
	}
	return &genai.Part{FunctionResponse: &genai.FunctionResponse{
		ID: wireID(p.CallID), Name: p.Name, Response: map[string]any{key: p.Content},
	}}, nil
}

// wireID is the ID to send for a call: the server's own, or none.
func wireID(id string) string {
	if strings.HasPrefix(id, genIDPrefix) {
		return ""
	}
	return id
}

// newCallID makes an ID for a call the server sent without one.
func newCallID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return genIDPrefix + hex.EncodeToString(b[:])
}

// toolCallEvent turns a streamed functionCall into an event. Gemini sends
// each call whole, with its args already a JSON object.
func toolCallEvent(fc *genai.FunctionCall) providers.Event {
	args := []byte("{}")
	if len(fc.Args) > 0 {
		// Args came from JSON, so it marshals back without error.
		args, _ = json.Marshal(fc.Args)
	}
	id := fc.ID
	if id == "" {
		id = newCallID()
	}
	return providers.Event{Kind: providers.EventToolCall,
		ToolCall: &providers.ToolCallPart{ID: id, Name: fc.Name, Arguments: string(args)}}
}
