package anthropic

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/anthropics/anthropic-sdk-go/v2"

	"parley/providers"
)

// DefaultMaxTokens is sent when a request leaves MaxTokens at 0: the
// Messages API requires max_tokens and has no default of its own.
const DefaultMaxTokens = 4096

// imageTypes are the media types the Messages API accepts for base64 images,
// keyed by the MIME spellings parley may hand us.
var imageTypes = map[string]anthropic.Base64ImageSourceMediaType{
	"image/jpeg": anthropic.Base64ImageSourceMediaTypeImageJPEG,
	"image/jpg":  anthropic.Base64ImageSourceMediaTypeImageJPEG,
	"image/png":  anthropic.Base64ImageSourceMediaTypeImagePNG,
	"image/gif":  anthropic.Base64ImageSourceMediaTypeImageGIF,
	"image/webp": anthropic.Base64ImageSourceMediaTypeImageWebP,
}

// errAudio is returned for an AudioPart: the Messages API has no audio
// input, and dropping the part silently would answer a question the user
// never saw asked.
const errAudio = "Anthropic models cannot take audio; it must be transcribed first"

// toParams converts a neutral request to the SDK's MessageNewParams. Bad
// input gives an ErrBadRequest *providers.Error naming the message and
// part, before anything is sent.
func toParams(req providers.Request) (anthropic.MessageNewParams, error) {
	var p anthropic.MessageNewParams
	if strings.TrimSpace(req.Model) == "" {
		return p, badRequest("no model given")
	}
	p.Model = anthropic.Model(req.Model)
	p.MaxTokens = DefaultMaxTokens
	if req.MaxTokens > 0 {
		p.MaxTokens = int64(req.MaxTokens)
	}
	if strings.TrimSpace(req.System) != "" {
		p.System = []anthropic.TextBlockParam{{Text: req.System}}
	}
	msgs, err := toMessages(req.Messages)
	if err != nil {
		return p, err
	}
	p.Messages = msgs
	if len(req.Tools) > 0 {
		if p.Tools, err = toTools(req.Tools); err != nil {
			return p, err
		}
	}
	return p, nil
}

// turn is one message being assembled, before it becomes an SDK union.
type turn struct {
	role   providers.Role
	blocks []anthropic.ContentBlockParamUnion
}

// toMessages converts messages and merges consecutive messages of the same
// role, because the API rejects two user (or assistant) turns in a row; that
// happens in parley when a failed reply is dropped from the history.
// Messages with no content left (only blank text) are skipped, since the API
// also rejects empty content.
func toMessages(in []providers.Message) ([]anthropic.MessageParam, error) {
	var turns []turn
	for i, m := range in {
		if m.Role != providers.RoleUser && m.Role != providers.RoleAssistant {
			return nil, badRequest("message %d has unknown role %q", i+1, m.Role)
		}
		blocks, err := toBlocks(i, m.Role, m.Parts)
		if err != nil {
			return nil, err
		}
		if len(blocks) == 0 {
			continue
		}
		if n := len(turns); n > 0 && turns[n-1].role == m.Role {
			turns[n-1].blocks = append(turns[n-1].blocks, blocks...)
			continue
		}
		turns = append(turns, turn{role: m.Role, blocks: blocks})
	}
	if len(turns) == 0 {
		return nil, badRequest("the request has no message content")
	}
	out := make([]anthropic.MessageParam, len(turns))
	for i, t := range turns {
		if t.role == providers.RoleUser {
			out[i] = anthropic.NewUserMessage(resultsFirst(t.blocks)...)
		} else {
			out[i] = anthropic.NewAssistantMessage(t.blocks...)
		}
	}
	return out, nil
}

// toBlocks converts the parts of message i (0-based) to content blocks.
// Tool calls belong to assistant messages and results to user messages:
// the API refuses them anywhere else.
func toBlocks(i int, role providers.Role, parts []providers.Part) ([]anthropic.ContentBlockParamUnion, error) {
	blocks := make([]anthropic.ContentBlockParamUnion, 0, len(parts))
	for j, part := range parts {
		switch p := part.(type) {
		case providers.TextPart:
			// The API refuses text blocks that are empty or only whitespace.
			if strings.TrimSpace(p.Text) != "" {
				blocks = append(blocks, anthropic.NewTextBlock(p.Text))
			}
		case providers.ImagePart:
			b, err := imageBlock(p)
			if err != nil {
				return nil, badRequest("message %d, part %d: %s", i+1, j+1, err)
			}
			blocks = append(blocks, b)
		case providers.AudioPart:
			return nil, badRequest("%s", errAudio)
		case providers.DocumentPart:
			b, err := documentBlock(p)
			if err != nil {
				return nil, badRequest("message %d, part %d: %s", i+1, j+1, err)
			}
			blocks = append(blocks, b)
		case providers.VideoPart:
			return nil, badRequest("message %d, part %d: Anthropic models take no video", i+1, j+1)
		case providers.ToolCallPart:
			if role != providers.RoleAssistant {
				return nil, badRequest("message %d, part %d: a tool call must be in an assistant message", i+1, j+1)
			}
			b, err := toolUseBlock(p)
			if err != nil {
				return nil, badRequest("message %d, part %d: %s", i+1, j+1, err)
			}
			blocks = append(blocks, b)
		case providers.ToolResultPart:
			if role != providers.RoleUser {
				return nil, badRequest("message %d, part %d: a tool result must be in a user message", i+1, j+1)
			}
			blocks = append(blocks, toolResultBlock(p))
		default:
			return nil, badRequest("message %d, part %d: unsupported part type %T", i+1, j+1, part)
		}
	}
	return blocks, nil
}

// imageBlock encodes an image as a base64 source block.
func imageBlock(p providers.ImagePart) (anthropic.ContentBlockParamUnion, error) {
	mime := strings.ToLower(strings.TrimSpace(p.MIME))
	mt, ok := imageTypes[mime]
	if !ok {
		return anthropic.ContentBlockParamUnion{}, fmt.Errorf("Anthropic models cannot take %q images (jpeg, png, gif or webp only)", p.MIME)
	}
	if len(p.Data) == 0 {
		return anthropic.ContentBlockParamUnion{}, fmt.Errorf("the %s image is empty", mime)
	}
	return anthropic.NewImageBlockBase64(string(mt), base64.StdEncoding.EncodeToString(p.Data)), nil
}

// badRequest builds the error for a request that cannot be sent.
func badRequest(format string, args ...any) error {
	return providers.Errorf(providers.ErrBadRequest, 0, nil, format, args...)
}
