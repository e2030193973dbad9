package providers

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Attempts counts the HTTP attempts made for one call, so an adapter can say
// how many times its SDK retried before giving up ("rate limited, retried 3
// times") instead of assuming the configured maximum was used. It also
// records a retry refused because the server asked for too long a wait.
type Attempts struct {
	n atomic.Int64

	mu      sync.Mutex
	refused *Error // set by RetryTransport past RetryPolicy.Cap
}

type attemptsKey struct{}

// WithAttempts returns a child of ctx carrying a fresh counter. Every request
// made with that context through a RetryTransport increments it.
func WithAttempts(ctx context.Context) (context.Context, *Attempts) {
	a := &Attempts{}
	return context.WithValue(ctx, attemptsKey{}, a), a
}

// AttemptsFrom returns the counter carried by ctx, or nil.
func AttemptsFrom(ctx context.Context) *Attempts {
	a, _ := ctx.Value(attemptsKey{}).(*Attempts)
	return a
}

// Count returns the number of attempts seen so far.
func (a *Attempts) Count() int {
	if a == nil {
		return 0
	}
	return int(a.n.Load())
}

// Retries returns the attempts beyond the first (0 if none were made).
func (a *Attempts) Retries() int { return max(a.Count()-1, 0) }

// Refused returns the RetryTooLong failure of the call if the server asked
// for a wait past the cap (the request was then not retried), else nil.
// Adapters check it before classifying an HTTP error: it says what really
// happened better than "rate limited".
func (a *Attempts) Refused() *Error {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.refused == nil {
		return nil
	}
	e := *a.refused
	return &e
}

func (a *Attempts) refuse(e *Error) {
	if a == nil {
		return
	}
	a.mu.Lock()
	a.refused = e
	a.mu.Unlock()
}

// BoundRetryAfter rewrites the Retry-After and Retry-After-Ms headers of h in
// place so that neither asks for a wait longer than limit. The bounded values
// are truncated (whole milliseconds, whole seconds), so an SDK comparing them
// against the same limit never sees them as exceeding it. Unparseable values
// are left alone: the SDKs ignore them and fall back to their own backoff.
func BoundRetryAfter(h http.Header, limit time.Duration) {
	if limit < 0 {
		return
	}
	ms := strconv.FormatInt(limit.Milliseconds(), 10)
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if n, err := strconv.ParseFloat(v, 64); err == nil && n*float64(time.Millisecond) > float64(limit) {
			h.Set("Retry-After-Ms", ms)
		}
	}
	if retryAfterExceeds(h.Get("Retry-After"), limit) {
		h.Set("Retry-After", strconv.FormatInt(int64(limit/time.Second), 10))
		// Whole seconds lose precision below a second; SDKs that read
		// Retry-After-Ms first (the Stainless ones) get the exact bound.
		if h.Get("Retry-After-Ms") == "" {
			h.Set("Retry-After-Ms", ms)
		}
	}
}

// retryAfterExceeds reports whether a Retry-After value, in seconds (possibly
// fractional) or an HTTP date, asks for a wait longer than limit.
func retryAfterExceeds(v string, limit time.Duration) bool {
	d, ok := ParseRetryAfter(http.Header{"Retry-After": {v}}, time.Now())
	return ok && d > limit
}

// RetryPolicy bounds the retries of one provider (Settings.RetryPolicy).
type RetryPolicy struct {
	Provider   string        // configured name, for messages and RetryInfo
	MaxRetries int           // retries after the first attempt
	MaxWait    time.Duration // longest wait made before one retry
	Cap        time.Duration // a Retry-After past this is refused (0 = none)
}

// RetryTransport wraps rt (nil = http.DefaultTransport) for an SDK that
// retries by itself. For each response the SDK may retry (see Retryable):
//
//   - a Retry-After past p.Cap marks the response "X-Should-Retry: false"
//     (which the Stainless SDKs obey) and records RetryTooLong in the
//     context's Attempts, so the call fails at once with that message;
//   - otherwise, when the SDK has a retry left, the wait is fixed to the
//     server's Retry-After, or Backoff, at most p.MaxWait, written to
//     Retry-After-Ms (which the SDKs read first), and announced through
//     NotifyRetry: the countdown a UI shows is the wait the SDK makes.
//
// Every attempt is counted in the request context's Attempts, if any.
func RetryTransport(rt http.RoundTripper, p RetryPolicy) http.RoundTripper {
	if rt == nil {
		rt = http.DefaultTransport
	}
	return retryRT{rt: rt, p: p}
}

type retryRT struct {
	rt http.RoundTripper
	p  RetryPolicy
}

func (t retryRT) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	a := AttemptsFrom(ctx)
	n := 0
	if a != nil {
		n = int(a.n.Add(1))
	}
	resp, err := t.rt.RoundTrip(req)
	if resp == nil || resp.Header == nil || !Retryable(resp.StatusCode) {
		return resp, err
	}
	asked, named := ParseRetryAfter(resp.Header, time.Now())
	switch {
	case named && t.p.Cap > 0 && asked > t.p.Cap:
		resp.Header.Set("X-Should-Retry", "false")
		a.refuse(RetryTooLong(t.p.Provider, resp.StatusCode, asked, t.p.Cap))
	case a != nil && n <= t.p.MaxRetries:
		wait := Backoff(n)
		if named {
			wait = asked
		}
		wait = min(wait, t.p.MaxWait)
		resp.Header.Set("Retry-After-Ms", strconv.FormatInt(wait.Milliseconds(), 10))
		BoundRetryAfter(resp.Header, t.p.MaxWait)
		NotifyRetry(ctx, RetryInfo{Provider: t.p.Provider, Status: resp.StatusCode, After: wait, Attempt: n + 1})
	default:
		BoundRetryAfter(resp.Header, t.p.MaxWait)
	}
	return resp, err
}

// RetryClient returns a shallow copy of c (nil = a new default client) whose
// transport is wrapped by RetryTransport; c itself is not modified, so a
// client shared between providers keeps its own behaviour.
func RetryClient(c *http.Client, p RetryPolicy) *http.Client {
	var cp http.Client
	if c != nil {
		cp = *c
	}
	cp.Transport = RetryTransport(cp.Transport, p)
	return &cp
}
