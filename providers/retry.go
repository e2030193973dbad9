package providers

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Attempts counts the HTTP attempts made for one call, so an adapter can say
// how many times its SDK retried before giving up ("rate limited, retried 3
// times") instead of assuming the configured maximum was used.
type Attempts struct{ n atomic.Int64 }

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

// BoundRetryAfter rewrites the Retry-After and Retry-After-Ms headers of h in
// place so that neither asks for a wait longer than limit. Without this a
// server saying "Retry-After: 3600" makes the SDKs either sleep an hour or
// give up at once; with it they retry after limit. The bounded values are
// truncated (whole milliseconds, whole seconds), so an SDK comparing them
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
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		return !math.IsNaN(secs) && secs*float64(time.Second) > float64(limit)
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t) > limit
	}
	return false
}

// RetryTransport wraps rt (nil = http.DefaultTransport) so that every
// response has its Retry-After bounded by maxWait (see BoundRetryAfter) and
// every attempt is counted in the request context's Attempts, if any. SDK
// retry loops call the transport once per attempt, so both apply to each
// retry.
func RetryTransport(rt http.RoundTripper, maxWait time.Duration) http.RoundTripper {
	if rt == nil {
		rt = http.DefaultTransport
	}
	return retryRT{rt: rt, maxWait: maxWait}
}

type retryRT struct {
	rt      http.RoundTripper
	maxWait time.Duration
}

func (t retryRT) RoundTrip(req *http.Request) (*http.Response, error) {
	if a := AttemptsFrom(req.Context()); a != nil {
		a.n.Add(1)
	}
	resp, err := t.rt.RoundTrip(req)
	if resp != nil && resp.Header != nil {
		BoundRetryAfter(resp.Header, t.maxWait)
	}
	return resp, err
}

// RetryClient returns a shallow copy of c (nil = a new default client) whose
// transport is wrapped by RetryTransport; c itself is not modified, so a
// client shared between providers keeps its own behaviour.
func RetryClient(c *http.Client, maxWait time.Duration) *http.Client {
	var cp http.Client
	if c != nil {
		cp = *c
	}
	cp.Transport = RetryTransport(cp.Transport, maxWait)
	return &cp
}
