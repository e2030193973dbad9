// Package openai serves the OpenAI Chat Completions protocol, and with it
// every OpenAI-compatible endpoint (llama.cpp server, vLLM, LM Studio,
// OpenRouter, Groq), on the official openai-go SDK; a request that wants
// images in the reply goes to OpenAI's Responses API instead (responses.go). Nothing of the SDK leaks
// out: callers see providers.Request, providers.Event and *providers.Error.
package openai

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"parley/providers"
)

// DefaultBaseURL is used when the settings give no base URL.
const DefaultBaseURL = "https://api.openai.com/v1"

// Provider streams chat completions from one configured endpoint. It is safe
// for concurrent use.
type Provider struct {
	s       providers.Settings // with defaults applied
	baseURL string
	// client carries only our options: it is used for its generic Post,
	// which sends a request exactly as the chat service would (auth,
	// retries, middleware, error decoding) but hands back the raw response.
	client oai.Client
	models oai.ModelService
}

// New builds an OpenAI-protocol provider from s; it is a providers.Factory.
// An empty API key is allowed: local servers need none, and no
// Authorization header is sent then.
func New(s providers.Settings) (providers.Provider, error) {
	s = s.WithDefaults()
	if s.Name == "" {
		s.Name = "openai"
	}
	base, opts, err := ClientOptions(s)
	if err != nil {
		return nil, fmt.Errorf("provider %q: %w", s.Name, err)
	}
	opts = append(opts, option.WithMiddleware(observe))
	// Built directly, not through oai.NewClient: see ClientOptions.
	return &Provider{
		s:       s,
		baseURL: base,
		client:  oai.Client{Options: opts},
		models:  oai.NewModelService(opts...),
	}, nil
}

// Name returns the configured provider name.
func (p *Provider) Name() string { return p.s.Name }

// Stream sends req and yields the reply as it arrives; see
// providers.Provider for the contract.
func (p *Provider) Stream(ctx context.Context, req providers.Request) iter.Seq2[providers.Event, error] {
	if req.ImageOutput {
		return p.streamResponses(ctx, req) // Chat Completions cannot return images
	}
	return func(yield func(providers.Event, error) bool) {
		params, err := buildParams(req)
		if err != nil {
			yield(providers.Event{}, err)
			return
		}
		ctx, attempts := providers.WithAttempts(ctx)
		ctx, call := withCallState(ctx)
		stream := p.newStream(ctx, params)
		defer stream.Close()

		var r reply
		for stream.Next() {
			c := stream.Current()
			if !r.handle(&c, yield) {
				return // the consumer stopped
			}
		}
		if err := stream.Err(); err != nil {
			yield(providers.Event{}, p.classify(ctx, err, call, attempts, r.tokens))
			return
		}
		if ctx.Err() != nil {
			yield(providers.Event{}, providers.Canceled(ctx.Err()))
			return
		}
		// The SDK ends quietly both on "data: [DONE]" and on a clean EOF, so
		// the body watcher and the finish reason tell a finished reply from a
		// truncated one (a proxy closing the connection, a crashed server).
		if r.finish == "" || !call.sawDone {
			yield(providers.Event{}, providers.Incomplete(r.tokens, nil))
			return
		}
		yield(providers.Event{Kind: providers.EventDone, FinishReason: r.finish}, nil)
	}
}

// newStream does what ChatCompletionService.NewStreaming does (the same
// request, bearer auth, retries and error handling, and the SDK's SSE
// decoder, which also turns a mid-stream {"error":...} event into a
// *ssestream.StreamError) but decodes each event into our small chunk
// instead of the SDK's ChatCompletionChunk.
func (p *Provider) newStream(ctx context.Context, params oai.ChatCompletionNewParams) *ssestream.Stream[chunk] {
	var raw *http.Response
	err := p.client.Post(ctx, "chat/completions", params, &raw, option.WithJSONSet("stream", true))
	return ssestream.NewStream[chunk](ssestream.NewDecoder(raw), err)
}

// Models lists the endpoint's models. Capabilities are left zero; the caps
// table fills them in.
func (p *Provider) Models(ctx context.Context) ([]providers.ModelInfo, error) {
	ctx, attempts := providers.WithAttempts(ctx)
	ctx, call := withCallState(ctx)
	page, err := p.models.List(ctx)
	if err != nil {
		return nil, p.classify(ctx, err, call, attempts, 0)
	}
	out := make([]providers.ModelInfo, 0, len(page.Data))
	for _, m := range page.Data {
		out = append(out, providers.ModelInfo{ID: m.ID})
	}
	return out, nil
}
