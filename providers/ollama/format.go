package ollama

import (
	"fmt"
	"strings"

	"github.com/ollama/ollama/api"

	"parley/providers"
)

// errAudio is returned for any AudioPart: no Ollama model takes audio, and
// sending the bytes as an "image" would fail deep inside the runner.
const errAudio = "Ollama models cannot take audio; it must be transcribed first"

// toChatRequest converts the neutral request into Ollama's /api/chat body:
// the system prompt as the first message, text parts joined by blank lines,
// images as raw bytes (the SDK base64-encodes them, no data: prefix) and
// MaxTokens as the num_predict option.
func toChatRequest(req providers.Request) (*api.ChatRequest, error) {
	if strings.TrimSpace(req.Model) == "" {
		return nil, providers.Errorf(providers.ErrBadRequest, 0, nil, "no Ollama model chosen")
	}
	msgs := make([]api.Message, 0, len(req.Messages)+1)
	if req.System != "" {
		msgs = append(msgs, api.Message{Role: "system", Content: req.System})
	}
	for i, m := range req.Messages {
		ams, err := toMessages(m)
		if pe, ok := err.(*providers.Error); ok {
			return nil, pe
		}
		if err != nil {
			return nil, providers.Errorf(providers.ErrBadRequest, 0, err, "message %d: %v", i+1, err)
		}
		msgs = append(msgs, ams...)
	}
	stream := true
	out := &api.ChatRequest{Model: req.Model, Messages: msgs, Stream: &stream}
	if len(req.Tools) > 0 {
		tools, err := toTools(req.Tools)
		if err != nil {
			return nil, providers.Errorf(providers.ErrBadRequest, 0, err, "%v", err)
		}
		out.Tools = tools
	}
	if req.MaxTokens > 0 {
		out.Options = map[string]any{"num_predict": req.MaxTokens}
	}
	return out, nil
}

// toMessages converts one message. Tool results become "tool" messages of
// their own, ahead of whatever else the message holds (as in OpenAI's
// protocol, which Ollama follows); a message of only results yields no
// user message.
func toMessages(m providers.Message) ([]api.Message, error) {
	var role string
	switch m.Role {
	case providers.RoleUser:
		role = "user"
	case providers.RoleAssistant:
		role = "assistant"
	default:
		return nil, fmt.Errorf("unknown role %q", m.Role)
	}
	out := api.Message{Role: role}
	var results []api.Message
	var texts []string
	for j, p := range m.Parts {
		switch p := p.(type) {
		case providers.TextPart:
			texts = append(texts, p.Text)
		case providers.ImagePart:
			if len(p.Data) == 0 {
				return nil, fmt.Errorf("empty %s image", p.MIME)
			}
			out.Images = append(out.Images, api.ImageData(p.Data))
		case providers.AudioPart:
			return nil, providers.Errorf(providers.ErrBadRequest, 0, nil, "%s", errAudio)
		case providers.DocumentPart, providers.VideoPart:
			return nil, providers.Errorf(providers.ErrBadRequest, 0, nil, "Ollama models read no documents or video: send page images or frames")
		case providers.ToolCallPart:
			if role != "assistant" {
				return nil, fmt.Errorf("part %d: a tool call must be in an assistant message", j+1)
			}
			tc, err := toToolCall(p, len(out.ToolCalls))
			if err != nil {
				return nil, fmt.Errorf("part %d: %w", j+1, err)
			}
			out.ToolCalls = append(out.ToolCalls, tc)
		case providers.ToolResultPart:
			if role != "user" {
				return nil, fmt.Errorf("part %d: a tool result must be in a user message", j+1)
			}
			results = append(results, toToolMessage(p))
		default:
			return nil, fmt.Errorf("unsupported part %T", p)
		}
	}
	out.Content = strings.Join(texts, "\n\n")
	if len(results) > 0 && len(texts) == 0 && len(out.Images) == 0 {
		return results, nil
	}
	return append(results, out), nil
}
