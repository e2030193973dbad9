// Package catalog answers "which models can I use, and what can each take?"
// for `parley models` and the TUI's model picker: every configured provider,
// whether it is usable (a key is present, or the server answers), and its
// models with capabilities, from the provider's own model list merged with
// the built-in table and the config's per-model overrides.
package catalog

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"parley/media/sanitize"
	"parley/providers"
	"parley/session/config"
)

// DefaultTimeout bounds each provider's model listing. Providers are asked
// concurrently, so the whole listing takes about this long at worst.
const DefaultTimeout = 5 * time.Second

// Provider is one provider's entry in the catalog.
type Provider struct {
	Name    string // configured name: "openai", "local", ...
	Type    string // wire protocol: openai, anthropic, gemini, ollama
	BaseURL string // "" = the protocol's default endpoint
	// Usable: a key-based provider has its key (and it was not rejected);
	// a keyless one (Ollama, a local server) answered.
	Usable bool
	// Status is one line for people: "key set (from OPENAI_API_KEY)",
	// "no key: set OPENAI_API_KEY ...", "reachable", or why the server
	// could not be reached.
	Status string
	// ListErr says, in one line, why the model list could not be fetched
	// from a provider that is otherwise usable; "" when it was fetched or
	// not attempted.
	ListErr string
	// Models are sorted by ID. When the list was fetched they are exactly
	// the server's models; otherwise they are the ones parley knows of for
	// this provider (its default model and the config's [models] entries).
	// A provider that is unusable for any reason other than a missing key
	// has none.
	Models []Model
}

// Model is one model of a provider with its merged capabilities.
type Model struct {
	// ID is the model as the provider names it; "PROVIDER/ID" is what -m
	// and the TurnFactory take.
	ID   string
	Caps providers.Caps
	// Listed is true when the provider's model list named it, false when
	// it comes from the config or parley's defaults only.
	Listed bool
}

// Options tune List.
type Options struct {
	// Only limits the listing to one provider name ("" = all).
	Only string
	// Timeout bounds each provider's listing; 0 = DefaultTimeout.
	Timeout time.Duration
}

// List describes every provider cfg knows (configured ones in file order,
// then the built-ins), asking each usable one for its models concurrently.
// A provider that cannot be reached or has no key gets a Status saying so
// and does not hold up the rest. The only error is an unknown opt.Only.
//
// List may run an api_key_cmd (to list that provider's models); it never
// puts a key in any field. Model IDs and error text come from remote servers
// and are sanitized to one plain line.
func List(ctx context.Context, cfg *config.Config, reg *providers.Registry, opt Options) ([]Provider, error) {
	names := cfg.ProviderNames()
	if opt.Only != "" {
		if _, err := cfg.Describe(opt.Only); err != nil {
			return nil, err
		}
		names = []string{opt.Only}
	}
	out := make([]Provider, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { out[i] = describe(ctx, cfg, reg, name, cmp.Or(opt.Timeout, DefaultTimeout)) })
	}
	wg.Wait()
	return out, nil
}

// AnyUsable reports whether at least one provider in list is usable.
func AnyUsable(list []Provider) bool {
	return slices.ContainsFunc(list, func(p Provider) bool { return p.Usable })
}

// describe fills in one provider: its status, then its models.
func describe(ctx context.Context, cfg *config.Config, reg *providers.Registry, name string, timeout time.Duration) Provider {
	info, err := cfg.Describe(name)
	if err != nil {
		return Provider{Name: name, Status: clean(err.Error())}
	}
	// The endpoint is shown ("reachable at …"): never with its credentials.
	p := Provider{Name: name, Type: info.Type, BaseURL: providers.RedactURLs(info.BaseURL)}
	if info.NeedsKey && info.KeySource == "" {
		p.Status = "no key: " + strings.TrimPrefix(info.Hint, name+" has no key: ")
		p.Models = known(cfg, info, nil)
		return p
	}
	prov, err := build(cfg, reg, name, timeout)
	if err != nil {
		// The key command failed or the settings are unusable.
		p.Status = clean(err.Error())
		return p
	}
	listed, err := fetch(ctx, prov, timeout, cmp.Or(p.BaseURL, "the "+providers.DisplayName(info.Type)+" API"))
	p.Usable = usable(info, err)
	switch {
	case !p.Usable:
		// Unreachable, or its key refused: one line, no models.
		p.Status = clean(err.Error())
		return p
	case info.NeedsKey:
		p.Status = "key set (from " + info.KeySource + ")"
	default:
		p.Status = "reachable"
	}
	if err != nil {
		p.ListErr = clean(err.Error())
	}
	p.Models = known(cfg, info, listed)
	return p
}

