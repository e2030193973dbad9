package providers

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Why DefaultMaxRetryWait (60 s) is the cap on one Retry-After: per-minute
// quotas (requests or tokens per minute, what OpenAI, Anthropic and Gemini
// enforce) reset within a minute, so a wait up to 60 s usually ends in a
// reply; a server asking for more is reporting an hourly or daily quota,
// or an outage, that no wait a person watches will outlast. Past the cap
// parley gives up at once and says what was asked, instead of waiting a
// capped minute that is bound to fail again (three retries: three minutes
// of silence).

// RetryInfo is a wait before the next attempt of a request: the server was
// busy or rate limited (Status), and the attempt numbered Attempt (2 = the
// first retry) starts After from now.
type RetryInfo struct {
	Provider string // configured name, as in DisplayName
	Status   int
	After    time.Duration
	Attempt  int
}

type retryNotifyKey struct{}

// WithRetryNotify returns a child of ctx whose requests call fn before
// each retry wait, so a caller can show "rate limited by OpenAI: retrying
// in 42 s". fn runs on the request's goroutine and must not block.
func WithRetryNotify(ctx context.Context, fn func(RetryInfo)) context.Context {
	return context.WithValue(ctx, retryNotifyKey{}, fn)
}

// NotifyRetry calls the function WithRetryNotify put in ctx, if any.
// Adapters with their own retry loop (Ollama) call it before waiting.
func NotifyRetry(ctx context.Context, info RetryInfo) {
	if fn, _ := ctx.Value(retryNotifyKey{}).(func(RetryInfo)); fn != nil {
		fn(info)
	}
}

// Retryable reports whether an HTTP status is one the SDKs retry: 408,
// 409, 429 and 5xx.
func Retryable(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusConflict ||
		status == http.StatusTooManyRequests || status >= 500
}

// ParseRetryAfter reads how long h asks the client to wait: Retry-After-Ms
// (milliseconds, the Stainless SDKs' header) first, else Retry-After in
// seconds (possibly fractional) or as an HTTP date, relative to now.
// Negative, infinite and unparseable values count as absent.
func ParseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && !math.IsInf(ms, 0) && !math.IsNaN(ms) {
			return durationOf(ms * float64(time.Millisecond)), true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && !math.IsInf(s, 0) && !math.IsNaN(s) {
		return durationOf(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// durationOf converts float nanoseconds, saturating instead of overflowing.
func durationOf(ns float64) time.Duration {
	if ns >= math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(ns)
}

// Backoff is the wait before retry n (1 = the first) when the server names
// none: 0.5 s doubling, at most 8 s, the Stainless SDKs' schedule without
// its jitter, so the wait announced is the wait made.
func Backoff(n int) time.Duration {
	return min(500*time.Millisecond<<min(max(n-1, 0), 5), 8*time.Second)
}

// RetryTooLong is the failure of a request given up at once because the
// server asked for a wait (asked) longer than parley's cap (limit): "rate
// limited by OpenAI: it asks to wait 3600 s, more than parley's 60 s cap"
// for a 429 (ErrRateLimited), "OpenAI is busy (503): it asks to wait …"
// otherwise (ErrOverloaded).
func RetryTooLong(provider string, status int, asked, limit time.Duration) *Error {
	tail := ": it asks to wait " + seconds(asked) + ", more than parley's " + seconds(limit) + " cap"
	if status == http.StatusTooManyRequests {
		return Errorf(ErrRateLimited, status, nil, "rate limited by %s%s", DisplayName(provider), tail)
	}
	return Errorf(ErrOverloaded, status, nil, "%s is busy (%d)%s", DisplayName(provider), status, tail)
}

// seconds formats a wait as whole seconds, rounded up ("3600 s"); a wait
// too long to write (an absurd date) is "more than a day".
func seconds(d time.Duration) string {
	if d > 24*time.Hour {
		return "more than a day"
	}
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10) + " s"
}
