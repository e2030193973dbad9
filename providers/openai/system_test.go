package openai

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// TestSystemRoleByModel: the fake server sees the system prompt as the
// first message, in role "developer" for reasoning models and "system"
// otherwise.
func TestSystemRoleByModel(t *testing.T) {
	for model, role := range map[string]string{
		"gpt-4o": "system", "gpt-4.1-mini": "system", "llama3": "system", "o1-mini": "system",
		"o3": "developer", "o4-mini": "developer", "gpt-5": "developer", "gpt-5-mini": "developer",
		"openai/o3-pro": "developer", "o1": "developer",
	} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "ok") })
		req := providers.Request{Model: model, System: "Answer in French.",
			Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "hi"}}}}}
		if r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req)); r.Err != nil {
			t.Fatalf("%s: %v", model, r.Err)
		}
		var body struct {
			Messages []struct {
				Role    string `json:"role"`
				Content any    `json:"content"`
			} `json:"messages"`
		}
		if err := json.Unmarshal(f.request(0).Body, &body); err != nil {
			t.Fatal(err)
		}
		if len(body.Messages) != 2 || body.Messages[0].Role != role || body.Messages[0].Content != "Answer in French." {
			t.Errorf("%s: first message %+v, want role %s with the prompt", model, body.Messages, role)
		}
	}
}
