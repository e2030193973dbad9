package providers

import (
	"fmt"
	"net/http"
	"sort"
	"time"
)

// Defaults shared by every adapter.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultIdleTimeout    = 60 * time.Second
	DefaultMaxRetries     = 3
	DefaultMaxRetryWait   = 60 * time.Second
	// DefaultRetryAfterCap is the longest Retry-After parley waits for;
	// a server asking for more is given up on at once (see ratelimit.go
	// for why a minute).
	DefaultRetryAfterCap = 60 * time.Second
)

// Settings configure one provider instance. They are resolved by the config
// layer: the key is already read from its env var or command.
type Settings struct {
	Name    string // configured name: "openai", "local", ...
	Type    string // wire protocol: openai, anthropic, gemini, ollama
	BaseURL string // "" = the protocol's default
	APIKey  string // never logged, stored or put in an error
	// KeySource names where the key comes from, for messages such as
	// "OPENAI_API_KEY was rejected (401)": an env var name or a config key.
	KeySource string

	ConnectTimeout time.Duration // 0 = DefaultConnectTimeout
	IdleTimeout    time.Duration // no bytes for this long fails the stream; 0 = DefaultIdleTimeout
	// HeaderTimeout bounds the wait for the response headers; 0 = the idle
	// timeout. Servers that load a model before answering (Ollama) need
	// longer than a stream may stay silent.
	HeaderTimeout time.Duration

	MaxRetries   int           // retries on 408/409/429/5xx; 0 = DefaultMaxRetries, <0 = none
	MaxRetryWait time.Duration // bound on one Retry-After wait; 0 = DefaultMaxRetryWait
	// RetryAfterCap: a Retry-After longer than this fails the request at
	// once (RetryTooLong) instead of being waited for; 0 =
	// DefaultRetryAfterCap. Tests shorten MaxRetryWait to keep retries
	// fast without changing which waits are refused.
	RetryAfterCap time.Duration

	// HTTPClient, if set, replaces the client built from the timeouts
	// (tests use it); its transport should still enforce an idle timeout.
	HTTPClient *http.Client
}

// WithDefaults returns s with zero durations and counts replaced by defaults.
func (s Settings) WithDefaults() Settings {
	if s.ConnectTimeout == 0 {
		s.ConnectTimeout = DefaultConnectTimeout
	}
	if s.IdleTimeout == 0 {
		s.IdleTimeout = DefaultIdleTimeout
	}
	if s.HeaderTimeout == 0 {
		s.HeaderTimeout = s.IdleTimeout
	}
	if s.MaxRetries == 0 {
		s.MaxRetries = DefaultMaxRetries
	}
	if s.MaxRetries < 0 {
		s.MaxRetries = 0
	}
	if s.MaxRetryWait == 0 {
		s.MaxRetryWait = DefaultMaxRetryWait
	}
	if s.RetryAfterCap == 0 {
		s.RetryAfterCap = DefaultRetryAfterCap
	}
	return s
}

// RetryPolicy returns the retry bounds of s for RetryClient. Call it on
// settings that went through WithDefaults once: applying the defaults again
// would turn "no retries" (MaxRetries 0 after defaults) into the default 3.
func (s Settings) RetryPolicy() RetryPolicy {
	return RetryPolicy{Provider: s.Name, MaxRetries: s.MaxRetries, MaxWait: s.MaxRetryWait, Cap: s.RetryAfterCap}
}

// Client returns s.HTTPClient or a new client with s's timeouts.
func (s Settings) Client() *http.Client {
	if s.HTTPClient != nil {
		return s.HTTPClient
	}
	s = s.WithDefaults()
	return newHTTPClient(s.ConnectTimeout, s.HeaderTimeout, s.IdleTimeout)
}

// Factory builds a provider from its settings.
type Factory func(Settings) (Provider, error)

// Registry maps wire protocols to the factories that serve them. main wires
// the adapters in; this package cannot import its own subpackages.
type Registry struct {
	factories map[string]Factory
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{factories: map[string]Factory{}} }

// Register makes protocol typ buildable.
func (r *Registry) Register(typ string, f Factory) { r.factories[typ] = f }

// Types lists the registered protocols, sorted.
func (r *Registry) Types() []string {
	out := make([]string, 0, len(r.factories))
	for t := range r.factories {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// New builds the provider described by s.
func (r *Registry) New(s Settings) (Provider, error) {
	f, ok := r.factories[s.Type]
	if !ok {
		return nil, fmt.Errorf("provider %q: unknown type %q (known: %v)", s.Name, s.Type, r.Types())
	}
	return f(s)
}
