package speech

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"parley/providers"
	"parley/providers/gemini"
	"parley/providers/openai"
)

// maxVoiceList bounds a server's voice list reply.
const maxVoiceList = 1 << 20

// serverVoices asks an OpenAI-compatible server for its voices. OpenAI's
// API has no such call; Kokoro-FastAPI and several local front-ends answer
// GET /audio/voices with {"voices":[…]} (names, or objects with an id or
// name).
func (sp *openAISpeech) serverVoices(ctx context.Context) ([]Voice, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(sp.base, "/")+"/audio/voices", nil)
	if err != nil {
		return nil, providers.Errorf(providers.ErrBadRequest, 0, err, "%s: bad base URL", sp.display())
	}
	if sp.s.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+sp.s.APIKey)
	}
	resp, err := sp.s.Client().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, providers.Canceled(ctx.Err())
		}
		return nil, providers.CannotReach(sp.base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxVoiceList))
	if err != nil {
		return nil, sp.readError(ctx, err)
	}
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed {
		return nil, providers.Errorf(providers.ErrBadRequest, resp.StatusCode, nil,
			"%s does not list its voices (no /audio/voices): set speech.voice to one its documentation names", sp.display())
	}
	if resp.StatusCode >= 400 {
		msg := providers.Redact(openai.ErrorMessage(body), sp.s.APIKey)
		return nil, providers.HTTPError(resp.StatusCode, 0, sp.s.KeySource, sp.s.Name, msg, nil)
	}
	voices, err := parseVoiceList(body)
	if err != nil {
		return nil, providers.Errorf(providers.ErrOther, resp.StatusCode, err, "%s sent an unreadable voice list", sp.display())
	}
	return voices, nil
}

// parseVoiceList reads {"voices":[…]} or a bare list; items are names or
// objects with an id or name (and maybe a description).
func parseVoiceList(body []byte) ([]Voice, error) {
	var wrapped struct {
		Voices []json.RawMessage `json:"voices"`
	}
	items := wrapped.Voices
	if err := json.Unmarshal(body, &wrapped); err == nil && wrapped.Voices != nil {
		items = wrapped.Voices
	} else if err := json.Unmarshal(body, &items); err != nil {
		return nil, fmt.Errorf("neither {\"voices\":[…]} nor a list")
	}
	out := make([]Voice, 0, len(items))
	for _, it := range items {
		var name string
		if json.Unmarshal(it, &name) == nil {
			out = append(out, Voice{Name: name})
			continue
		}
		var obj struct{ ID, Name, Description string }
		if err := json.Unmarshal(it, &obj); err != nil {
			return nil, err
		}
		v := Voice{Name: cmpOr(obj.ID, obj.Name), Description: obj.Description}
		if obj.ID != "" && obj.Name != "" && obj.Name != obj.ID && v.Description == "" {
			v.Description = obj.Name
		}
		if v.Name != "" {
			out = append(out, v)
		}
	}
	return out, nil
}

// geminiVoices is Gemini's fixed list.
func geminiVoices() []Voice {
	list := gemini.SpeechVoices()
	out := make([]Voice, len(list))
	for i, v := range list {
		out[i] = Voice{Name: v[0], Description: v[1]}
	}
	return out
}
