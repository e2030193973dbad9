package providers

import (
	"fmt"
	"testing"
)

func TestEstimateImageTokensWorkedExamples(t *testing.T) {
	gpt4o := LookupCaps(ProtocolOpenAI, "gpt-4o")
	mini := LookupCaps(ProtocolOpenAI, "gpt-4o-mini")
	claude := LookupCaps(ProtocolAnthropic, "claude-sonnet-4-5")
	gem := LookupCaps(ProtocolGemini, "gemini-2.5-flash")
	patch := LookupCaps(ProtocolOpenAI, "gpt-4.1-mini")
	cases := []struct {
		name   string
		c      Caps
		w, h   int
		detail string
		want   int
	}{
		// OpenAI vision guide: 1024² high → 768² → 4 tiles → 85 + 4·170.
		{"openai 1024x1024 high", gpt4o, 1024, 1024, "high", 765},
		{"openai 1024x1024 auto counts as high", gpt4o, 1024, 1024, "", 765},
		// 2048×4096 → fits 2048² as 1024×2048 → short side 768: 768×1536 → 6 tiles.
		{"openai 2048x4096 high", gpt4o, 2048, 4096, "high", 1105},
		{"openai 4096x8192 low", gpt4o, 4096, 8192, "low", 85},
		{"openai small image is not scaled up", gpt4o, 512, 512, "high", 255},
		{"gpt-4o-mini 1024x1024 high", mini, 1024, 1024, "high", 2833 + 4*5667},
		{"gpt-4o-mini low", mini, 1024, 1024, "low", 2833},
		// Patch models: 1024×1024 = 32·32 patches = 1024, × 1.62 → 1659.
		{"openai patches 1024x1024", patch, 1024, 1024, "", 1659},
		// OpenAI's example: 1800×2400 → 1056×1408 → 33·44 = 1452 patches, × 1.62.
		{"openai patches 1800x2400", patch, 1800, 2400, "", 2353},
		// Anthropic vision guide: tokens = w·h/750.
		{"anthropic 1000x1000", claude, 1000, 1000, "", 1334},
		{"anthropic 1092x1092 (largest square kept)", claude, 1092, 1092, "", 1590},
		{"anthropic 200x200", claude, 200, 200, "", 54},
		// 4000×3000 → long edge 1568 (1568×1176 = 1.84 MP) → ~1.2 MP: 1264×948.
		{"anthropic 4000x3000 scaled", claude, 4000, 3000, "", 1598},
		{"gemini 384x384", gem, 384, 384, "", 258},
		{"gemini 100x300", gem, 100, 300, "", 258},
		// 1024×1024: ⌈1024/768⌉² = 4 tiles of 258.
		{"gemini 1024x1024", gem, 1024, 1024, "", 1032},
		{"gemini 385x200", gem, 385, 200, "", 258},
		{"gemini 768x768", gem, 768, 768, "", 258},
		// 4000×3000 → 3072×2304 → 4·3 tiles.
		{"gemini 4000x3000", gem, 4000, 3000, "", 12 * 258},
		{"gemma3 fixed", LookupCaps(ProtocolOllama, "gemma3"), 4000, 3000, "", 256},
		// Rough method: llava fits 1344 edge / 672² px; 672×672 → 24·24.
		{"llava rough", LookupCaps(ProtocolOllama, "llava"), 672, 672, "", 576},
		{"zero size", gpt4o, 0, 100, "", 0},
	}
	for _, tc := range cases {
		if got := EstimateImageTokens(tc.c, tc.w, tc.h, tc.detail); got != tc.want {
			t.Errorf("%s: got %d tokens, want %d", tc.name, got, tc.want)
		}
	}
}

func TestFitSize(t *testing.T) {
	gpt4o := LookupCaps(ProtocolOpenAI, "gpt-4o")
	claude := LookupCaps(ProtocolAnthropic, "claude-opus-4")
	patch := LookupCaps(ProtocolOpenAI, "o4-mini")
	cases := []struct {
		name         string
		c            Caps
		w, h         int
		wantW, wantH int
	}{
		{"openai tiles", gpt4o, 2048, 4096, 768, 1536},
		{"openai tiles wide", gpt4o, 4000, 1000, 2048, 512},
		{"openai small kept", gpt4o, 300, 200, 300, 200},
		{"anthropic long edge", claude, 3136, 100, 1568, 50},
		{"anthropic pixels", claude, 4000, 3000, 1264, 948},
		{"anthropic kept", claude, 1092, 1092, 1092, 1092},
		{"patches", patch, 1800, 2400, 1056, 1408},
		{"patches kept", patch, 1024, 1536, 1024, 1536},
		{"no limits", Caps{}, 5000, 5000, 5000, 5000},
		{"extreme aspect never zero", claude, 100000, 10, 1568, 1},
		{"override edge", LookupCaps(ProtocolOllama, "llava").Apply(CapsOverride{MaxImageEdge: ptr(512)}), 1024, 512, 512, 256},
	}
	for _, tc := range cases {
		w, h := FitSize(tc.c, tc.w, tc.h)
		if w != tc.wantW || h != tc.wantH {
			t.Errorf("%s: FitSize(%d×%d) = %d×%d, want %d×%d", tc.name, tc.w, tc.h, w, h, tc.wantW, tc.wantH)
		}
	}
}

// Fitting an already fitted image must change nothing, and the estimate of a
// fitted image must equal that of the original: the fitting code sends the
// fitted size and the status bar counts it.
func TestFitSizeIdempotent(t *testing.T) {
	models := [][2]string{
		{ProtocolOpenAI, "gpt-4o"}, {ProtocolOpenAI, "gpt-5-mini"}, {ProtocolAnthropic, "claude-sonnet-4"},
		{ProtocolGemini, "gemini-2.5-pro"}, {ProtocolOllama, "qwen2.5vl"}, {ProtocolOllama, "llama3.2-vision"},
		{ProtocolAnthropic, "claude-opus-4-7"}, {ProtocolOpenAI, "gpt-5.2"}, {ProtocolGemini, "gemini-3-pro"},
	}
	sizes := [][2]int{{4032, 3024}, {1920, 1080}, {1000, 7000}, {333, 4444}, {8000, 8000}, {1, 9000}}
	for _, m := range models {
		c := LookupCaps(m[0], m[1])
		for _, s := range sizes {
			w, h := FitSize(c, s[0], s[1])
			w2, h2 := FitSize(c, w, h)
			if w2 != w || h2 != h {
				t.Errorf("%s %v: fit %d×%d then %d×%d", m[1], s, w, h, w2, h2)
			}
			if a, b := EstimateImageTokens(c, s[0], s[1], "high"), EstimateImageTokens(c, w, h, "high"); a != b {
				t.Errorf("%s %v: %d tokens before fitting, %d after", m[1], s, a, b)
			}
			if c.MaxImageEdge > 0 && max(w, h) > c.MaxImageEdge {
				t.Errorf("%s %v: %d×%d exceeds edge %d", m[1], s, w, h, c.MaxImageEdge)
			}
			if c.MaxImagePixels > 0 && w*h > c.MaxImagePixels {
				t.Errorf("%s %v: %d×%d exceeds %d px", m[1], s, w, h, c.MaxImagePixels)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

func BenchmarkLookupCaps(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		_ = LookupCaps(ProtocolOllama, fmt.Sprintf("llava:%d", i%3))
	}
}

func BenchmarkEstimateImageTokens(b *testing.B) {
	c := LookupCaps(ProtocolOpenAI, "gpt-5-mini")
	for b.Loop() {
		_ = EstimateImageTokens(c, 4032, 3024, "high")
	}
}
