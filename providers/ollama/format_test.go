package ollama

import (
	"encoding/json"
	"strings"
	"testing"

	"parley/providers"
)

func TestToChatRequest(t *testing.T) {
	img := []byte{0xff, 0xd8, 0xff, 0xe0, 1, 2, 3}
	req := providers.Request{
		Model: "llava:13b",
		Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{
			providers.TextPart{Text: "first"},
			providers.ImagePart{MIME: "image/jpeg", Data: img, Detail: "high"},
			providers.TextPart{Text: "second"},
			providers.ImagePart{MIME: "image/png", Data: []byte{0x89, 'P'}},
		}}},
	}
	got, err := toChatRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 1 {
		t.Fatalf("no system prompt, yet %d messages", len(got.Messages))
	}
	m := got.Messages[0]
	if m.Role != "user" || m.Content != "first\n\nsecond" || len(m.Images) != 2 || string(m.Images[0]) != string(img) {
		t.Errorf("message: %+v", m)
	}
	if got.Options != nil {
		t.Errorf("options without MaxTokens: %v", got.Options)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"images":["/9j/4AECAw==","iVA="]`) || !strings.Contains(string(b), `"stream":true`) {
		t.Errorf("wire form: %s", b)
	}
}

func TestToChatRequestRefusals(t *testing.T) {
	cases := map[string]providers.Request{
		"no Ollama model chosen":         {Messages: []providers.Message{{Role: providers.RoleUser}}},
		`message 1: unknown role "tool"`: {Model: "m", Messages: []providers.Message{{Role: "tool"}}},
		"message 2: empty image/png image": {Model: "m", Messages: []providers.Message{
			{Role: providers.RoleUser},
			{Role: providers.RoleUser, Parts: []providers.Part{providers.ImagePart{MIME: "image/png"}}},
		}},
		errAudio: {Model: "m", Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{
			providers.AudioPart{MIME: "audio/wav", Data: []byte("RIFF")},
		}}}},
	}
	for want, req := range cases {
		_, err := toChatRequest(req)
		wantKind(t, err, providers.ErrBadRequest, want)
	}
}
