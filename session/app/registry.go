package app

import (
	"context"
	"time"

	"parley/providers"
	"parley/providers/anthropic"
	"parley/providers/gemini"
	"parley/providers/ollama"
	"parley/providers/openai"
)

// Registry lists the wire protocols parley speaks.
func Registry() *providers.Registry {
	r := providers.NewRegistry()
	r.Register("openai", openai.New)
	r.Register("anthropic", anthropic.New)
	r.Register("gemini", gemini.New)
	r.Register("ollama", ollama.New)
	return r
}

// ProbeOllama looks for a running Ollama when choosing a model
// (config.ResolveModel's probe). It runs at every start where nothing else
// is configured, so it must not be felt: 300 ms at most.
func ProbeOllama(baseURL string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	return ollama.Probe(ctx, baseURL, nil)
}
