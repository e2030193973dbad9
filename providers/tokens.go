package providers

import (
	"math"
	"time"
)

// The constants of the providers' image token formulas (PROVIDERS.md).
const (
	openAIDefaultBase  = 85   // gpt-4o's tokens per image (detail low, or the base of high)
	openAIDefaultTile  = 170  // gpt-4o's tokens per 512-px tile
	openAITileFit      = 2048 // high detail first fits the image in 2048×2048 ...
	openAIShortSide    = 768  // ... then scales it so the short side is at most 768
	openAITileSide     = 512
	openAIPatchSide    = 32
	openAIMaxPatches   = 1536
	anthropicPixPerTok = 750
	anthropicPatchSide = 28
	geminiSmallSide    = 384 // both sides ≤ 384 px: one flat charge
	geminiTileSide     = 768
	geminiTileTokens   = 258
	// roughPatchSide is the fallback for models without a published method:
	// a ViT with 14-px patches merged 2×2 (Qwen2.5-VL and kin) spends one
	// token per 28×28 pixels, which is in the right range for most local
	// vision models.
	roughPatchSide = 28
)

// FitSize returns the size an image of w×h should be sent at for the model:
// scaled down, aspect kept, until it fits the long-edge and pixel limits of
// c, plus the scaling the model's token method applies on the server anyway
// (OpenAI tiles: 2048² then short side 768; OpenAI patches: at most 1536
// patches of 32 px). Sending anything larger only costs bytes. Images are
// never scaled up; sizes ≤ 0 are returned unchanged.
func FitSize(c Caps, w, h int) (int, int) {
	if w <= 0 || h <= 0 {
		return w, h
	}
	s := limitScale(c, float64(w), float64(h))
	fw, fh := scaled(w, s), scaled(h, s)
	switch {
	case c.ImageTokens == TokensOpenAIPatches:
		fw, fh = fitPatches(fw, fh, c.patchBudget())
	case c.ImageTokens == TokensAnthropicPatches && c.PatchBudget > 0:
		fw, fh = fitClaudePatches(fw, fh, c.PatchBudget)
	}
	return fw, fh
}

// fitClaudePatches shrinks w×h until its padded 28-px patches fit budget:
// Claude resizes to the largest size within both its long edge and its
// token budget, and padding can push a size under the pixel limit over
// the budget (2449×1530 is 3.75 MP but 88·55 = 4840 patches).
func fitClaudePatches(w, h, budget int) (int, int) {
	for claudePatches(w, h) > budget && max(w, h) > 1 {
		s := math.Sqrt(float64(budget) / float64(claudePatches(w, h)))
		s = math.Min(s, 1-1.0/float64(max(w, h))) // at least a pixel off the long edge
		w, h = scaled(w, s), scaled(h, s)
	}
	return w, h
}

func claudePatches(w, h int) int {
	return ceilDiv(w, anthropicPatchSide) * ceilDiv(h, anthropicPatchSide)
}

// patchBudget is the TokensOpenAIPatches cap on patches.
func (c Caps) patchBudget() int {
	if c.PatchBudget > 0 {
		return c.PatchBudget
	}
	return openAIMaxPatches
}

// limitScale is the largest factor ≤ 1 that brings w×h within c's limits.
func limitScale(c Caps, w, h float64) float64 {
	s := 1.0
	long, short := math.Max(w, h), math.Min(w, h)
	if c.MaxImageEdge > 0 && long > float64(c.MaxImageEdge) {
		s = math.Min(s, float64(c.MaxImageEdge)/long)
	}
	if c.MaxImagePixels > 0 && w*h > float64(c.MaxImagePixels) {
		s = math.Min(s, math.Sqrt(float64(c.MaxImagePixels)/(w*h)))
	}
	if c.ImageTokens == TokensOpenAITiles {
		if long > openAITileFit {
			s = math.Min(s, openAITileFit/long)
		}
		if short*s > openAIShortSide {
			s = openAIShortSide / short
		}
	}
	return s
}

// scaled multiplies n by s, rounding down (so limits hold) but forgiving
// floating-point error just below a whole number, and never below 1.
func scaled(n int, s float64) int {
	if s >= 1 {
		return n
	}
	return max(int(math.Floor(float64(n)*s+1e-6)), 1)
}

