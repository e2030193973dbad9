package anthropic

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/anthropics/anthropic-sdk-go/v2"

	"parley/providers"
)

// classify turns any error from the SDK into one *providers.Error line. ctx
// is the caller's context; p says how far the reply got (p.started false
// means no stream ever began); retries is how many retries the SDK made.
// Every message passes through providers.Redact with our key, so a server
// that echoes the key back cannot leak it.
func (a *adapter) classify(ctx context.Context, err error, p progress, attempts *providers.Attempts) error {
	pe := a.classifyRaw(ctx, err, p, attempts)
	pe.Message = providers.Redact(pe.Message, a.settings.APIKey)
	return pe
}

func (a *adapter) classifyRaw(ctx context.Context, err error, p progress, attempts *providers.Attempts) *providers.Error {
	if ctx.Err() != nil {
		return providers.Canceled(ctx.Err())
	}
	if pe := attempts.Refused(); pe != nil {
		return pe // a Retry-After past the cap: not retried
	}
	var ae *anthropic.Error
	if errors.As(err, &ae) {
		return a.apiError(ae, attempts.Retries())
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return providers.Errorf(providers.ErrStream, 0, err,
			"%s sent a malformed stream event after %s", a.display(), tokens(p.deltas))
	}
	if p.started || errors.Is(err, providers.ErrIdleTimeout) {
		return providers.StreamFailure(ctx, err, p.deltas, a.settings.IdleTimeout)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return providers.Canceled(err)
	}
	return providers.CannotReach(a.baseURL(), err)
}

// apiError handles an error the API itself reported, either as an HTTP
// status or, with StatusCode 200, as an `event: error` inside the stream.
func (a *adapter) apiError(ae *anthropic.Error, retries int) *providers.Error {
	msg := providers.OneLine(providers.Redact(ae.Message, a.settings.APIKey), 200)
	if ae.StatusCode == http.StatusOK {
		// The stream had begun, so the SDK could not retry.
		if ae.Type() == anthropic.ErrorTypeOverloadedError {
			return providers.Errorf(providers.ErrOverloaded, 0, ae, "%s is overloaded", a.display())
		}
		if msg == "" {
			msg = string(ae.Type())
		}
		if msg == "" {
			msg = "unknown error"
		}
		return providers.Errorf(providers.ErrStream, 0, ae, "%s: %s", a.display(), msg)
	}
	if ae.StatusCode == http.StatusUnauthorized && a.settings.APIKey == "" {
		// No key was configured at all: say so instead of "rejected".
		src := a.settings.KeySource
		if src == "" {
			src = "an API key"
		}
		return providers.Errorf(providers.ErrAuth, ae.StatusCode, ae,
			"%s needs %s, which is not set (401)", a.display(), src)
	}
	return providers.HTTPError(ae.StatusCode, retries, a.settings.KeySource, a.name, msg, ae)
}

// display is the provider name as users read it ("Anthropic").
func (a *adapter) display() string { return providers.DisplayName(a.name) }

// baseURL is the server root in use, for "cannot reach" messages. It holds
// no credentials: the key travels in a header.
func (a *adapter) baseURL() string {
	u, err := baseURL(a.settings.BaseURL)
	if err != nil {
		return a.settings.BaseURL
	}
	return u
}

// tokens formats a delta count: "1 token", "12 tokens".
func tokens(n int) string {
	if n == 1 {
		return "1 token"
	}
	return strconv.Itoa(n) + " tokens"
}
