package providers

import (
	"testing"
	"time"
)

// The worked examples and limits of the families fixed in issue 13, each
// from the provider's page named in caps.toml.
func TestFamilyWorkedExamples(t *testing.T) {
	opus47 := LookupCaps(ProtocolAnthropic, "claude-opus-4-7")
	sonnet := LookupCaps(ProtocolAnthropic, "claude-sonnet-4-5-20250929")
	gpt52 := LookupCaps(ProtocolOpenAI, "gpt-5.2")
	gpt5mini := LookupCaps(ProtocolOpenAI, "gpt-5-mini-2025-08-07")
	gpt5 := LookupCaps(ProtocolOpenAI, "gpt-5")
	gem3 := LookupCaps(ProtocolGemini, "gemini-3-pro-preview")
	cases := []struct {
		name         string
		c            Caps
		w, h         int
		wantW, wantH int
		tokens       int
	}{
		// Opus 4.7: long edge 2576, 3.75 MP, and at most 4784 28-px patches
		// after padding: 2449×1530 would pad to 88·55 = 4840.
		{"opus 4.7 screenshot", opus47, 2880, 1800, 2424, 1512, 87 * 54},
		{"opus 4.7 16:9 at the limit", opus47, 2576, 1456, 2576, 1456, 92 * 52},
		{"opus 4.7 1000²", opus47, 1000, 1000, 1000, 1000, 36 * 36},
		{"opus 4.7 long edge", opus47, 5152, 1000, 2576, 500, 92 * 18},
		// Earlier Claude: 1568 px, ~1.2 MP, w·h/750 (1092² kept: ~1590).
		{"sonnet 4.5 screenshot", sonnet, 2880, 1800, 1385, 866, 1600},
		{"sonnet 4.5 1092²", sonnet, 1092, 1092, 1092, 1092, 1590},
		// GPT-5.2: 1536 patches ×1.2; 2880×1800 keeps 1536×960 (48·30).
		{"gpt-5.2 screenshot", gpt52, 2880, 1800, 1536, 960, 1728},
		// OpenAI's patch example: 1024² = 1024 patches, ×1.62 on gpt-5-mini.
		{"gpt-5-mini 1024²", gpt5mini, 1024, 1024, 1024, 1024, 1659},
		{"gpt-5-mini 1800×2400", gpt5mini, 1800, 2400, 1056, 1408, 2353},
		// GPT-5 keeps tiles at 70 + 140 per 512-px tile: 1024² → 768² → 4.
		{"gpt-5 1024²", gpt5, 1024, 1024, 768, 768, 70 + 4*140},
		// Gemini 3: the media_resolution price, high by default.
		{"gemini 3 any size", gem3, 4000, 3000, 3072, 2304, 1120},
		{"gemini 3 small", gem3, 100, 100, 100, 100, 1120},
	}
	for _, tc := range cases {
		w, h := FitSize(tc.c, tc.w, tc.h)
		if w != tc.wantW || h != tc.wantH {
			t.Errorf("%s: fit %d×%d, want %d×%d", tc.name, w, h, tc.wantW, tc.wantH)
		}
		if got := EstimateImageTokens(tc.c, tc.w, tc.h, ""); got != tc.tokens {
			t.Errorf("%s: %d tokens, want %d", tc.name, got, tc.tokens)
		}
	}
}

func TestGeminiMediaResolutionLevels(t *testing.T) {
	want := map[string]int{"low": 280, "medium": 560, "high": 1120, "ultra_high": 2240}
	for _, level := range MediaResolutions() {
		c := LookupCaps(ProtocolGemini, "gemini-3-flash").Apply(CapsOverride{MediaResolution: &level})
		if c.MediaResolution != level {
			t.Errorf("%s: override gave %q", level, c.MediaResolution)
		}
		if got := EstimateImageTokens(c, 1920, 1080, ""); got != want[level] {
			t.Errorf("%s: %d tokens, want %d", level, got, want[level])
		}
	}
	bad := "extreme"
	if key, err := (CapsOverride{MediaResolution: &bad}).Validate(); key != "media_resolution" || err == nil {
		t.Errorf("bad level: %q %v", key, err)
	}
	if g2 := LookupCaps(ProtocolGemini, "gemini-2.5-flash"); g2.MediaResolution != "" || g2.ImageTokens != TokensGemini {
		t.Errorf("gemini 2.5 must keep 768-px tiles and send no level: %+v", g2)
	}
}

func TestClaudeByteAndManyImageLimits(t *testing.T) {
	for _, m := range []string{"claude-opus-4-7", "claude-sonnet-4-5", "claude-next"} {
		c := LookupCaps(ProtocolAnthropic, m)
		if !c.ImageBytesBase64 || c.MaxImageBytes != 5<<20 || c.RawImageBytes() != 3_932_160 {
			t.Errorf("%s: bytes %d base64=%v raw %d", m, c.MaxImageBytes, c.ImageBytesBase64, c.RawImageBytes())
		}
		many := c.ForImageCount(21)
		if w, h := FitSize(many, 2400, 2400); w > 2000 || h > 2000 {
			t.Errorf("%s with 21 images: %d×%d", m, w, h)
		}
		if same := c.ForImageCount(20); same.MaxImageEdge != c.MaxImageEdge {
			t.Errorf("%s: 20 images already changed the edge", m)
		}
	}
	if o := LookupCaps(ProtocolOpenAI, "gpt-4o"); o.ImageBytesBase64 || o.RawImageBytes() != 20<<20 {
		t.Errorf("openai counts raw bytes: %+v", o)
	}
	if LookupCaps(ProtocolAnthropic, "claude-opus-4-1").MaxImageEdge != 1568 {
		t.Error("opus 4.1 is not an Opus 4.7")
	}
}

func TestEstimateAudioTokens(t *testing.T) {
	g := LookupCaps(ProtocolGemini, "gemini-2.5-flash")
	if got := EstimateAudioTokens(g, 10*time.Second); got != 320 {
		t.Errorf("gemini 10 s: %d, want 320", got)
	}
	if got := EstimateAudioTokens(g, 1500*time.Millisecond); got != 48 {
		t.Errorf("gemini 1.5 s: %d, want 48", got)
	}
	if got := EstimateAudioTokens(LookupCaps(ProtocolOpenAI, "gpt-audio"), time.Minute); got != 0 {
		t.Errorf("unknown rate: %d", got)
	}
}

// Whatever the size, an image fitted for Opus 4.7 stays within 2576 px and
// its padded patches within the 4784-token budget.
func TestOpus47FitWithinPatchBudget(t *testing.T) {
	c := LookupCaps(ProtocolAnthropic, "claude-opus-4-7")
	for w := 100; w <= 9000; w += 373 {
		for h := 100; h <= 9000; h += 419 {
			fw, fh := FitSize(c, w, h)
			if max(fw, fh) > 2576 || claudePatches(fw, fh) > 4784 || fw*fh > c.MaxImagePixels {
				t.Fatalf("%d×%d → %d×%d: %d patches", w, h, fw, fh, claudePatches(fw, fh))
			}
		}
	}
}
