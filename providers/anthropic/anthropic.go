// Package anthropic adapts Anthropic's Messages API to parley's neutral
// provider interface, on the official SDK (anthropic-sdk-go/v2).
//
// The SDK is built with option.WithoutEnvironmentDefaults so that it reads
// nothing from the environment (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL,
// profiles, custom headers): parley's config layer has already resolved the
// key and URL, and a second, hidden source would make "which key was
// rejected?" unanswerable.
package anthropic

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"parley/providers"
)

// DefaultBaseURL is the server root the SDK talks to when no base URL is
// configured. The SDK appends "v1/messages" itself.
const DefaultBaseURL = "https://api.anthropic.com"

// adapter is one configured Anthropic endpoint.
type adapter struct {
	name     string
	settings providers.Settings // with defaults applied
	client   anthropic.Client
}

// New builds an Anthropic provider from s. It is a providers.Factory. The
// returned provider also implements providers.ModelLister.
func New(s providers.Settings) (providers.Provider, error) {
	s = s.WithDefaults()
	base, err := baseURL(s.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("provider %q: %w", s.Name, err)
	}
	opts := []option.RequestOption{
		option.WithoutEnvironmentDefaults(),
		option.WithBaseURL(base),
		// The SDK honours Retry-After without limit ("Retry-After: 3600"
		// would sleep an hour); the retry client bounds it and counts the
		// attempts so errors can say how many retries were really made.
		option.WithHTTPClient(providers.RetryClient(s.Client(), s.RetryPolicy())),
		option.WithMaxRetries(s.MaxRetries),
	}
	if s.APIKey != "" {
		// v2 sends this as "Authorization: Bearer <key>".
		opts = append(opts, option.WithAPIKey(s.APIKey))
	}
	name := s.Name
	if name == "" {
		name = "anthropic"
	}
	return &adapter{name: name, settings: s, client: anthropic.NewClient(opts...)}, nil
}

// baseURL checks a configured base URL and returns the server root the SDK
// expects. A trailing "/v1" is dropped: the SDK adds "v1/" to every path, and
// users often paste the versioned URL they know from curl examples.
func baseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return DefaultBaseURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("base URL %q is not an http(s) URL", raw)
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/v1")
	return u.String(), nil
}

// Name returns the configured provider name.
func (a *adapter) Name() string { return a.name }

// Models lists the models the key can use, from GET /v1/models. Caps are
// left zero: the capability table fills them in.
func (a *adapter) Models(ctx context.Context) ([]providers.ModelInfo, error) {
	actx, attempts := providers.WithAttempts(ctx)
	pager := a.client.Models.ListAutoPaging(actx, anthropic.ModelListParams{})
	var out []providers.ModelInfo
	for pager.Next() {
		out = append(out, providers.ModelInfo{ID: pager.Current().ID})
	}
	if err := pager.Err(); err != nil {
		return nil, a.classify(ctx, err, progress{}, attempts)
	}
	return out, nil
}
