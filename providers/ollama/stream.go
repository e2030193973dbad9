package ollama

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ollama/ollama/api"

	"parley/providers"
)

// callState records what the SDK hides about one HTTP exchange: the status
// and Retry-After of the response (api.StatusError has no headers, and an
// error status with an empty body makes Chat return nil) and the error that
// ended the body (the SDK's scanner swallows it).
type callState struct {
	mu         sync.Mutex
	connErr    error // the request got no response
	status     int
	retryAfter string
	bodyErr    error // first read error other than io.EOF
}

func (s *callState) set(f func(*callState)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *callState) snapshot() (connErr error, status int, retryAfter string, bodyErr error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connErr, s.status, s.retryAfter, s.bodyErr
}

type stateKey struct{}

func withState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

// recordingTransport wraps rt so that requests whose context carries a
// callState report into it.
func recordingTransport(rt http.RoundTripper) http.RoundTripper {
	if rt == nil {
		rt = http.DefaultTransport
	}
	return recordRT{rt: rt}
}

type recordRT struct{ rt http.RoundTripper }

func (t recordRT) RoundTrip(req *http.Request) (*http.Response, error) {
	st, _ := req.Context().Value(stateKey{}).(*callState)
	resp, err := t.rt.RoundTrip(req)
	if st == nil {
		return resp, err
	}
	if err != nil {
		st.set(func(s *callState) { s.connErr = err })
		return resp, err
	}
	st.set(func(s *callState) {
		s.status = resp.StatusCode
		s.retryAfter = resp.Header.Get("Retry-After")
	})
	resp.Body = &recordBody{ReadCloser: resp.Body, st: st}
	return resp, nil
}

type recordBody struct {
	io.ReadCloser
	st *callState
}

func (b *recordBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.st.set(func(s *callState) {
			if s.bodyErr == nil {
				s.bodyErr = err
			}
		})
	}
	return n, err
}

// Callback sentinels: they stop the SDK's read loop and are never shown.
var (
	errStopped  = errors.New("consumer stopped")
	errFinished = errors.New("done received")
)

// attempt is the progress of one /api/chat call.
type attempt struct {
	tokens int  // content, thinking and tool call chunks received
	calls  int  // tool calls yielded
	done   bool // done:true seen
}

// Stream sends req to /api/chat and yields the reply. Errors before the
// first byte with status 408, 429 or 5xx are retried with backoff,
// honouring Retry-After up to Settings.MaxRetryWait.
func (p *Provider) Stream(ctx context.Context, req providers.Request) iter.Seq2[providers.Event, error] {
	return func(yield func(providers.Event, error) bool) {
		chat, err := toChatRequest(req)
		if err != nil {
			yield(providers.Event{}, err)
			return
		}
		if n := p.numCtx(ctx, req); n > 0 {
			if chat.Options == nil {
				chat.Options = map[string]any{}
			}
			chat.Options["num_ctx"] = n
		}
		for retry := 0; ; retry++ {
			st := &callState{}
			var a attempt
			err := p.client.Chat(withState(ctx, st), chat, func(r api.ChatResponse) error {
				return a.handle(r, yield)
			})
			if errors.Is(err, errStopped) || a.done {
				return // the consumer left, or usage and done were yielded
			}
			if ctx.Err() == nil {
				d, ok, refused := p.retryDelay(st, a, retry)
				if refused != nil {
					yield(providers.Event{}, refused)
					return
				}
				if ok {
					_, status, _, _ := st.snapshot()
					providers.NotifyRetry(ctx, providers.RetryInfo{Provider: p.name, Status: status, After: d, Attempt: retry + 2})
					if werr := p.wait(ctx, d); werr != nil {
						yield(providers.Event{}, providers.Canceled(werr))
						return
					}
					continue
				}
			}
			out := outcome{st: st, err: err, tokens: a.tokens, retries: retry, model: req.Model}
			yield(providers.Event{}, p.classify(ctx, out))
			return
		}
	}
}

// handle turns one NDJSON line into events. done:true yields the usage and
// EventDone and stops the read: nothing of the reply follows it.
func (a *attempt) handle(r api.ChatResponse, yield func(providers.Event, error) bool) error {
	if t := r.Message.Thinking; t != "" {
		a.tokens++
		if !yield(providers.Event{Kind: providers.EventReasoning, Text: t}, nil) {
			return errStopped
		}
	}
	if t := r.Message.Content; t != "" {
		a.tokens++
		if !yield(providers.Event{Kind: providers.EventText, Text: t}, nil) {
			return errStopped
		}
	}
	for _, tc := range r.Message.ToolCalls {
		a.tokens++
		a.calls++
		if !yield(toolCallEvent(tc), nil) {
			return errStopped
		}
	}
	if !r.Done {
		return nil
	}
	a.done = true
	u := providers.Usage{InputTokens: r.PromptEvalCount, OutputTokens: r.EvalCount}
	if !yield(providers.Event{Kind: providers.EventUsage, Usage: u}, nil) {
		return errStopped
	}
	reason := r.DoneReason
	if a.calls > 0 {
		// Ollama says "stop" after tool calls; the neutral reason tells
		// the caller to run them.
		reason = "tool_calls"
	}
	yield(providers.Event{Kind: providers.EventDone, FinishReason: reason}, nil)
	return errFinished
}

