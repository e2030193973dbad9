package providertest

import (
	"encoding/json"
	"testing"
)

// ChatRequest is the part of an OpenAI Chat Completions request body that
// tests check: each message's role and content parts. A message whose
// content is a plain string has one text part.
type ChatRequest struct {
	Model    string
	Messages []ChatMessage
}

// ChatMessage is one message of a ChatRequest.
type ChatMessage struct {
	Role    string
	Content []ChatPart
}

// ChatPart is one content part of a chat message, as the wire has it.
type ChatPart struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	ImageURL struct {
		URL    string `json:"url"`
		Detail string `json:"detail"`
	} `json:"image_url"`
	InputAudio struct {
		Data   string `json:"data"`
		Format string `json:"format"`
	} `json:"input_audio"`
	File struct {
		Filename string `json:"filename"`
		FileData string `json:"file_data"`
	} `json:"file"`
}

// ParseChatRequest decodes an OpenAI chat request body, failing t when it
// is not one.
func ParseChatRequest(t testing.TB, body []byte) ChatRequest {
	t.Helper()
	var raw struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatalf("not a chat request: %v: %.300s", err, body)
	}
	out := ChatRequest{Model: raw.Model}
	for _, m := range raw.Messages {
		msg := ChatMessage{Role: m.Role}
		var text string
		if err := json.Unmarshal(m.Content, &text); err == nil {
			msg.Content = []ChatPart{{Type: "text", Text: text}}
		} else if err := json.Unmarshal(m.Content, &msg.Content); err != nil {
			t.Fatalf("message content: %v: %.300s", err, m.Content)
		}
		out.Messages = append(out.Messages, msg)
	}
	return out
}
