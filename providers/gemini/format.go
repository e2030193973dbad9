package gemini

import (
	"fmt"
	"strings"

	"google.golang.org/genai"

	"parley/providers"
)

// buildRequest converts a neutral request into the SDK's contents and
// config. Bytes go into Blob.Data raw: the SDK base64-encodes them on the
// wire as {"inlineData":{"mimeType":…,"data":"<b64>"}}.
func buildRequest(req providers.Request) ([]*genai.Content, *genai.GenerateContentConfig, error) {
	if strings.TrimSpace(req.Model) == "" {
		return nil, nil, fmt.Errorf("no model given")
	}
	contents := make([]*genai.Content, 0, len(req.Messages))
	for i, m := range req.Messages {
		c, err := toContent(m, needsSignature(req.Model))
		if err != nil {
			return nil, nil, fmt.Errorf("message %d: %w", i+1, err)
		}
		// Gemini rejects a content with no parts; an empty message (say, a
		// reply that failed before any text) carries nothing anyway.
		if len(c.Parts) > 0 {
			contents = append(contents, c)
		}
	}
	if len(contents) == 0 {
		return nil, nil, fmt.Errorf("nothing to send: the conversation is empty")
	}
	cfg := &genai.GenerateContentConfig{}
	if req.System != "" {
		// No role: the API documents systemInstruction as parts only.
		cfg.SystemInstruction = &genai.Content{Parts: []*genai.Part{{Text: req.System}}}
	}
	if req.MaxTokens > 0 {
		cfg.MaxOutputTokens = int32(min(req.MaxTokens, 1<<30))
	}
	if len(req.Tools) > 0 {
		tools, err := toTools(req.Tools)
		if err != nil {
			return nil, nil, err
		}
		cfg.Tools = tools
	}
	if req.ImageOutput || wantsImages(req.Model) {
		// Image models only return pictures when asked; other models reject
		// IMAGE, so this is keyed on the caller's wish (the model's caps,
		// which config can set) or, failing that, the model name.
		cfg.ResponseModalities = []string{string(genai.ModalityText), string(genai.ModalityImage)}
	}
	return contents, cfg, nil
}

// wantsImages reports whether model is one of Gemini's image-output models
// (gemini-2.5-flash-image, gemini-3-pro-image-preview, ...).
func wantsImages(model string) bool {
	return strings.Contains(strings.ToLower(model), "-image")
}

// toContent converts one message; Gemini calls the assistant "model". sign
// says whether replayed tool calls need a thought signature.
func toContent(m providers.Message, sign bool) (*genai.Content, error) {
	var role string
	switch m.Role {
	case providers.RoleUser:
		role = genai.RoleUser
	case providers.RoleAssistant:
		role = genai.RoleModel
	default:
		return nil, fmt.Errorf("unsupported role %q", m.Role)
	}
	c := &genai.Content{Role: role}
	calls := 0
	for j, p := range m.Parts {
		var part *genai.Part
		var err error
		switch p := p.(type) {
		case providers.ToolCallPart:
			if m.Role != providers.RoleAssistant {
				return nil, fmt.Errorf("part %d: a tool call must be in an assistant message", j+1)
			}
			part, err = callPart(p, sign && calls == 0)
			calls++
		case providers.ToolResultPart:
			if m.Role != providers.RoleUser {
				return nil, fmt.Errorf("part %d: a tool result must be in a user message", j+1)
			}
			part, err = responsePart(p)
		default:
			part, err = toPart(p)
		}
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", j+1, err)
		}
		if part != nil {
			c.Parts = append(c.Parts, part)
		}
	}
	return c, nil
}

// toPart converts one part; nil means "nothing to send" (empty text).
func toPart(p providers.Part) (*genai.Part, error) {
	switch p := p.(type) {
	case providers.TextPart:
		if p.Text == "" {
			return nil, nil
		}
		return &genai.Part{Text: p.Text}, nil
	case providers.ImagePart:
		part, err := blobPart("image", p.MIME, p.Data)
		if err == nil && p.Resolution != "" {
			part.MediaResolution = mediaResolution(p.Resolution)
		}
		return part, err
	case providers.AudioPart:
		return blobPart("audio", p.MIME, p.Data)
	case providers.DocumentPart:
		return blobPart("application", p.MIME, p.Data)
	case providers.VideoPart:
		return blobPart("video", p.MIME, p.Data)
	default:
		return nil, fmt.Errorf("unsupported part type %T", p)
	}
}

func blobPart(kind, mime string, data []byte) (*genai.Part, error) {
	if !strings.HasPrefix(mime, kind+"/") {
		return nil, fmt.Errorf("%s has MIME type %q, want %s/…", kind, mime, kind)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s is empty", kind)
	}
	return &genai.Part{InlineData: &genai.Blob{MIMEType: mime, Data: data}}, nil
}

// mediaResolution is the per-part Gemini 3 media_resolution of a config
// level ("low", "medium", "high", "ultra_high"): MEDIA_RESOLUTION_HIGH and
// so on, the SDK's PartMediaResolutionLevel values.
func mediaResolution(level string) *genai.PartMediaResolution {
	return &genai.PartMediaResolution{
		Level: genai.PartMediaResolutionLevel("MEDIA_RESOLUTION_" + strings.ToUpper(level)),
	}
}
