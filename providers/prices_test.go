package providers

import (
	"math"
	"testing"
)

// TestPriceWorkedExamples: tokens × table price, worked out by hand.
func TestPriceWorkedExamples(t *testing.T) {
	for _, tc := range []struct {
		protocol, model string
		u               Usage
		want            float64
	}{
		// gpt-4o: 12 000 in × $2.50/M = 0.03; 800 out × $10/M = 0.008.
		{ProtocolOpenAI, "gpt-4o", Usage{InputTokens: 12_000, OutputTokens: 800}, 0.038},
		// gpt-4o with 10 000 of 12 000 cached: 2 000 × 2.50/M = 0.005,
		// 10 000 × 1.25/M = 0.0125, 800 × 10/M = 0.008 → 0.0255.
		{ProtocolOpenAI, "gpt-4o-2024-08-06", Usage{InputTokens: 12_000, OutputTokens: 800, CachedInputTokens: 10_000}, 0.0255},
		// claude-sonnet-4-5 (dated ID): 1M in × $3 + 100k out × $15/M = 3 + 1.5.
		{ProtocolAnthropic, "claude-sonnet-4-5-20250929", Usage{InputTokens: 1_000_000, OutputTokens: 100_000}, 4.5},
		// gemini-2.5-flash: 9 in × 0.30/M + 12 out × 2.50/M = 0.0000027 + 0.00003.
		{ProtocolGemini, "gemini-2.5-flash", Usage{InputTokens: 9, OutputTokens: 12}, 0.0000327},
		// gemini-2.5-pro past 200k: 300 000 × 2.50/M = 0.75, 1 000 × 15/M = 0.015.
		{ProtocolGemini, "gemini-2.5-pro", Usage{InputTokens: 300_000, OutputTokens: 1_000}, 0.765},
		// ... and under it: 100 000 × 1.25/M = 0.125, 1 000 × 10/M = 0.01.
		{ProtocolGemini, "models/gemini-2.5-pro", Usage{InputTokens: 100_000, OutputTokens: 1_000}, 0.135},
	} {
		p, ok := LookupPrice(tc.protocol, tc.model)
		if !ok {
			t.Errorf("%s/%s: no price", tc.protocol, tc.model)
			continue
		}
		if got := p.Cost(tc.u); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s/%s %+v: $%.10f, want $%.10f", tc.protocol, tc.model, tc.u, got, tc.want)
		}
	}
}

// TestPriceUnknown: no guessing. Prefixes, other endpoints and local models
// have no price.
func TestPriceUnknown(t *testing.T) {
	for _, tc := range []struct{ typ, base, model string }{
		{ProtocolOpenAI, "", "gpt-4o-audio-preview"},
		{ProtocolOpenAI, "", "gpt-5.5"},
		{ProtocolOpenAI, "http://localhost:8080/v1", "gpt-4o"},
		{ProtocolOllama, "", "llama3.2"},
		{ProtocolAnthropic, "", "claude-sonnet-9"},
	} {
		if p, ok := PriceFor(tc.typ, tc.base, tc.model); ok {
			t.Errorf("%s %s %s: priced %+v", tc.typ, tc.base, tc.model, p)
		}
	}
	if _, ok := PriceFor(ProtocolOpenAI, "https://api.openai.com/v1", "gpt-4o-mini"); !ok {
		t.Error("gpt-4o-mini on api.openai.com has no price")
	}
}

// TestCachedWithoutDiscount: a model whose cache price is not known bills
// cached tokens at the input price, never at zero.
func TestCachedWithoutDiscount(t *testing.T) {
	p := Price{Input: 1, Output: 2}
	if got := p.Cost(Usage{InputTokens: 1_000_000, CachedInputTokens: 1_000_000}); got != 1 {
		t.Errorf("cost %v, want 1", got)
	}
}
