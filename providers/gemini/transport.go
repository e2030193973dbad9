package gemini

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"slices"
	"sync"
	"time"

	"parley/providers"
)

// call is the bookkeeping of one Stream or Models call. The transport fills
// it in as the SDK's requests go by, because the SDK's errors do not say
// what happened on the wire: whether the error came after a 200 (mid-stream)
// and whether the body read failed underneath a JSON decode error.
type call struct {
	attempts *providers.Attempts
	// giveUp cancels the call's context: the genai SDK retries every
	// retryable status and stops only for a done context, so this is how
	// a wait past the cap ends the call at once.
	giveUp context.CancelFunc

	mu      sync.Mutex
	status  int   // status of the last response; 0 = none arrived
	bodyErr error // first read error of the last response body
}

type callKey struct{}

// newCall returns ctx carrying a fresh attempt counter and call record.
// The caller must call c.giveUp when the call is over.
func (p *provider) newCall(ctx context.Context) (context.Context, *call) {
	ctx, a := providers.WithAttempts(ctx)
	ctx, cancel := context.WithCancel(ctx)
	c := &call{attempts: a, giveUp: cancel}
	return context.WithValue(ctx, callKey{}, c), c
}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

func (c *call) setStatus(code int) {
	c.mu.Lock()
	c.status, c.bodyErr = code, nil
	c.mu.Unlock()
}

func (c *call) setBodyErr(err error) {
	c.mu.Lock()
	if c.bodyErr == nil {
		c.bodyErr = err
	}
	c.mu.Unlock()
}

// wire returns the last response status and body read error.
func (c *call) wire() (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status, c.bodyErr
}

// retryAfterRT sleeps what a retryable response's Retry-After asks before
// handing it back to the SDK, which then adds its own backoff and retries.
// The genai SDK ignores Retry-After; without this a rate-limited request
// would be retried within a second or two and fail again.
type retryAfterRT struct {
	next     http.RoundTripper // providers.RetryTransport: counts, bounds headers
	attempts int               // the SDK's attempt budget
	maxWait  time.Duration
	pol      retryPolicy
}

// RoundTrip sends req, records the outcome in the call and honours
// Retry-After when the SDK is going to retry.
func (t *retryAfterRT) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	ctx := req.Context()
	if c := callFrom(ctx); c != nil {
		c.setStatus(resp.StatusCode)
		resp.Body = &recordingBody{rc: resp.Body, c: c}
	}
	if !slices.Contains(retryableStatuses(), int32(resp.StatusCode)) {
		return resp, nil
	}
	if providers.AttemptsFrom(ctx).Refused() != nil {
		// The server asked for a wait past the cap: the SDK must not
		// retry. The response stays readable (its body is already here
		// for a small error reply); the adapter reports the refusal.
		if c := callFrom(ctx); c != nil && c.giveUp != nil {
			c.giveUp()
		}
		return resp, nil
	}
	n := providers.AttemptsFrom(ctx).Count()
	if n == 0 || n >= t.attempts {
		return resp, nil // unknown attempt, or the last one: nothing follows
	}
	// providers.RetryTransport has already bounded it.
	ra, ok := providers.ParseRetryAfter(resp.Header, time.Now())
	if !ok {
		return resp, nil
	}
	// The SDK still sleeps its own backoff afterwards; subtract its
	// deterministic part so the total is about what the server asked.
	wait := min(ra, t.maxWait) - sdkBackoff(n, t.pol.base, t.maxWait)
	if wait <= 0 {
		return resp, nil
	}
	if err := t.pol.sleep(ctx, wait); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

// sdkBackoff is the jitter-free part of the SDK's delay after attempt n:
// base·2^(n-1), capped at maxWait (see genai's retryDelay).
func sdkBackoff(n int, base, maxWait time.Duration) time.Duration {
	d := float64(base) * math.Pow(2, float64(n-1))
	return time.Duration(min(d, float64(maxWait)))
}

// recordingBody notes the first read error other than EOF in the call, so a
// JSON decode error caused by a cut connection is reported as the cut.
type recordingBody struct {
	rc io.ReadCloser
	c  *call
}

func (b *recordingBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		b.c.setBodyErr(err)
	}
	return n, err
}

func (b *recordingBody) Close() error { return b.rc.Close() }
