package providers

import (
	"net/url"
	"strings"
)

// Protocol names accepted by LookupCaps. The first four are the Settings.Type
// values; ProtocolOpenAICompatible is what CapsFor calls an OpenAI-protocol
// endpoint that is not OpenAI itself (llama.cpp, vLLM, LM Studio, OpenRouter).
const (
	ProtocolOpenAI           = "openai"
	ProtocolOpenAICompatible = "openai-compatible"
	ProtocolAnthropic        = "anthropic"
	ProtocolGemini           = "gemini"
	ProtocolOllama           = "ollama"
)

// CapsFor returns the capabilities of model on a configured provider of
// protocol typ (a Settings.Type) at baseURL. An OpenAI-protocol provider whose
// base URL is not api.openai.com is looked up as ProtocolOpenAICompatible:
// unknown models there are usually local ones, and local servers mostly serve
// text-only models.
func CapsFor(typ, baseURL, model string) Caps {
	if typ == ProtocolOpenAI && !isOpenAIHost(baseURL) {
		typ = ProtocolOpenAICompatible
	}
	return LookupCaps(typ, model)
}

func isOpenAIHost(baseURL string) bool {
	if strings.TrimSpace(baseURL) == "" {
		return true
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Hostname(), "api.openai.com")
}

// LookupCaps returns the built-in capabilities of model under protocol,
// from the embedded table (caps.toml). The model is matched
// case-insensitively by exact ID, else by the longest table ID it starts
// with, so dated snapshots (gpt-4o-2024-08-06) and Ollama tags (llava:13b)
// find their family. Unknown models get the protocol's default family:
//
//   - openai (api.openai.com): images as gpt-4o (every current OpenAI chat
//     model takes them), no audio, no PDF, context unknown.
//   - anthropic: images and PDFs as Claude 4 before Opus 4.7 (the smaller
//     limits, which every Claude accepts), 200k context.
//   - gemini: images, audio and PDFs as Gemini 2.5, context unknown.
//   - ollama and openai-compatible: text only. Local models mostly cannot
//     see; sending one an image fails or, worse, is silently ignored. Config
//     overrides (CapsOverride) turn images on.
//
// For openai-compatible (and any unknown protocol) the ID is also tried
// without a vendor prefix ("openai/gpt-4o" → "gpt-4o") against every table,
// since such servers often front the other providers' models.
func LookupCaps(protocol, model string) Caps {
	m, ok := findFamily(protocol, model)
	if !ok {
		return textOnly()
	}
	return m.family.caps(m.id)
}

// familyMatch is the table family a model matched, and by which ID ("" when
// it got the protocol default).
type familyMatch struct {
	family *capsFamily
	id     string
}

// findFamily is LookupCaps's search; ok is false for text-only unknowns.
func findFamily(protocol, model string) (familyMatch, bool) {
	m := strings.ToLower(strings.TrimSpace(model))
	t := capsTable()
	switch protocol {
	case ProtocolOpenAI, ProtocolAnthropic:
		return lookupOrDefault(t, protocol, m)
	case ProtocolGemini:
		return lookupOrDefault(t, protocol, strings.TrimPrefix(m, "models/"))
	case ProtocolOllama:
		if f, ok := lookup(t, protocol, m); ok {
			return f, true
		}
		return lookup(t, protocol, baseName(m))
	}
	for _, id := range []string{m, baseName(m)} {
		for _, p := range []string{ProtocolOpenAI, ProtocolAnthropic, ProtocolGemini, ProtocolOllama} {
			if f, ok := lookup(t, p, id); ok {
				return f, true
			}
		}
	}
	return familyMatch{}, false
}

// baseName drops a vendor or namespace prefix: "openai/gpt-4o" → "gpt-4o".
func baseName(m string) string {
	return m[strings.LastIndex(m, "/")+1:]
}

// lookupOrDefault is lookup, falling back to the protocol's default family.
func lookupOrDefault(t []capsFamily, protocol, m string) (familyMatch, bool) {
	if f, ok := lookup(t, protocol, m); ok {
		return f, true
	}
	for i := range t {
		if t[i].Protocol == protocol && t[i].Default {
			return familyMatch{family: &t[i]}, true
		}
	}
	return familyMatch{}, false
}

// lookup finds m among protocol's families by exact ID, else by the longest
// ID m starts with.
func lookup(t []capsFamily, protocol, m string) (familyMatch, bool) {
	var best familyMatch
	if m == "" {
		return best, false
	}
	for i := range t {
		if t[i].Protocol != protocol {
			continue
		}
		for _, id := range t[i].IDs {
			if id == m {
				return familyMatch{family: &t[i], id: id}, true
			}
			if strings.HasPrefix(m, id) && len(id) > len(best.id) {
				best = familyMatch{family: &t[i], id: id}
			}
		}
	}
	return best, best.family != nil
}

func textOnly() Caps { return Caps{} }
