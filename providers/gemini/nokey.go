package gemini

import (
	"fmt"
	"net/http"
	"strings"

	"parley/providers"
)

// noKey stands in for the API key of a keyless endpoint: the SDK refuses
// to build a client without one, and with an empty key it would read
// GOOGLE_API_KEY or GEMINI_API_KEY behind our back and send a real key to
// whatever server the base URL names. stripKeyRT removes it from every
// request, so it never leaves the process.
const noKey = "parley-no-key"

// keyAndClient returns the key to give the SDK and the HTTP client to send
// through. The Gemini API itself needs a key; an endpoint behind a base URL
// (a proxy, a local gateway) may not, as for the OpenAI and Anthropic
// adapters: the config layer asks for one only when it names a key source.
func keyAndClient(s providers.Settings, name, keySource string) (string, *http.Client, error) {
	hc := s.Client()
	if s.APIKey != "" {
		return s.APIKey, hc, nil
	}
	if strings.TrimSpace(s.BaseURL) == "" || sameHost(s.BaseURL, DefaultBaseURL) {
		return "", nil, fmt.Errorf("provider %q: no Gemini API key (set %s)", name, keyHint(keySource))
	}
	c := *hc
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = stripKeyRT{next: next}
	return noKey, &c, nil
}

// keyHint names where a key may come from: both variables the Gemini docs
// use, unless the config named its own source.
func keyHint(keySource string) string {
	if keySource == "" || keySource == "GEMINI_API_KEY" || keySource == "GOOGLE_API_KEY" {
		return "GEMINI_API_KEY or GOOGLE_API_KEY"
	}
	return keySource
}

// sameHost reports whether two URLs name the same host.
func sameHost(a, b string) bool {
	host := func(u string) string {
		u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
		h, _, _ := strings.Cut(u, "/")
		return strings.ToLower(h)
	}
	return host(a) == host(b)
}

// stripKeyRT drops the placeholder key header the SDK adds.
type stripKeyRT struct{ next http.RoundTripper }

// RoundTrip sends r without its x-goog-api-key header.
func (t stripKeyRT) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Del("x-goog-api-key")
	return t.next.RoundTrip(r)
}
