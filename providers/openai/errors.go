package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"parley/providers"
)

// maxErrorBody bounds how much of an error response is kept for its message.
const maxErrorBody = 64 << 10

// callState is what the middleware saw of one call's HTTP exchange. The SDK
// runs middleware on the caller's goroutine, one attempt after another, and
// the body watcher is read from that goroutine too, so no locking is needed.
type callState struct {
	responded bool   // a 2xx response arrived: later failures are mid-stream
	status    int    // status of the last error response, 0 if none
	errBody   []byte // its body (bounded), for the provider's message
	sawDone   bool   // the stream carried "data: [DONE]"
}

type callKey struct{}

func withCallState(ctx context.Context) (context.Context, *callState) {
	c := &callState{}
	return context.WithValue(ctx, callKey{}, c), c
}

// observe is an SDK middleware, run once per attempt. It records error
// responses itself because the SDK turns a body that is not OpenAI-shaped
// JSON (an HTML page from a proxy, Ollama's {"error":"..."}) into a parse
// error that has lost the status; and it wraps successful bodies to notice
// the final "data: [DONE]", which the SDK swallows.
func observe(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	c, _ := req.Context().Value(callKey{}).(*callState)
	if c == nil {
		return next(req)
	}
	// Only the last attempt's outcome counts: a 429 followed by a refused
	// connection is a connection failure.
	c.status, c.errBody = 0, nil
	res, err := next(req)
	if res == nil || err != nil {
		return res, err
	}
	if res.StatusCode >= 400 {
		body, _ := io.ReadAll(io.LimitReader(res.Body, maxErrorBody))
		res.Body.Close()
		res.Body = io.NopCloser(bytes.NewReader(body))
		c.status, c.errBody = res.StatusCode, body
		return res, nil
	}
	c.responded = true
	res.Body = newDoneWatcher(res.Body, c)
	return res, nil
}

// doneMarkers are the two spellings of the SSE end line, each preceded by
// the newline that ends the previous event, so "[DONE]" inside a JSON string
// (where a raw newline cannot occur) never matches.
var doneMarkers = [][]byte{[]byte("\ndata: [DONE]"), []byte("\ndata:[DONE]")}

// doneWatcher passes a body through and sets state.sawDone once the end
// marker has gone by. It keeps the last bytes of each read so a marker split
// across reads is still found, in fixed arrays: this runs on every read of
// every stream and must not allocate.
type doneWatcher struct {
	rc    io.ReadCloser
	state *callState
	tail  [markerLen]byte
	tailN int
}

// markerLen is the length of the longer marker, "\ndata: [DONE]".
const markerLen = 13

func newDoneWatcher(rc io.ReadCloser, c *callState) *doneWatcher {
	w := &doneWatcher{rc: rc, state: c, tailN: 1}
	w.tail[0] = '\n' // a body may open with the marker
	return w
}

func (w *doneWatcher) Read(p []byte) (int, error) {
	n, err := w.rc.Read(p)
	if n > 0 && !w.state.sawDone {
		w.scan(p[:n])
	}
	return n, err
}

func (w *doneWatcher) scan(b []byte) {
	// Check the seam between the previous read and this one, then this read.
	var seam [2 * markerLen]byte
	k := copy(seam[:], w.tail[:w.tailN])
	k += copy(seam[k:], b[:min(len(b), markerLen)])
	for _, m := range doneMarkers {
		if bytes.Contains(seam[:k], m) || bytes.Contains(b, m) {
			w.state.sawDone = true
			return
		}
	}
	// Keep the last markerLen bytes of seam+b (b alone may be short).
	if len(b) >= markerLen {
		w.tailN = copy(w.tail[:], b[len(b)-markerLen:])
	} else {
		w.tailN = copy(w.tail[:], seam[max(0, k-markerLen):k])
	}
}

func (w *doneWatcher) Close() error { return w.rc.Close() }

// classify turns a failed call into one *providers.Error line.
func (p *Provider) classify(ctx context.Context, err error, c *callState, a *providers.Attempts, tokens int) *providers.Error {
	if ctx.Err() != nil {
		return providers.Canceled(ctx.Err())
	}
	if pe := a.Refused(); pe != nil {
		return pe
	}
	if c.status != 0 {
		retries := p.s.MaxRetries
		if a.Count() > 0 {
			retries = a.Retries()
		}
		msg := providers.Redact(ErrorMessage(c.errBody), p.s.APIKey)
		return providers.HTTPError(c.status, retries, p.s.KeySource, p.s.Name, msg, err)
	}
	var se *ssestream.StreamError
	if errors.As(err, &se) {
		msg := providers.OneLine(providers.Redact(ErrorMessage(se.Event.Data), p.s.APIKey), 200)
		if msg == "" {
			msg = providers.DisplayName(p.s.Name) + " reported an error mid-stream"
		}
		return providers.Errorf(providers.ErrStream, 0, err, "%s", msg)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syn) || errors.As(err, &typ) {
		return providers.Errorf(providers.ErrStream, 0, err, "%s sent a malformed stream after %d tokens", providers.DisplayName(p.s.Name), tokens)
	}
	if c.responded {
		return providers.StreamFailure(ctx, err, tokens, p.s.IdleTimeout)
	}
	return providers.CannotReach(p.baseURL, err)
}

// ErrorMessage digs the human message out of an error body (an HTTP error
// reply or an SSE error event) in the shapes OpenAI-compatible servers use;
// see ErrorBody. It is "" when the body carries none worth showing.
func ErrorMessage(body []byte) string {
	msg, _ := ErrorBody(body)
	return msg
}

// ErrorBody digs the message and the machine code out of an error body in
// the shapes OpenAI-compatible servers use: {"error":{"message","code"}},
// {"error":"…"}, {"message":…}, {"detail":"…"}, or short plain text. HTML
// pages and long dumps give "" (the status says more). code is set only by
// the first shape, and only when it is a string ("moderation_blocked").
// The image and transcription adapters share it so that every OpenAI-
// protocol endpoint's errors read the same.
func ErrorBody(body []byte) (msg, code string) {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  any             `json:"detail"`
	}
	if json.Unmarshal(body, &v) != nil {
		text := strings.TrimSpace(string(body))
		if strings.HasPrefix(text, "<") || len(text) > 300 {
			return "", "" // an HTML error page or a dump: the status says more
		}
		return text, ""
	}
	var inner struct {
		Message string `json:"message"`
		Code    any    `json:"code"`
	}
	var s string
	switch {
	case json.Unmarshal(v.Error, &inner) == nil && inner.Message != "":
		c, _ := inner.Code.(string)
		return inner.Message, c
	case json.Unmarshal(v.Error, &s) == nil && s != "":
		return s, ""
	case v.Message != "":
		return v.Message, ""
	}
	d, _ := v.Detail.(string)
	return d, ""
}
