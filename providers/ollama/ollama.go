// Package ollama is parley's adapter for a local or remote Ollama server
// (/api/chat, NDJSON) on the official github.com/ollama/ollama/api client.
//
// The SDK has no retries and no timeouts, and its Chat returns nil when the
// context is cancelled or the connection drops mid-stream (its line scanner
// never reports read errors). This adapter therefore watches the HTTP
// exchange itself through a recording transport (status, Retry-After, body
// read errors) and treats a stream without done:true as a failure.
package ollama

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ollama/ollama/api"

	"parley/providers"
)

// DefaultBaseURL is where a local `ollama serve` listens.
const DefaultBaseURL = "http://127.0.0.1:11434"

const defaultPort = "11434"

// defaultBackoff is the first retry delay when the server gives no
// Retry-After; it doubles on each retry up to Settings.MaxRetryWait.
const defaultBackoff = 500 * time.Millisecond

// DefaultHeaderTimeout is how long New lets Ollama take to send response
// headers. Ollama loads the model into memory before it answers /api/chat
// at all, which for a large model on a slow disk exceeds the 60 s a stream
// may stay silent; once headers arrive the idle timeout applies as usual.
const DefaultHeaderTimeout = 5 * time.Minute

// Provider streams chat replies from one Ollama server.
type Provider struct {
	name     string
	base     string // normalised server root, for messages
	client   *api.Client
	settings providers.Settings // with defaults applied
	backoff  time.Duration
	// wait sleeps between retries; tests replace it to record the delays
	// instead of sleeping.
	wait func(ctx context.Context, d time.Duration) error
	// ctxLen caches the models' context lengths for num_ctx (numctx.go).
	ctxLen *ctxLengths
}

// New returns an Ollama provider for s. s.BaseURL is the server root in any
// form OLLAMA_HOST accepts ("http://host:11434", "host:11434", "host");
// empty means DefaultBaseURL. Ollama takes no API key.
func New(s providers.Settings) (providers.Provider, error) {
	u, err := ParseBaseURL(s.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("provider %q: %w", s.Name, err)
	}
	if s.HeaderTimeout == 0 {
		s.HeaderTimeout = DefaultHeaderTimeout
	}
	s = s.WithDefaults()
	if s.Name == "" {
		s.Name = "ollama"
	}
	hc := s.Client()
	wrapped := *hc // shallow copy: a shared client keeps its own transport
	wrapped.Transport = recordingTransport(hc.Transport)
	return &Provider{
		name:     s.Name,
		base:     u.String(),
		client:   api.NewClient(u, &wrapped),
		settings: s,
		backoff:  defaultBackoff,
		wait:     sleepCtx,
		ctxLen:   &ctxLengths{},
	}, nil
}

// Provider lists its models too.
var _ providers.ModelLister = (*Provider)(nil)

// Name is the configured provider name.
func (p *Provider) Name() string { return p.name }

// ParseBaseURL turns an Ollama host setting into the server root URL, the
// way OLLAMA_HOST is read: a missing scheme means http, a missing port
// 11434 (or the scheme's port when one is given), "" the default server.
func ParseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		raw = DefaultBaseURL
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	port := defaultPort
	switch {
	case !ok:
		scheme, rest = "http", raw
	case scheme == "http":
		port = "80"
	case scheme == "https":
		port = "443"
	default:
		return nil, fmt.Errorf("Ollama URL %q: scheme must be http or https", providers.RedactURLs(raw))
	}
	hostport, path, _ := strings.Cut(rest, "/")
	if hostport == "" {
		return nil, fmt.Errorf("Ollama URL %q has no host", providers.RedactURLs(raw))
	}
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		hostport = net.JoinHostPort(strings.Trim(hostport, "[]"), port)
	}
	u, err := url.Parse(scheme + "://" + hostport)
	if err != nil {
		// url.Parse quotes the URL it was given: redact its text too.
		return nil, fmt.Errorf("Ollama URL %q: %s", providers.RedactURLs(raw), providers.RedactURLs(err.Error()))
	}
	if p := strings.Trim(path, "/"); p != "" {
		u.Path = "/" + p
	}
	return u, nil
}

// Probe reports whether an Ollama server answers at baseURL ("" = the
// default), by asking its version. The caller bounds it with a short
// context (about 300 ms) so that choosing a provider at start-up never
// waits on a missing server. client nil means http.DefaultClient.
func Probe(ctx context.Context, baseURL string, client *http.Client) bool {
	u, err := ParseBaseURL(baseURL)
	if err != nil {
		return false
	}
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.JoinPath("/api/version").String(), nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Models lists the models pulled on the server (/api/tags), each with the
// built-in capabilities of its family corrected by what the server says of
// it (/api/show: "vision" and "tools" capabilities, native context length).
func (p *Provider) Models(ctx context.Context) ([]providers.ModelInfo, error) {
	st := &callState{}
	lr, err := p.client.List(withState(ctx, st))
	if err != nil {
		return nil, p.classify(ctx, outcome{st: st, err: err})
	}
	out := make([]providers.ModelInfo, 0, len(lr.Models))
	for _, m := range lr.Models {
		id := m.Name
		if id == "" {
			id = m.Model
		}
		caps := providers.LookupCaps(providers.ProtocolOllama, id)
		if show, err := p.client.Show(ctx, &api.ShowRequest{Model: id}); err == nil {
			caps = mergeShow(caps, show)
		} else if ctx.Err() != nil {
			return nil, providers.Canceled(ctx.Err())
		}
		out = append(out, providers.ModelInfo{ID: id, Caps: caps})
	}
	return out, nil
}

// mergeShow corrects table caps with the server's own account of a model.
// Servers too old to list capabilities leave the table's guess alone.
func mergeShow(c providers.Caps, show *api.ShowResponse) providers.Caps {
	if len(show.Capabilities) > 0 {
		vision := slices.Contains(show.Capabilities, "vision")
		switch {
		case vision && !c.Images:
			c.Images = true
			c.ImageFormats = []string{"image/jpeg", "image/png", "image/webp", "image/bmp", "image/tiff"}
		case !vision:
			c.Images, c.ImageFormats = false, nil
		}
		c.Tools = slices.Contains(show.Capabilities, "tools")
	}
	if arch, ok := show.ModelInfo["general.architecture"].(string); ok {
		if n := toInt(show.ModelInfo[arch+".context_length"]); n > 0 {
			c.ContextWindow = n
		}
	}
	return c
}

func toInt(v any) int {
	switch v := v.(type) {
	case float64:
		return int(v)
	case int:
		return v
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