// fitPatches applies OpenAI's patch-model resize: when ⌈w/32⌉·⌈h/32⌉ >
// budget (1536), scale by √(32²·budget/(w·h)), then shrink a little more so
// that one side lands on a whole number of patches.
func fitPatches(w, h, budget int) (int, int) {
	if patches(w, h) <= budget {
		return w, h
	}
	fw, fh := float64(w), float64(h)
	r := math.Sqrt(openAIPatchSide * openAIPatchSide * float64(budget) / (fw * fh))
	pw, ph := fw*r/openAIPatchSide, fh*r/openAIPatchSide
	r *= math.Min(math.Floor(pw)/pw, math.Floor(ph)/ph)
	return scaled(w, r), scaled(h, r)
}

func patches(w, h int) int { return ceilDiv(w, openAIPatchSide) * ceilDiv(h, openAIPatchSide) }

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// EstimateImageTokens returns the input tokens an image of w×h costs on the
// model, after the model's own downscaling (FitSize). detail is OpenAI's
// per-image detail: "low" costs the flat base on tile models; "", "auto" and
// "high" are counted as high, the most the image can cost. Other methods
// ignore detail.
//
//   - OpenAI tiles: low = base; high = base + tile·⌈w/512⌉·⌈h/512⌉ after
//     fitting 2048² and short side 768 (gpt-4o: 85 and 170, so 1024×1024 →
//     768×768 → 4 tiles → 765).
//   - OpenAI patches: ⌈w/32⌉·⌈h/32⌉ after fitting 1536 patches, times
//     PatchFactor, rounded up.
//   - Anthropic (to Opus 4.6): ⌈w·h/750⌉ after fitting 1568 px and ~1.2 MP.
//   - Anthropic patches (Opus 4.7 on): ⌈w/28⌉·⌈h/28⌉ after fitting 2576 px
//     and 3.75 MP.
//   - Gemini 3: the flat price of the media_resolution level (high 1120).
//   - Gemini: 258 if both sides ≤ 384, else 258·⌈w/768⌉·⌈h/768⌉ (whole
//     768-px tiles covering the image; 1024×1024 → 4 tiles → 1032).
//   - Fixed: ImageBaseTokens whatever the size.
//   - Unknown: ⌈w/28⌉·⌈h/28⌉ after fitting, a rough figure.
func EstimateImageTokens(c Caps, w, h int, detail string) int {
	if w <= 0 || h <= 0 {
		return 0
	}
	w, h = FitSize(c, w, h)
	switch c.ImageTokens {
	case TokensOpenAITiles:
		base, tile := c.ImageBaseTokens, c.ImageTileTokens
		if base == 0 {
			base = openAIDefaultBase
		}
		if tile == 0 {
			tile = openAIDefaultTile
		}
		if detail == "low" {
			return base
		}
		return base + tile*ceilDiv(w, openAITileSide)*ceilDiv(h, openAITileSide)
	case TokensOpenAIPatches:
		f := c.PatchFactor
		if f <= 0 {
			f = 1
		}
		return int(math.Ceil(float64(patches(w, h))*f - 1e-9))
	case TokensAnthropic:
		return ceilDiv(w*h, anthropicPixPerTok)
	case TokensAnthropicPatches:
		return claudePatches(w, h)
	case TokensGeminiResolution:
		return c.ResolutionTokens[c.MediaResolution]
	case TokensGemini:
		if w <= geminiSmallSide && h <= geminiSmallSide {
			return geminiTileTokens
		}
		return geminiTileTokens * ceilDiv(w, geminiTileSide) * ceilDiv(h, geminiTileSide)
	case TokensFixed:
		return c.ImageBaseTokens
	}
	return ceilDiv(w, roughPatchSide) * ceilDiv(h, roughPatchSide)
}

// EstimateAudioTokens returns the input tokens d of audio costs on the
// model: d × AudioTokensPerSecond, rounded up (Gemini: 32 per second, so a
// 10 s voice note is 320). 0 when the model's rate is unknown.
func EstimateAudioTokens(c Caps, d time.Duration) int {
	if c.AudioTokensPerSecond <= 0 || d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Seconds()*c.AudioTokensPerSecond - 1e-9))
}
