// Package imagegen makes pictures from a prompt, streaming each stage as it
// forms: OpenAI's Images API (partial images, then the final one) and
// Gemini's image models (text and inline images in one reply). Callers see
// only neutral types; no SDK type crosses this package's API.
package imagegen

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	"parley/providers"
)

// DefaultIdleTimeout replaces providers.DefaultIdleTimeout for image
// backends: image models often work silently for well over a minute before
// the first byte (and servers that do not stream send nothing until the
// picture is finished), so the chat default would fail healthy requests.
const DefaultIdleTimeout = 3 * time.Minute

// MaxPartials is the most partial images the OpenAI Images API accepts.
const MaxPartials = 3

// Kind tells what an Event carries.
type Kind int

// The kinds of generation event.
const (
	// Partial is a preview of the picture as it forms, in Event.Image;
	// Event.Index is the partial's number (0, 1, ...). Each replaces the
	// previous one.
	Partial Kind = iota + 1
	// Final is a finished picture in Event.Image, its bytes exactly as the
	// provider encoded them; Event.Index numbers the pictures of one reply.
	Final
	// Text is a piece of text the model wrote alongside its pictures.
	Text
	// Revised is the prompt as the provider rewrote it before drawing
	// (DALL·E 3 does this), in Event.Text, for picture Event.Index.
	Revised
)

// String names the kind, for logs and test failures.
func (k Kind) String() string {
	switch k {
	case Partial:
		return "partial"
	case Final:
		return "final"
	case Text:
		return "text"
	case Revised:
		return "revised"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Request is one picture to make.
type Request struct {
	Model  string // "" = the backend's default
	Prompt string
	// Size is "WIDTHxHEIGHT" or "auto" for OpenAI ("" = the model's
	// default); Gemini image models choose their own size and ignore it.
	Size string
	// Partials is how many partial images to ask for (0 = none, at most
	// MaxPartials); only OpenAI's streaming API sends them.
	Partials int
	// Input holds images to edit or draw from (optional).
	Input []providers.ImagePart
}

// Event is one stage of a generation.
type Event struct {
	Kind  Kind
	Image providers.Image // Partial and Final
	Index int             // partial number (Partial) or picture number (Final, Revised)
	Text  string          // Text and Revised
}

// Generator makes pictures from one configured endpoint.
//
// Generate yields events as they arrive. A generation that ends well has
// yielded at least one Final event and then simply stops. A failure is
// yielded once as a non-nil error (a *providers.Error: a refusal is
// ErrBadRequest with the provider's reason) and ends the sequence; events
// before it stay valid. Cancelling ctx ends it with an error that wraps
// context.Canceled.
type Generator interface {
	// Generate sends req and yields its events, as described above.
	Generate(ctx context.Context, req Request) iter.Seq2[Event, error]
}

// New builds the generator for s.Type: "openai" (any server speaking the
// OpenAI Images API) or "gemini". A zero s.IdleTimeout becomes
// DefaultIdleTimeout.
func New(s providers.Settings) (Generator, error) {
	if s.IdleTimeout == 0 {
		s.IdleTimeout = DefaultIdleTimeout
	}
	switch s.Type {
	case "openai":
		return newOpenAI(s)
	case "gemini":
		return newGemini(s)
	}
	name := s.Name
	if name == "" {
		name = s.Type
	}
	return nil, fmt.Errorf("image provider %q: type %q cannot make images (use openai or gemini)", name, s.Type)
}

// check refuses requests that no backend could serve, before any network
// traffic, with a line the user can act on.
func check(req Request) error {
	if strings.TrimSpace(req.Prompt) == "" {
		return providers.Errorf(providers.ErrBadRequest, 0, nil, "no prompt: say what to draw")
	}
	if req.Partials < 0 || req.Partials > MaxPartials {
		return providers.Errorf(providers.ErrBadRequest, 0, nil, "partial images must be between 0 and %d, not %d", MaxPartials, req.Partials)
	}
	for i, in := range req.Input {
		if len(in.Data) == 0 {
			return providers.Errorf(providers.ErrBadRequest, 0, nil, "input image %d is empty", i+1)
		}
	}
	return nil
}

// imageMIME returns the MIME type of generated image bytes: from the
// provider's stated output format when it gave one, else sniffed.
func imageMIME(format string, data []byte) string {
	switch strings.ToLower(format) {
	case "png":
		return "image/png"
	case "jpeg", "jpg":
		return "image/jpeg"
	case "webp":
		return "image/webp"
	}
	if m := http.DetectContentType(data); strings.HasPrefix(m, "image/") {
		return m
	}
	return "image/png" // what we ask for
}
