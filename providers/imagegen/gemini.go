package imagegen

import (
	"context"
	"iter"
	"strings"

	"parley/providers"
	"parley/providers/gemini"
)

// DefaultGeminiModel is drawn with when a request names no model.
const DefaultGeminiModel = "gemini-2.5-flash-image"

// geminiGen draws with Gemini's image models through the Gemini chat
// adapter, which already asks image models for TEXT and IMAGE output, turns
// their inlineData parts into image events and SAFETY-style finish reasons
// into refusals, and carries the key handling, retries and error lines every
// Gemini call needs.
type geminiGen struct {
	name string
	p    providers.Provider
}

func newGemini(s providers.Settings) (*geminiGen, error) {
	p, err := gemini.New(s)
	if err != nil {
		return nil, err
	}
	name := s.Name
	if name == "" {
		name = "gemini"
	}
	return &geminiGen{name: name, p: p}, nil
}

// isImageModel mirrors the adapter's rule for asking for IMAGE output
// (every Gemini image-output model has "-image" in its name); any other
// model would answer in words only.
func isImageModel(model string) bool {
	return strings.Contains(strings.ToLower(model), "-image")
}

// Generate draws req; see Generator for the contract.
func (g *geminiGen) Generate(ctx context.Context, req Request) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		if err := check(req); err != nil {
			yield(Event{}, err)
			return
		}
		model := req.Model
		if model == "" {
			model = DefaultGeminiModel
		}
		if !isImageModel(model) {
			yield(Event{}, providers.Errorf(providers.ErrBadRequest, 0, nil,
				"%s is not a Gemini image model (use one such as %s)", model, DefaultGeminiModel))
			return
		}
		finals, ok := g.relay(ctx, chatRequest(model, req), yield)
		if ok && finals == 0 {
			yield(Event{}, providers.Errorf(providers.ErrBadRequest, 0, nil,
				"%s replied without an image", providers.DisplayName(g.name)))
		}
	}
}

// chatRequest puts the input images, then the prompt, in one user message:
// Gemini reads images before the words that refer to them best.
func chatRequest(model string, req Request) providers.Request {
	parts := make([]providers.Part, 0, len(req.Input)+1)
	for _, in := range req.Input {
		parts = append(parts, in)
	}
	parts = append(parts, providers.TextPart{Text: req.Prompt})
	return providers.Request{
		Model:    model,
		Messages: []providers.Message{{Role: providers.RoleUser, Parts: parts}},
	}
}

// relay passes the adapter's events on as generation events. It returns the
// number of final images and whether the stream ended well (false after an
// error or when the consumer stopped).
func (g *geminiGen) relay(ctx context.Context, req providers.Request, yield func(Event, error) bool) (int, bool) {
	finals := 0
	for ev, err := range g.p.Stream(ctx, req) {
		if err != nil {
			yield(Event{}, err)
			return finals, false
		}
		var out Event
		switch ev.Kind {
		case providers.EventText:
			out = Event{Kind: Text, Text: ev.Text}
		case providers.EventImagePartial:
			out = Event{Kind: Partial, Image: *ev.Image, Index: ev.Image.Index}
		case providers.EventImage:
			out = Event{Kind: Final, Image: *ev.Image, Index: ev.Image.Index}
			finals++
		case providers.EventDone:
			return finals, true
		default:
			continue // reasoning and usage have no place in a picture
		}
		if !yield(out, nil) {
			return finals, false
		}
	}
	// The adapter always ends with EventDone or an error; reaching here
	// means it broke that promise.
	yield(Event{}, providers.Errorf(providers.ErrIncomplete, 0, nil, "%s: stream ended without a result", providers.DisplayName(g.name)))
	return finals, false
}
