package openai

import (
	"encoding/base64"
	"fmt"
	"mime"
	"strings"

	oai "github.com/openai/openai-go/v3"

	"parley/providers"
)

// buildParams converts our neutral request into a streaming Chat Completions
// request. Failures are *providers.Error of kind ErrBadRequest: they are the
// caller's input, found before anything is sent.
func buildParams(req providers.Request) (oai.ChatCompletionNewParams, error) {
	var p oai.ChatCompletionNewParams
	if strings.TrimSpace(req.Model) == "" {
		return p, providers.Errorf(providers.ErrBadRequest, 0, nil, "no model given")
	}
	p.Model = req.Model
	// Without include_usage the stream carries no token counts at all.
	p.StreamOptions = oai.ChatCompletionStreamOptionsParam{IncludeUsage: oai.Bool(true)}
	if req.MaxTokens > 0 {
		p.MaxCompletionTokens = oai.Int(int64(req.MaxTokens))
	}
	if req.System != "" {
		p.Messages = append(p.Messages, systemMessage(req.Model, req.System))
	}
	for i, m := range req.Messages {
		msgs, err := convertMessage(m)
		if err != nil {
			return p, providers.Errorf(providers.ErrBadRequest, 0, err, "message %d: %v", i+1, err)
		}
		p.Messages = append(p.Messages, msgs...)
	}
	if len(req.Tools) > 0 {
		tools, err := toTools(req.Tools)
		if err != nil {
			return p, providers.Errorf(providers.ErrBadRequest, 0, err, "%v", err)
		}
		p.Tools = tools
	}
	return p, nil
}

// convertMessage converts one message. A user message's tool results
// become "tool" messages ahead of it (the protocol wants them right after
// the assistant message that made the calls); if nothing else is left, no
// user message follows.
func convertMessage(m providers.Message) ([]oai.ChatCompletionMessageParamUnion, error) {
	switch m.Role {
	case providers.RoleAssistant:
		msg, err := assistantMessage(m.Parts)
		if err != nil {
			return nil, err
		}
		return []oai.ChatCompletionMessageParamUnion{msg}, nil
	case providers.RoleUser:
		results, rest := splitResults(m.Parts)
		if len(results) > 0 && len(rest) == 0 {
			return results, nil
		}
		msg, err := userMessage(rest)
		if err != nil {
			return nil, err
		}
		return append(results, msg), nil
	}
	return nil, fmt.Errorf("unknown role %q", m.Role)
}

// userMessage sends a lone text part as a plain string: several
// OpenAI-compatible servers (older llama.cpp, some proxies) accept only the
// string form for text-only messages. Anything else becomes a list of parts.
func userMessage(parts []providers.Part) (oai.ChatCompletionMessageParamUnion, error) {
	if len(parts) == 1 {
		if t, ok := parts[0].(providers.TextPart); ok {
			return oai.UserMessage(t.Text), nil
		}
	}
	out := make([]oai.ChatCompletionContentPartUnionParam, 0, len(parts))
	for _, part := range parts {
		cp, err := contentPart(part)
		if err != nil {
			return oai.ChatCompletionMessageParamUnion{}, err
		}
		out = append(out, cp)
	}
	return oai.UserMessage(out), nil
}

func contentPart(part providers.Part) (oai.ChatCompletionContentPartUnionParam, error) {
	switch p := part.(type) {
	case providers.TextPart:
		return oai.TextContentPart(p.Text), nil
	case providers.ImagePart:
		return imagePart(p)
	case providers.AudioPart:
		format, err := audioFormat(p.MIME)
		if err != nil {
			return oai.ChatCompletionContentPartUnionParam{}, err
		}
		return oai.InputAudioContentPart(oai.ChatCompletionContentPartInputAudioInputAudioParam{
			Data:   base64.StdEncoding.EncodeToString(p.Data),
			Format: format,
		}), nil
	case providers.DocumentPart:
		return filePart(p)
	case providers.VideoPart:
		return oai.ChatCompletionContentPartUnionParam{}, fmt.Errorf("OpenAI chat models take no video")
	case providers.ToolCallPart:
		return oai.ChatCompletionContentPartUnionParam{}, fmt.Errorf("a tool call must be in an assistant message")
	}
	return oai.ChatCompletionContentPartUnionParam{}, fmt.Errorf("unsupported part %T", part)
}

// imagePart sends the image inline as a data URL: parley never uploads
// attachments anywhere else, and local servers cannot fetch our files.
func imagePart(p providers.ImagePart) (oai.ChatCompletionContentPartUnionParam, error) {
	url, err := imageDataURL(p)
	if err != nil {
		return oai.ChatCompletionContentPartUnionParam{}, err
	}
	return oai.ImageContentPart(oai.ChatCompletionContentPartImageImageURLParam{URL: url, Detail: p.Detail}), nil
}

// imageDataURL checks an image part (MIME type, bytes, detail) and returns
// it as a data URL; the chat and Responses paths both send images so.
func imageDataURL(p providers.ImagePart) (string, error) {
	mt, _, err := mime.ParseMediaType(p.MIME)
	if err != nil || !strings.HasPrefix(mt, "image/") {
		return "", fmt.Errorf("image has no valid MIME type (%q)", p.MIME)
	}
	if len(p.Data) == 0 {
		return "", fmt.Errorf("image is empty")
	}
	switch p.Detail {
	case "", "low", "high", "auto":
	default:
		return "", fmt.Errorf("image detail %q: want low, high or auto", p.Detail)
	}
	return "data:" + mt + ";base64," + base64.StdEncoding.EncodeToString(p.Data), nil
}

// audioFormat maps a MIME type to input_audio's format, which only knows
// "wav" and "mp3"; other recordings must be converted (or transcribed)
// before they reach this adapter.
func audioFormat(mimeType string) (string, error) {
	mt, _, _ := mime.ParseMediaType(mimeType)
	switch mt {
	case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave":
		return "wav", nil
	case "audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg-3":
		return "mp3", nil
	}
	return "", fmt.Errorf("input_audio takes wav or mp3, not %q", mimeType)
}

// systemMessage is the system prompt in the role the model wants: OpenAI's
// reasoning models (o1, o3, o4-mini, the gpt-5 family) take instructions as
// a "developer" message and treat "system" as a legacy alias; every other
// model, and the OpenAI-compatible servers, take "system".
func systemMessage(model, text string) oai.ChatCompletionMessageParamUnion {
	if reasoningModel(model) {
		return oai.DeveloperMessage(text)
	}
	return oai.SystemMessage(text)
}

// reasoningModel reports whether model (maybe routed, "openai/o3") is one
// of OpenAI's reasoning models. o1-mini and o1-preview took neither
// developer nor system messages; they keep "system" and the API's error.
func reasoningModel(model string) bool {
	if i := strings.LastIndexByte(model, '/'); i >= 0 {
		model = model[i+1:]
	}
	model = strings.ToLower(model)
	if model == "o1-mini" || model == "o1-preview" || strings.HasPrefix(model, "o1-mini-") || strings.HasPrefix(model, "o1-preview-") {
		return false
	}
	if strings.HasPrefix(model, "gpt-5") {
		return true
	}
	return len(model) >= 2 && model[0] == 'o' && model[1] >= '1' && model[1] <= '9'
}
