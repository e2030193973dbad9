package ollama

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ollama/ollama/api"

	"parley/providers"
)

// Ollama runs a model with a context of its own default size (a few
// thousand tokens) unless the request says num_ctx, and silently drops the
// start of a longer prompt. So a request that may not fit the default says
// num_ctx: enough for the request and its reply, up to the model's context
// length.
const (
	// safeDefaultCtx is the smallest default context any Ollama release
	// used (2048; 4096 since 0.6): a request and reply that fit it are
	// sent as they are, with no /api/show call and no num_ctx, so a short
	// chat costs nothing extra and never reloads the model.
	safeDefaultCtx = 2048
	// minNumCtx is the smallest num_ctx sent: Ollama's own default, so a
	// short chat runs as it would without the option.
	minNumCtx = 8192
	// defaultReplyTokens is the room for the reply when MaxTokens is 0:
	// so a prompt of up to 1024 tokens is sent without num_ctx.
	defaultReplyTokens = 1024
	// showTimeout bounds /api/show; it reads a manifest, never loads the
	// model.
	showTimeout = 10 * time.Second
)

// ctxLengths caches each model's context length from /api/show, so it is
// asked once per model and process. 0 means the server does not say.
type ctxLengths struct {
	mu sync.Mutex
	m  map[string]int
}

// numCtx returns the num_ctx to send with req, or 0 to send none (the
// request fits any default, or the server could not say how long the
// model's context is). It rounds up to a power of two: Ollama reloads the
// model whenever num_ctx changes, so a conversation that grows should
// change it rarely.
func (p *Provider) numCtx(ctx context.Context, req providers.Request) int {
	reply := req.MaxTokens
	if reply <= 0 {
		reply = defaultReplyTokens
	}
	need := providers.EstimateTokens(providers.Caps{}, req.System, req.Messages) + reply
	if need <= safeDefaultCtx {
		return 0
	}
	limit := p.contextLength(ctx, req.Model)
	if limit <= 0 {
		return 0
	}
	n := minNumCtx
	for n < need {
		n *= 2
	}
	return min(n, limit)
}

// contextLength asks /api/show (once per model) for the model's native
// context length. A failure that may pass (the server is busy or down) is
// not cached; the answer of a server that answered is.
func (p *Provider) contextLength(ctx context.Context, model string) int {
	p.ctxLen.mu.Lock()
	n, ok := p.ctxLen.m[model]
	p.ctxLen.mu.Unlock()
	if ok {
		return n
	}
	sctx, cancel := context.WithTimeout(ctx, showTimeout)
	defer cancel()
	show, err := p.client.Show(sctx, &api.ShowRequest{Model: model})
	var se api.StatusError
	switch {
	case err == nil:
		n = mergeShow(providers.Caps{}, show).ContextWindow
	case errors.As(err, &se) && se.StatusCode < 500:
		n = 0 // an old server, or a model it does not know: ask no more
	default:
		return 0
	}
	p.ctxLen.mu.Lock()
	if p.ctxLen.m == nil {
		p.ctxLen.m = map[string]int{}
	}
	p.ctxLen.m[model] = n
	p.ctxLen.mu.Unlock()
	return n
}
