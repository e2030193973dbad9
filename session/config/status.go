package config

import (
	"slices"
	"strings"
)

// ProviderInfo is what the config says about one provider before anything
// is contacted: enough for `parley models` and the model picker to tell a
// usable provider from one that needs a key. Building it never runs an
// api_key_cmd (a password manager may prompt) and never holds the key.
type ProviderInfo struct {
	Name    string // configured name: "openai", "local", ...
	Type    string // wire protocol: openai, anthropic, gemini, ollama
	BaseURL string // "" = the protocol's default endpoint
	// NeedsKey is true when the provider cannot be used without a key.
	NeedsKey bool
	// KeySource names where the key is found: an env var name
	// ("OPENAI_API_KEY") or a config key ("providers.x.api_key_cmd"); ""
	// when no key is available.
	KeySource string
	// Hint says exactly what to set, when NeedsKey and KeySource is "".
	Hint string
	// DefaultModel is the model used for this provider when none is named
	// (default_model if it is for this provider); "" if there is none.
	DefaultModel string
}

// ProviderNames lists every provider parley knows: the configured ones in
// file order, then the built-ins (openai, anthropic, gemini, ollama) not
// configured.
func (c *Config) ProviderNames() []string {
	names := slices.Clone(c.order)
	for _, b := range builtins {
		if !slices.Contains(names, b) {
			names = append(names, b)
		}
	}
	return names
}

// Describe returns what the config says about provider name; an unknown
// name is an error saying how to add it.
func (c *Config) Describe(name string) (ProviderInfo, error) {
	p, err := c.provider(name)
	if err != nil {
		return ProviderInfo{}, err
	}
	info := ProviderInfo{
		Name: name, Type: p.Type, BaseURL: c.baseURL(name, p),
		NeedsKey:     c.needsKey(name, p),
		KeySource:    c.keySource(name, p),
		DefaultModel: defaultModels[name],
	}
	if prov, model, ok := strings.Cut(c.DefaultModel, "/"); ok && prov == name {
		info.DefaultModel = model
	}
	if info.NeedsKey && info.KeySource == "" {
		info.Hint = c.keyHint(name)
	}
	return info, nil
}

// keySource is where Settings would read the key from, without reading it;
// "" if no source has a key.
func (c *Config) keySource(name string, p Provider) string {
	switch {
	case p.APIKeyCmd != "":
		return "providers." + name + ".api_key_cmd"
	case p.APIKey != "":
		return "providers." + name + ".api_key"
	}
	for _, env := range c.keyEnvs(name, p) {
		if c.lookup(env) != "" {
			return env
		}
	}
	return ""
}

// ModelOverrides returns the [models."PROVIDER/MODEL"] entries for provider,
// by model ID.
func (c *Config) ModelOverrides(provider string) map[string]ModelOverride {
	out := map[string]ModelOverride{}
	for key, o := range c.Models {
		if p, m, ok := strings.Cut(key, "/"); ok && p == provider {
			out[m] = o
		}
	}
	return out
}

// ModelOverride returns the override for provider/model, if the config has
// one.
func (c *Config) ModelOverride(provider, model string) (ModelOverride, bool) {
	o, ok := c.Models[provider+"/"+model]
	return o, ok
}
