package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// defaultModels is the model used for a provider when none is named.
var defaultModels = map[string]string{
	"openai":    "gpt-4o-mini",
	"anthropic": "claude-sonnet-4-5",
	"gemini":    "gemini-2.5-flash",
	"ollama":    "llama3.2",
}

// ResolveModel chooses the provider and model to use:
//
//   - -m PROVIDER/MODEL, or -m MODEL for the default provider (--provider,
//     else default_model's provider, else the automatic choice);
//   - --provider alone: that provider with default_model's model if it is
//     for that provider, else the provider's default model;
//   - default_model;
//   - else the first provider whose key is set (configured providers in file
//     order, then openai, anthropic, gemini), a configured local endpoint
//     that needs no key, or a running Ollama found by probe(baseURL).
//
// err is for input that cannot be right (an unknown provider). When the
// chosen provider cannot be used yet, hint says exactly what to set; the
// TUI still opens and shows it. ResolveModel remembers the choice: the
// --base-url override (c.BaseURL) applies to that provider.
func (c *Config) ResolveModel(flagModel, flagProvider string, probe func(baseURL string) bool) (provider, model, hint string, err error) {
	if flagProvider != "" && !c.known(flagProvider) {
		return "", "", "", fmt.Errorf("unknown provider %q: add [providers.%s] to %s", show(flagProvider), showKey(flagProvider), c.Path)
	}
	defProv, defModel, _ := strings.Cut(c.DefaultModel, "/")
	switch {
	case flagModel != "":
		provider, model = c.splitModel(flagModel)
		if provider != "" && flagProvider != "" && provider != flagProvider {
			return "", "", "", fmt.Errorf("-m %s names provider %s but --provider says %s", show(flagModel), show(provider), show(flagProvider))
		}
		if provider == "" {
			provider = cmp.Or(flagProvider, defProv)
		}
	case flagProvider != "":
		provider = flagProvider
		if provider == defProv {
			model = defModel
		}
	case c.DefaultModel != "":
		provider, model = defProv, defModel
	}
	if provider == "" {
		provider = c.autoProvider(probe)
	}
	if provider == "" {
		c.chosen = "openai"
		return "openai", cmp.Or(model, defaultModels["openai"]), c.nothingUsableHint(), nil
	}
	c.chosen = provider
	model = cmp.Or(model, defaultModels[provider])
	p, _ := c.provider(provider)
	switch {
	case c.needsKey(provider, p) && !c.hasKey(provider, p):
		hint = c.keyHint(provider)
	case model == "":
		hint = fmt.Sprintf("%s has no default model: pass -m %s/MODEL, or set default_model = \"%s/MODEL\" in %s", provider, provider, provider, c.Path)
	}
	return provider, model, hint, nil
}

// splitModel splits "PROVIDER/MODEL"; a name whose first part is not a known
// provider is a model of the default provider (model IDs may hold slashes,
// such as "meta-llama/Llama-3.1-8B").
func (c *Config) splitModel(s string) (provider, model string) {
	if p, m, ok := strings.Cut(s, "/"); ok && c.known(p) {
		return p, m
	}
	return "", s
}

// autoProvider returns the first usable provider, or "" if there is none.
func (c *Config) autoProvider(probe func(string) bool) string {
	if c.BaseURL != "" {
		// A server was named on the command line: speak OpenAI's protocol
		// to it, as every local server does.
		return "openai"
	}
	names := append(slices.Clone(c.order), builtins...)
	var local []string
	for _, name := range names {
		p, _ := c.provider(name)
		if p.Type == "ollama" {
			if !slices.Contains(local, name) {
				local = append(local, name)
			}
			continue
		}
		if c.hasKey(name, p) || !c.needsKey(name, p) {
			return name
		}
	}
	for _, name := range local {
		p, _ := c.provider(name)
		if probe != nil && probe(c.baseURL(name, p)) {
			return name
		}
	}
	return ""
}

// nothingUsableHint says what to set when no provider can be used.
func (c *Config) nothingUsableHint() string {
	p, _ := c.provider("ollama")
	return fmt.Sprintf("no provider is usable: set OPENAI_API_KEY (or ANTHROPIC_API_KEY, GEMINI_API_KEY), "+
		"or add [providers.local] base_url = \"http://localhost:8080/v1\" and default_model = \"local/MODEL\" to %s "+
		"(or pass -m local/MODEL), or start Ollama at %s",
		c.Path, c.baseURL("ollama", p))
}
