package openai

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/openai/openai-go/v3/option"

	"parley/providers"
)

// ClientOptions returns the endpoint's base URL (s.BaseURL, or
// DefaultBaseURL when empty) and the SDK options every parley client of an
// OpenAI-compatible endpoint is built with: that base URL, s's API key,
// s's HTTP client behind providers.RetryClient, and s's retry bounds. s must
// already have its defaults applied (providers.Settings.WithDefaults). A
// base URL that is not http(s) gives an error naming it, for the caller to
// prefix with which provider it is.
//
// Callers build their SDK services from these options directly, never
// through oai.NewClient: that prepends DefaultClientOptions, which read
// OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID and
// OPENAI_CUSTOM_HEADERS from the environment and would send an OpenAI
// organisation header (or key, or a recording) to whatever server the
// config names. Our settings are the only source.
func ClientOptions(s providers.Settings) (string, []option.RequestOption, error) {
	base := strings.TrimSpace(s.BaseURL)
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", nil, fmt.Errorf("base URL %q must be an http:// or https:// URL", base)
	}
	opts := []option.RequestOption{
		option.WithBaseURL(base),
		option.WithAPIKey(s.APIKey),
		option.WithHTTPClient(providers.RetryClient(s.Client(), s.RetryPolicy())),
		option.WithMaxRetries(s.MaxRetries),
	}
	if s.MaxRetryWait > 0 {
		// Also bounds the SDK's own exponential backoff, and lets a
		// Retry-After already bounded by RetryTransport pass its check.
		// (The SDK panics on a bound that is not positive.)
		opts = append(opts, option.WithMaxRetryDelay(s.MaxRetryWait))
	}
	return base, opts, nil
}
