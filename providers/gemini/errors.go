package gemini

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"google.golang.org/genai"

	"parley/providers"
)

// classifyStream turns a failed stream into one clear line, counting the
// reply received so far into the message. Every message passes through
// providers.Redact with our key, so a server echoing it cannot leak it.
func (p *provider) classifyStream(ctx context.Context, c *call, st *streamState, err error) *providers.Error {
	pe := p.classifyStreamRaw(ctx, c, st, err)
	pe.Message = p.redact(pe.Message)
	return pe
}

func (p *provider) classifyStreamRaw(ctx context.Context, c *call, st *streamState, err error) *providers.Error {
	status, bodyErr := c.wire()
	var ae genai.APIError
	switch {
	case c.attempts.Refused() != nil:
		// Checked first: giving up cancelled the call's context.
		return c.attempts.Refused()
	case ctx.Err() != nil:
		return providers.Canceled(ctx.Err())
	case errors.As(err, &ae) && status == http.StatusOK:
		// An {"error":…} event inside a 200 stream: the provider's words.
		msg := providers.OneLine(p.redact(ae.Message), 200)
		if msg == "" {
			msg = "stream error " + ae.Status
		}
		return providers.Errorf(providers.ErrStream, ae.Code, err, "%s: %s", p.display(), msg)
	case errors.As(err, &ae):
		return p.apiError(ae, c.attempts.Retries())
	case bodyErr != nil:
		// A cut body surfaces from the SDK as a JSON decode error of the
		// half line it got (or the bare read error); the read error is the
		// real cause: a stall or a lost connection.
		return providers.StreamFailure(ctx, bodyErr, st.tokens(), p.idle)
	case errors.Is(err, providers.ErrIdleTimeout):
		return providers.StreamFailure(ctx, err, st.tokens(), p.idle)
	case status == http.StatusOK:
		return providers.Errorf(providers.ErrStream, 0, err,
			"%s sent a malformed stream after %d tokens", p.display(), st.tokens())
	default:
		return providers.CannotReach(p.baseURL, err)
	}
}

// classify turns a failed non-streaming call (Models) into one clear line.
func (p *provider) classify(ctx context.Context, c *call, err error) *providers.Error {
	var ae genai.APIError
	var pe *providers.Error
	status, _ := c.wire()
	switch {
	case c.attempts.Refused() != nil:
		pe = c.attempts.Refused()
	case ctx.Err() != nil:
		pe = providers.Canceled(ctx.Err())
	case errors.As(err, &ae):
		pe = p.apiError(ae, c.attempts.Retries())
	case status != 0:
		// A reply arrived but could not be read or decoded.
		pe = providers.Errorf(providers.ErrOther, status, err, "%s sent an unreadable model list", p.display())
	default:
		pe = providers.CannotReach(p.baseURL, err)
	}
	pe.Message = p.redact(pe.Message)
	return pe
}

// apiError maps an HTTP error response from Gemini. retries is how many
// times the SDK retried before giving up.
func (p *provider) apiError(ae genai.APIError, retries int) *providers.Error {
	if ae.Code == http.StatusBadRequest && badKey(ae) {
		// Gemini answers a wrong key with 400 INVALID_ARGUMENT, not 401.
		return providers.Errorf(providers.ErrAuth, ae.Code, ae, "%s was rejected (%d)", p.keySource, ae.Code)
	}
	return providers.HTTPError(ae.Code, retries, p.keySource, p.name, p.redact(ae.Message), ae)
}

// badKey reports whether a 400 is Gemini's "API key not valid" answer.
func badKey(ae genai.APIError) bool {
	for _, d := range ae.Details {
		if r, _ := d["reason"].(string); r == "API_KEY_INVALID" || r == "API_KEY_EXPIRED" {
			return true
		}
	}
	return strings.Contains(strings.ToLower(ae.Message), "api key")
}

// display is the provider name as users read it ("Gemini").
func (p *provider) display() string { return providers.DisplayName(p.name) }

// redact masks our key, anything key-shaped and any key=… URL parameter
// (the form older Gemini clients and some proxies put in URLs) in s.
func (p *provider) redact(s string) string {
	return maskQueryKey(providers.Redact(s, p.key))
}

// maskQueryKey replaces the value of every "key=" parameter in s.
func maskQueryKey(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "key=")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+len("key=")])
		s = s[i+len("key="):]
		end := strings.IndexAny(s, "&# \t\"'")
		if end < 0 {
			end = len(s)
		}
		if end > 0 && !strings.HasPrefix(s, "[redacted]") {
			b.WriteString("[redacted]")
		} else {
			b.WriteString(s[:end])
		}
		s = s[end:]
	}
}
