package providers

import (
	"regexp"
	"strings"
)

// PricesChecked is when the price table was last checked against the
// providers' pricing pages. Prices change: [models."P/M"] price_input,
// price_output and price_cached override any entry.
const PricesChecked = "2026-12-01"

// Price is what one model charges, in US dollars per million tokens.
type Price struct {
	Input  float64 // per million input tokens not read from the cache
	Output float64 // per million output tokens (reasoning included)
	// CachedInput is per million input tokens read from the prompt cache;
	// 0 means no cache discount is known, and cached tokens cost Input.
	CachedInput float64
	// LongAbove, when > 0, is the prompt size past which the whole request
	// is billed at the Long prices (Gemini Pro's second tier).
	LongAbove                              int
	LongInput, LongOutput, LongCachedInput float64
}

// Cost returns the US dollars a reply with usage u costs at p:
// (input − cached)·Input + cached·CachedInput + output·Output, per million,
// at the long-context prices when the prompt is past LongAbove.
func (p Price) Cost(u Usage) float64 {
	in, out, cached := p.Input, p.Output, p.CachedInput
	if p.LongAbove > 0 && u.InputTokens > p.LongAbove {
		in, out, cached = p.LongInput, p.LongOutput, p.LongCachedInput
	}
	if cached == 0 {
		cached = in
	}
	c := min(max(u.CachedInputTokens, 0), max(u.InputTokens, 0))
	fresh := max(u.InputTokens, 0) - c
	return (float64(fresh)*in + float64(c)*cached + float64(max(u.OutputTokens, 0))*out) / 1e6
}

// priceEntry is one model of the price table.
type priceEntry struct {
	id    string
	price Price
}

// PriceFor returns the price of model on a provider of protocol typ at
// baseURL. Only the first-party APIs have a table: an OpenAI-protocol
// endpoint elsewhere (a local server, OpenRouter, Groq) and Ollama charge
// what they charge, so they have no price unless the config gives one.
func PriceFor(typ, baseURL, model string) (Price, bool) {
	if typ == ProtocolOpenAI && !isOpenAIHost(baseURL) {
		return Price{}, false
	}
	return LookupPrice(typ, model)
}

// datedSuffix is a snapshot date or "-latest" after a model's name:
// "claude-sonnet-4-5-20250929", "gpt-4o-2024-08-06", "o3-latest".
var datedSuffix = regexp.MustCompile(`-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$`)

// LookupPrice finds model's price under protocol: by exact ID, or by the
// ID without a snapshot date. Unlike capabilities, prices are never
// matched by prefix: "gpt-4o-audio-preview" is not priced as "gpt-4o", and
// a wrong price is worse than none.
func LookupPrice(protocol, model string) (Price, bool) {
	var t []priceEntry
	switch protocol {
	case ProtocolOpenAI:
		t = openAIPrices()
	case ProtocolAnthropic:
		t = anthropicPrices()
	case ProtocolGemini:
		t = geminiPrices()
	default:
		return Price{}, false
	}
	m := strings.ToLower(baseName(model))
	for _, id := range []string{m, datedSuffix.ReplaceAllString(m, "")} {
		for _, e := range t {
			if e.id == id {
				return e.price, true
			}
		}
	}
	return Price{}, false
}

// p3 is a one-tier price: input, output, cached input.
func p3(in, out, cached float64) Price { return Price{Input: in, Output: out, CachedInput: cached} }

// openAIPrices: platform.openai.com/docs/pricing (standard tier).
func openAIPrices() []priceEntry {
	return []priceEntry{
		{"gpt-4o", p3(2.50, 10, 1.25)},
		{"gpt-4o-mini", p3(0.15, 0.60, 0.075)},
		{"gpt-4.1", p3(2, 8, 0.50)},
		{"gpt-4.1-mini", p3(0.40, 1.60, 0.10)},
		{"gpt-4.1-nano", p3(0.10, 0.40, 0.025)},
		{"gpt-5", p3(1.25, 10, 0.125)},
		{"gpt-5-mini", p3(0.25, 2, 0.025)},
		{"gpt-5-nano", p3(0.05, 0.40, 0.005)},
		{"gpt-5.1", p3(1.25, 10, 0.125)},
		{"o1", p3(15, 60, 7.50)},
		{"o3", p3(2, 8, 0.50)},
		{"o3-mini", p3(1.10, 4.40, 0.55)},
		{"o4-mini", p3(1.10, 4.40, 0.275)},
	}
}

// anthropicPrices: docs.anthropic.com pricing; the cached price is a
// cache read (0.1× input). parley sets no cache breakpoints, so there are
// no cache writes to price.
func anthropicPrices() []priceEntry {
	return []priceEntry{
		{"claude-opus-4-5", p3(5, 25, 0.50)},
		{"claude-opus-4-1", p3(15, 75, 1.50)},
		{"claude-opus-4", p3(15, 75, 1.50)},
		{"claude-sonnet-4-5", p3(3, 15, 0.30)},
		{"claude-sonnet-4", p3(3, 15, 0.30)},
		{"claude-3-7-sonnet", p3(3, 15, 0.30)},
		{"claude-haiku-4-5", p3(1, 5, 0.10)},
		{"claude-3-5-haiku", p3(0.80, 4, 0.08)},
	}
}

// geminiPrices: ai.google.dev/gemini-api/docs/pricing (paid tier, text,
// image and video input; audio input costs more on the Flash models and is
// not told apart here). The Pro models bill prompts over 200k tokens at a
// second tier.
func geminiPrices() []priceEntry {
	long := func(in, out, cached, lin, lout, lcached float64) Price {
		return Price{Input: in, Output: out, CachedInput: cached, LongAbove: 200_000,
			LongInput: lin, LongOutput: lout, LongCachedInput: lcached}
	}
	return []priceEntry{
		{"gemini-2.5-pro", long(1.25, 10, 0.125, 2.50, 15, 0.25)},
		{"gemini-3-pro-preview", long(2, 12, 0.20, 4, 18, 0.40)},
		{"gemini-2.5-flash", p3(0.30, 2.50, 0.03)},
		{"gemini-2.5-flash-lite", p3(0.10, 0.40, 0.01)},
		{"gemini-3-flash-preview", p3(0.50, 3, 0.05)},
		{"gemini-2.0-flash", p3(0.10, 0.40, 0.025)},
	}
}
