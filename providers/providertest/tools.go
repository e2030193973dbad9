package providertest

import (
	"encoding/json"
	"testing"

	"parley/providers"
)

// ImageTool is the tool parley offers across the seam: generate_image,
// with a required prompt, an enumerated size and no other properties.
func ImageTool() providers.Tool {
	return providers.Tool{
		Name:        "generate_image",
		Description: "Draw a picture.",
		Parameters: map[string]any{
			"type": "object",
			"properties": map[string]any{
				"prompt": map[string]any{"type": "string"},
				"size":   map[string]any{"type": "string", "enum": []any{"1024x1024", "512x512"}},
			},
			"required":             []string{"prompt"},
			"additionalProperties": false,
		},
	}
}

// ResultText is what the tool result of ToolRoundTrip says.
const ResultText = "The image was shown to the user."

// ToolRoundTrip is the two messages after the model called generate_image:
// the assistant's text and call (with callID and args), then the user
// message holding the result (failed if isErr) and then extra.
func ToolRoundTrip(callID, args string, isErr bool, extra ...providers.Part) []providers.Message {
	return []providers.Message{
		{Role: providers.RoleAssistant, Parts: []providers.Part{
			providers.TextPart{Text: "Let me draw that."},
			providers.ToolCallPart{ID: callID, Name: "generate_image", Arguments: args},
		}},
		{Role: providers.RoleUser, Parts: append([]providers.Part{
			providers.ToolResultPart{CallID: callID, Name: "generate_image", Content: ResultText, IsError: isErr},
		}, extra...)},
	}
}

// MustDecode parses a JSON literal for comparison with a recorded body.
func MustDecode(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad JSON literal %s: %v", s, err)
	}
	return v
}

// BodyField decodes one field of a recorded request body.
func BodyField(t testing.TB, body []byte, field string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	return m[field]
}

// FollowUp is req continued after the model called generate_image: the
// tools offered are ImageTool unless req already offers some, and the
// messages gain ToolRoundTrip(callID, args, isErr, extra...).
func FollowUp(req providers.Request, callID, args string, isErr bool, extra ...providers.Part) providers.Request {
	if len(req.Tools) == 0 {
		req.Tools = []providers.Tool{ImageTool()}
	}
	req.Messages = append(append([]providers.Message(nil), req.Messages...),
		ToolRoundTrip(callID, args, isErr, extra...)...)
	return req
}
