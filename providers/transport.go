package providers

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// ErrIdleTimeout is returned by a response body that received no bytes for
// the idle timeout. Adapters turn it into an ErrStalled *Error.
var ErrIdleTimeout = errors.New("stream stalled: no data received")

// NewHTTPClient returns a client that gives up connecting after connect and
// fails a response whose headers or body bytes stop arriving for idle. The
// SDKs set no timeout of their own; a whole-request timeout would cut long
// replies, so the limit is on silence, not on length.
func NewHTTPClient(connect, idle time.Duration) *http.Client {
	return newHTTPClient(connect, idle, idle)
}

// newHTTPClient is NewHTTPClient with a separate bound on the wait for the
// response headers (see Settings.HeaderTimeout).
func newHTTPClient(connect, header, idle time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
	base := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   connect,
		ResponseHeaderTimeout: header,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   4,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: IdleTimeoutTransport(base, idle)}
}

// IdleTimeoutTransport wraps rt so that every response body fails with
// ErrIdleTimeout when no bytes arrive for idle.
func IdleTimeoutTransport(rt http.RoundTripper, idle time.Duration) http.RoundTripper {
	return idleRT{rt: rt, idle: idle}
}

type idleRT struct {
	rt   http.RoundTripper
	idle time.Duration
}

func (t idleRT) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.rt.RoundTrip(req)
	if err != nil || t.idle <= 0 {
		return resp, err
	}
	resp.Body = newIdleBody(resp.Body, t.idle)
	return resp, nil
}

// idleBody closes the underlying body when the timer fires; the blocked
// Read then returns and is reported as ErrIdleTimeout.
type idleBody struct {
	rc    io.ReadCloser
	idle  time.Duration
	timer *time.Timer
	mu    sync.Mutex
	fired bool
}

func newIdleBody(rc io.ReadCloser, idle time.Duration) *idleBody {
	b := &idleBody{rc: rc, idle: idle}
	b.timer = time.AfterFunc(idle, b.expire)
	return b
}

func (b *idleBody) expire() {
	b.mu.Lock()
	b.fired = true
	b.mu.Unlock()
	b.rc.Close()
}

func (b *idleBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	fired := b.fired
	b.mu.Unlock()
	if fired {
		return n, ErrIdleTimeout
	}
	if err != nil {
		// The body is finished (EOF or failure): a timer still running
		// would later close it and turn the reader's next call into a
		// spurious ErrIdleTimeout while the caller is still winding down.
		b.timer.Stop()
		return n, err
	}
	if n > 0 {
		b.timer.Reset(b.idle)
	}
	return n, nil
}

func (b *idleBody) Close() error {
	b.timer.Stop()
	return b.rc.Close()
}
