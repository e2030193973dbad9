// Package gemini streams replies from Google's Gemini API through the
// official google.golang.org/genai SDK, behind parley's neutral
// providers.Provider interface.
//
// The SDK reads several environment variables (GOOGLE_API_KEY,
// GEMINI_API_KEY, GOOGLE_GEMINI_BASE_URL, GOOGLE_GENAI_USE_VERTEXAI, ...)
// whenever the matching ClientConfig field is empty. New always fills every
// one of those fields from our Settings, so parley's config decides and the
// environment cannot silently redirect requests or swap keys.
//
// The SDK also log.Printf's to the standard logger (for example when a
// stream is cancelled). main points the standard logger at a log file; this
// package itself never writes to stdout or stderr.
package gemini

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"google.golang.org/genai"

	"parley/providers"
)

// DefaultBaseURL is the Gemini API server root used when Settings.BaseURL is
// empty.
const DefaultBaseURL = "https://generativelanguage.googleapis.com/"

// defaultKeySource names the key in messages when Settings.KeySource is empty.
const defaultKeySource = "GEMINI_API_KEY"

// retryPolicy is how long the SDK's exponential backoff starts at and how a
// Retry-After wait is slept. Production uses defaultPolicy; tests shrink the
// delays and record the waits instead of sleeping through them.
type retryPolicy struct {
	base  time.Duration // first backoff delay; doubles per retry
	sleep func(ctx context.Context, d time.Duration) error
}

func defaultPolicy() retryPolicy {
	return retryPolicy{base: time.Second, sleep: sleepCtx}
}

// sleepCtx waits for d or until ctx ends, whichever is first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// provider is one configured Gemini endpoint.
type provider struct {
	name      string
	client    *genai.Client
	key       string // kept only to scrub it out of error text
	keySource string
	baseURL   string // server root, for "cannot reach" messages
	idle      time.Duration
}

var (
	_ providers.Provider    = (*provider)(nil)
	_ providers.ModelLister = (*provider)(nil)
)

// New builds a Gemini provider from s. It is a providers.Factory.
func New(s providers.Settings) (providers.Provider, error) {
	return newProvider(s, defaultPolicy())
}

func newProvider(s providers.Settings, pol retryPolicy) (*provider, error) {
	s = s.WithDefaults()
	name := s.Name
	if name == "" {
		name = "gemini"
	}
	keySource := s.KeySource
	if keySource == "" {
		keySource = defaultKeySource
	}
	base, version, err := splitBaseURL(s.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("provider %q: %w", name, err)
	}
	key, hc, err := keyAndClient(s, name, keySource)
	if err != nil {
		return nil, err
	}
	attempts := s.MaxRetries + 1
	cfg := &genai.ClientConfig{
		APIKey:     key,
		Backend:    genai.BackendGeminiAPI,
		HTTPClient: retryClient(hc, s.RetryPolicy(), attempts, pol),
		HTTPOptions: genai.HTTPOptions{
			BaseURL:      base,
			APIVersion:   version,
			RetryOptions: sdkRetryOptions(attempts, s.MaxRetryWait, pol.base),
		},
	}
	client, err := genai.NewClient(context.Background(), cfg)
	if err != nil {
		// The SDK's messages embed the whole ClientConfig, key included.
		return nil, fmt.Errorf("provider %q: cannot create the Gemini client", name)
	}
	return &provider{
		name:      name,
		client:    client,
		key:       s.APIKey,
		keySource: keySource,
		baseURL:   base,
		idle:      s.IdleTimeout,
	}, nil
}

// splitBaseURL validates raw (the server root; "" = DefaultBaseURL) and
// splits off a trailing API version such as "/v1beta", which people often
// paste from the docs: the SDK would otherwise request /v1beta/v1beta/....
func splitBaseURL(raw string) (base, version string, err error) {
	if strings.TrimSpace(raw) == "" {
		return DefaultBaseURL, "v1beta", nil
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", fmt.Errorf("base URL %q is not an http(s) URL", raw)
	}
	u.RawQuery, u.Fragment = "", ""
	path := strings.TrimRight(u.Path, "/")
	version = "v1beta"
	if i := strings.LastIndex(path, "/"); i >= 0 {
		if last := path[i+1:]; last == "v1" || last == "v1beta" || last == "v1alpha" {
			version, path = last, path[:i]
		}
	}
	u.Path = path + "/"
	return u.String(), version, nil
}

// sdkRetryOptions turns on the SDK's retries (off by default) on 408, 429
// and 5xx with exponential backoff from base, each delay capped at maxWait.
func sdkRetryOptions(attempts int, maxWait, base time.Duration) *genai.HTTPRetryOptions {
	return &genai.HTTPRetryOptions{
		Attempts:        genai.Ptr(int32(attempts)),
		InitialDelay:    genai.Ptr(base.Seconds()),
		MaxDelay:        genai.Ptr(maxWait.Seconds()),
		ExpBase:         genai.Ptr(2.0),
		Jitter:          genai.Ptr(base.Seconds()),
		HTTPStatusCodes: retryableStatuses(),
	}
}

// retryableStatuses is the SDK's default retry set, spelled out so the
// Retry-After transport and the SDK agree on which responses are retried.
func retryableStatuses() []int32 { return []int32{408, 429, 500, 502, 503, 504} }

// Name returns the configured provider name.
func (p *provider) Name() string { return p.name }

// Models lists the models that can generate content. Capabilities are left
// zero: the caps table fills them in.
func (p *provider) Models(ctx context.Context) ([]providers.ModelInfo, error) {
	ctx, c := p.newCall(ctx)
	defer c.giveUp()
	var out []providers.ModelInfo
	for m, err := range p.client.Models.All(ctx) {
		if err != nil {
			return nil, p.classify(ctx, c, err)
		}
		if m == nil || !canGenerate(m.SupportedActions) {
			continue
		}
		out = append(out, providers.ModelInfo{ID: strings.TrimPrefix(m.Name, "models/")})
	}
	return out, nil
}

// canGenerate reports whether a model's actions include generateContent;
// the list also holds embedding and other models parley cannot chat with.
// An empty action list is kept: some servers (proxies) do not fill it.
func canGenerate(actions []string) bool {
	if len(actions) == 0 {
		return true
	}
	for _, a := range actions {
		if a == "generateContent" || a == "streamGenerateContent" {
			return true
		}
	}
	return false
}

// retryClient wraps base for the SDK: attempts is the SDK's attempt budget
// (first try included), so no Retry-After wait is slept before a response
// the SDK will not retry.
func retryClient(base *http.Client, rp providers.RetryPolicy, attempts int, pol retryPolicy) *http.Client {
	// providers.RetryClient counts attempts (for "retried N times"), bounds
	// Retry-After headers and refuses waits past the cap; retryAfterRT on
	// top then sleeps what the header asks, since the genai SDK's backoff
	// ignores it, and stops the SDK's retries after a refusal.
	c := providers.RetryClient(base, rp)
	c.Transport = &retryAfterRT{
		next:     c.Transport,
		attempts: attempts,
		maxWait:  rp.MaxWait,
		pol:      pol,
	}
	return c
}
