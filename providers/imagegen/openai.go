package imagegen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net"
	"net/http"
	"strings"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"parley/providers"
	"parley/providers/openai"
)

// DefaultOpenAIBaseURL is used when the settings give no base URL.
const DefaultOpenAIBaseURL = openai.DefaultBaseURL

// DefaultOpenAIModel is drawn with when a request names no model.
const DefaultOpenAIModel = "gpt-image-1"

const (
	// maxErrorBody bounds how much of an error response is read for its message.
	maxErrorBody = 64 << 10
	// maxJSONReply bounds a non-streaming reply: a few large pictures in
	// base64 fit easily; a server sending more is broken.
	maxJSONReply = 256 << 20
)

// openaiGen draws through the OpenAI Images API. It is safe for concurrent use.
type openaiGen struct {
	s       providers.Settings // with defaults applied
	baseURL string
	images  oai.ImageService
}

func newOpenAI(s providers.Settings) (*openaiGen, error) {
	s = s.WithDefaults()
	if s.Name == "" {
		s.Name = "openai"
	}
	base, opts, err := openai.ClientOptions(s)
	if err != nil {
		return nil, fmt.Errorf("image provider %q: %w", s.Name, err)
	}
	// Built directly, not through oai.NewClient: see openai.ClientOptions.
	return &openaiGen{s: s, baseURL: base, images: oai.NewImageService(opts...)}, nil
}

// Generate draws req; see Generator for the contract.
func (g *openaiGen) Generate(ctx context.Context, req Request) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		if err := check(req); err != nil {
			yield(Event{}, err)
			return
		}
		ctx, attempts := providers.WithAttempts(ctx)
		raw, err := g.send(ctx, req)
		if err != nil {
			yield(Event{}, g.requestError(ctx, raw, err, attempts))
			return
		}
		defer raw.Body.Close()
		r := &reading{g: g, ctx: ctx, yield: yield}
		// Servers that cannot stream (older proxies, some local servers)
		// ignore "stream" and answer with the whole picture as JSON.
		if isJSON(raw.Header.Get("Content-Type")) {
			r.readJSON(raw.Body)
			return
		}
		r.readStream(raw)
	}
}

// legacyModel reports whether model is a DALL·E model, which neither streams
// nor takes output_format, and answers with URLs unless asked for base64.
func legacyModel(model string) bool {
	return strings.HasPrefix(strings.ToLower(model), "dall-e")
}

// send posts the request and returns the raw response, its body unread: the
// SDK decodes neither an SSE stream nor a JSON reply here, because which one
// arrives is only known from the Content-Type.
func (g *openaiGen) send(ctx context.Context, req Request) (*http.Response, error) {
	model := req.Model
	if model == "" {
		model = DefaultOpenAIModel
	}
	stream := !legacyModel(model)
	var raw *http.Response
	into := option.WithResponseBodyInto(&raw)
	var err error
	if len(req.Input) == 0 {
		opts := []option.RequestOption{into}
		if stream {
			opts = append(opts, option.WithJSONSet("stream", true))
		}
		_, err = g.images.Generate(ctx, generateParams(req, model, stream), opts...)
	} else {
		_, err = g.images.Edit(ctx, editParams(req, model, stream), into)
	}
	return raw, err
}

func generateParams(req Request, model string, stream bool) oai.ImageGenerateParams {
	p := oai.ImageGenerateParams{Prompt: req.Prompt, Model: oai.ImageModel(model)}
	if req.Size != "" {
		p.Size = oai.ImageGenerateParamsSize(req.Size)
	}
	if !stream {
		p.ResponseFormat = oai.ImageGenerateParamsResponseFormatB64JSON
		return p
	}
	p.OutputFormat = oai.ImageGenerateParamsOutputFormatPNG
	if req.Partials > 0 {
		p.PartialImages = oai.Int(int64(req.Partials))
	}
	return p
}

func editParams(req Request, model string, stream bool) oai.ImageEditParams {
	files := make([]io.Reader, len(req.Input))
	for i, in := range req.Input {
		ext := strings.TrimPrefix(in.MIME, "image/")
		files[i] = oai.File(bytes.NewReader(in.Data), fmt.Sprintf("input-%d.%s", i+1, ext), in.MIME)
	}
	p := oai.ImageEditParams{Prompt: req.Prompt, Model: oai.ImageModel(model)}
	if len(files) == 1 {
		p.Image.OfFile = files[0]
	} else {
		p.Image.OfFileArray = files
	}
	if req.Size != "" {
		p.Size = oai.ImageEditParamsSize(req.Size)
	}
	if !stream {
		p.ResponseFormat = oai.ImageEditParamsResponseFormatB64JSON
		return p
	}
	p.OutputFormat = oai.ImageEditParamsOutputFormatPNG
	if req.Partials > 0 {
		p.PartialImages = oai.Int(int64(req.Partials))
	}
	// Multipart has no JSON body to patch; this is how the SDK's own
	// EditStreaming asks for a stream.
	p.SetExtraFields(map[string]any{"stream": "true"})
	return p
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// requestError turns a call that got no usable response into one line.
func (g *openaiGen) requestError(ctx context.Context, raw *http.Response, err error, a *providers.Attempts) *providers.Error {
	if ctx.Err() != nil {
		return providers.Canceled(ctx.Err())
	}
	if pe := a.Refused(); pe != nil {
		if raw != nil {
			raw.Body.Close()
		}
		return pe // a Retry-After past the cap: not retried
	}
	if raw != nil && raw.StatusCode >= 400 {
		// The SDK leaves the error body readable on the raw response; its
		// own error value is lost when the body is not OpenAI-shaped JSON.
		body, _ := io.ReadAll(io.LimitReader(raw.Body, maxErrorBody))
		raw.Body.Close()
		msg, code := openai.ErrorBody(body)
		msg = providers.Redact(msg, g.s.APIKey)
		pe := providers.HTTPError(raw.StatusCode, a.Retries(), g.s.KeySource, g.s.Name, msg, err)
		if pe.Kind == providers.ErrBadRequest && refusalCode(code) {
			pe.Message = g.display() + " refused the prompt: " + pe.Message
		}
		return pe
	}
	var op *net.OpError
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() && !(errors.As(err, &op) && op.Op == "dial") {
		// Connected, but the server sat on the request past the idle limit.
		return providers.Errorf(providers.ErrStalled, 0, err, "%s did not answer within %s", g.display(), g.s.IdleTimeout)
	}
	return providers.CannotReach(g.baseURL, err)
}

// refusalCode reports whether an OpenAI error code means the safety system
// turned the prompt (or the picture) down.
func refusalCode(code string) bool {
	switch code {
	case "moderation_blocked", "content_policy_violation", "content_filter", "safety_violation":
		return true
	}
	return false
}

func (g *openaiGen) display() string { return providers.DisplayName(g.s.Name) }