// retryDelay says whether a failed attempt may be retried and after how
// long: only HTTP 408, 429 and 5xx (which always come before any output),
// within Settings.MaxRetries. A Retry-After in seconds or as a date wins
// over the doubling backoff; both are capped by Settings.MaxRetryWait. A
// Retry-After past Settings.RetryAfterCap is refused: the call fails at
// once with that RetryTooLong error.
func (p *Provider) retryDelay(st *callState, a attempt, retry int) (time.Duration, bool, *providers.Error) {
	_, status, retryAfter, _ := st.snapshot()
	retryable := status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
	if !retryable || a.tokens > 0 {
		return 0, false, nil
	}
	ra, named := providers.ParseRetryAfter(http.Header{"Retry-After": {retryAfter}}, time.Now())
	if named && ra > p.settings.RetryAfterCap {
		return 0, false, providers.RetryTooLong(p.name, status, ra, p.settings.RetryAfterCap)
	}
	if retry >= p.settings.MaxRetries {
		return 0, false, nil
	}
	d := p.backoff << retry
	if named {
		d = ra
	}
	return min(max(d, 0), p.settings.MaxRetryWait), true, nil
}

// outcome is how one call ended without done:true.
type outcome struct {
	st      *callState
	err     error // what the SDK returned: often nil, see the package doc
	tokens  int   // chunks received before the end
	retries int   // retries already made
	model   string
}

// classify turns the end of a call that did not see done:true into one
// clear line.
func (p *Provider) classify(ctx context.Context, o outcome) *providers.Error {
	connErr, status, _, bodyErr := o.st.snapshot()
	var se api.StatusError
	var ae api.AuthorizationError
	switch {
	case ctx.Err() != nil:
		return providers.Canceled(ctx.Err())
	case connErr != nil:
		if errors.Is(connErr, syscall.ECONNREFUSED) {
			return providers.Errorf(providers.ErrConnection, 0, connErr,
				"cannot reach Ollama at %s (is `ollama serve` running?)", p.base)
		}
		return providers.Errorf(providers.ErrConnection, 0, connErr,
			"cannot reach Ollama at %s: %s", p.base, providers.ShortReason(connErr))
	case errors.As(o.err, &ae):
		return providers.Errorf(providers.ErrAuth, ae.StatusCode, o.err,
			"Ollama at %s refused access (%d): sign in with `ollama signin`", p.base, ae.StatusCode)
	case errors.As(o.err, &se):
		return p.httpFailure(se.StatusCode, o, se.ErrorMessage)
	case status >= 400:
		// An error status with an empty body: the SDK returned nil.
		return p.httpFailure(status, o, "")
	case bodyErr != nil:
		return providers.StreamFailure(ctx, bodyErr, o.tokens, p.settings.IdleTimeout)
	case o.err != nil:
		// An NDJSON {"error":"…"} line (the SDK makes it a plain error),
		// or a line that is not JSON at all.
		msg := providers.OneLine(o.err.Error(), 200)
		return providers.Errorf(providers.ErrStream, 0, o.err, "%s: %s", providers.DisplayName(p.name), msg)
	}
	return providers.Incomplete(o.tokens, nil)
}

// httpFailure words an HTTP error status. A 404 is nearly always a model
// that was never pulled, which deserves the command that fixes it.
func (p *Provider) httpFailure(status int, o outcome, msg string) *providers.Error {
	if status == http.StatusNotFound {
		if strings.Contains(msg, "not found") && strings.Contains(msg, "model") && o.model != "" {
			return providers.Errorf(providers.ErrBadRequest, status, o.err,
				"model %s not found on Ollama at %s: run `ollama pull %s`", o.model, p.base, o.model)
		}
		line := p.base + " answered 404"
		if msg != "" {
			line += " (" + providers.OneLine(msg, 80) + ")"
		}
		return providers.Errorf(providers.ErrBadRequest, status, o.err, "%s: is it an Ollama server?", line)
	}
	return providers.HTTPError(status, o.retries, "", p.name, msg, o.err)
}