// usable decides from the listing's outcome. A key-based provider is usable
// with its key unless the key was refused: its list failing (a proxy
// without /models, a slow network) says nothing about chatting. A keyless
// one (Ollama, a local server) is usable when it answered at all, even if
// only to refuse the listing.
func usable(info config.ProviderInfo, listErr error) bool {
	if listErr == nil {
		return true
	}
	switch providers.KindOf(listErr) {
	case providers.ErrAuth:
		return false
	case providers.ErrConnection, providers.ErrCanceled, providers.ErrStalled:
		return info.NeedsKey
	}
	return true
}

// build makes the provider for a listing: its settings (which may run an
// api_key_cmd) without retries, since a listing should answer quickly or
// say why not, and with a connect timeout no longer than the listing's.
func build(cfg *config.Config, reg *providers.Registry, name string, timeout time.Duration) (providers.Provider, error) {
	s, err := cfg.Settings(name)
	if err != nil {
		return nil, err
	}
	s.MaxRetries = -1
	s.ConnectTimeout = min(cmp.Or(s.ConnectTimeout, providers.DefaultConnectTimeout), timeout)
	return reg.New(s)
}

// fetch asks prov for its models within timeout; where names the endpoint
// for the message when it does not answer in time.
func fetch(ctx context.Context, prov providers.Provider, timeout time.Duration, where string) ([]providers.ModelInfo, error) {
	lister, ok := prov.(providers.ModelLister)
	if !ok {
		return nil, providers.Errorf(providers.ErrOther, 0, nil, "%s cannot list its models", providers.DisplayName(prov.Name()))
	}
	lctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	models, err := lister.Models(lctx)
	if err != nil && ctx.Err() == nil && lctx.Err() != nil {
		return nil, providers.Errorf(providers.ErrConnection, 0, err, "no answer from %s within %v", where, timeout)
	}
	return models, err
}

// known merges a provider's listed models (nil when it was not listed) with
// the built-in capability table and the config's overrides. Without a list,
// the provider's default model and the config's [models] entries stand in.
func known(cfg *config.Config, info config.ProviderInfo, listed []providers.ModelInfo) []Model {
	overrides := cfg.ModelOverrides(info.Name)
	var out []Model
	add := func(id string, caps providers.Caps, isListed bool) {
		id = clean(id)
		if id == "" || slices.ContainsFunc(out, func(m Model) bool { return m.ID == id }) {
			return
		}
		if isZero(caps) {
			caps = providers.CapsFor(info.Type, info.BaseURL, id)
		}
		if o, ok := overrides[id]; ok {
			caps = caps.Apply(o.CapsOverride)
		}
		out = append(out, Model{ID: id, Caps: caps, Listed: isListed})
	}
	for _, m := range listed {
		if chatModel(info, m.ID) {
			add(m.ID, m.Caps, true)
		}
	}
	if listed == nil {
		add(info.DefaultModel, providers.Caps{}, false)
		for id := range overrides {
			add(id, providers.Caps{}, false)
		}
	}
	slices.SortFunc(out, func(a, b Model) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// isZero reports whether an adapter left a model's caps empty (most do:
// only Ollama asks the server about each model).
func isZero(c providers.Caps) bool {
	return !c.Images && !c.Audio && !c.PDF && !c.ImageOutput && !c.Tools &&
		c.ContextWindow == 0 && c.MaxImageEdge == 0 && c.MaxImagePixels == 0 && c.MaxImageBytes == 0 &&
		len(c.ImageFormats) == 0 && len(c.AudioFormats) == 0
}

// chatModel drops api.openai.com's non-chat models from the list, which
// would otherwise be most of it. Other servers' lists are kept whole: their
// naming follows no such convention.
func chatModel(info config.ProviderInfo, id string) bool {
	if info.Type != providers.ProtocolOpenAI || !isOpenAI(info.BaseURL) {
		return true
	}
	id = strings.ToLower(id)
	// Embeddings, speech, transcription, moderation, legacy completions.
	for _, s := range []string{"embedding", "tts", "whisper", "transcribe", "moderation", "davinci", "babbage", "realtime", "search"} {
		if strings.Contains(id, s) {
			return false
		}
	}
	return true
}

func isOpenAI(baseURL string) bool {
	return baseURL == "" || strings.Contains(strings.ToLower(baseURL), "://api.openai.com")
}

// clean makes remote text safe and single-line for the terminal.
func clean(s string) string {
	return providers.OneLine(sanitize.String(s), 300) // OneLine redacts
}

// CapsOf returns the capabilities of "PROVIDER/MODEL" without asking the
// network: the built-in table for the provider's protocol and endpoint,
// then the config's override for that model. An unknown provider gets the
// text-only default.
func CapsOf(cfg *config.Config, name string) providers.Caps {
	prov, model, _ := strings.Cut(name, "/")
	info, err := cfg.Describe(prov)
	if err != nil {
		return providers.Caps{}
	}
	caps := providers.CapsFor(info.Type, info.BaseURL, model)
	if o, ok := cfg.ModelOverride(prov, model); ok {
		caps = caps.Apply(o.CapsOverride)
	}
	return caps
}
