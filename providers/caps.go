package providers

import (
	"maps"
	"slices"
)

// TokenMethod says how a model counts the tokens of an image.
type TokenMethod int

// The image token methods of the providers (see PROVIDERS.md and
// EstimateImageTokens).
const (
	TokensUnknown       TokenMethod = iota // no published method: a rough estimate
	TokensAnthropic                        // w·h/750 after fitting
	TokensOpenAITiles                      // 85 + 170 per 512-px tile after fitting 2048² and short side 768
	TokensOpenAIPatches                    // ⌈w/32⌉·⌈h/32⌉ capped at 1536, times a model factor
	TokensGemini                           // 258 if both sides ≤ 384, else 258 per 768-px tile
	TokensFixed                            // every image costs ImageBaseTokens (e.g. Gemma 3: 256)
	// TokensAnthropicPatches is ⌈w/28⌉·⌈h/28⌉ after fitting: Claude Opus
	// 4.7 and later see 28-px patches (the image is padded to whole ones).
	TokensAnthropicPatches
	// TokensGeminiResolution is the flat price of the image's Gemini 3
	// media_resolution level (low 280, medium 560, high 1120, ultra high
	// 2240), whatever its size.
	TokensGeminiResolution
)

// Caps is what one model can take and give.
type Caps struct {
	Images        bool     // accepts image input
	ImageFormats  []string // MIME types accepted, e.g. image/png
	MaxImageBytes int64    // per image, after encoding; 0 = no limit known
	// ImageBytesBase64 says MaxImageBytes limits the base64 text the
	// provider receives (Anthropic), not the raw bytes: see RawImageBytes.
	ImageBytesBase64 bool
	// ManyImagesOver and ManyImagesEdge: a request with more than
	// ManyImagesOver images must keep each within ManyImagesEdge ×
	// ManyImagesEdge (Claude: 20 and 2000). 0 = no such rule.
	ManyImagesOver int
	ManyImagesEdge int
	MaxImageEdge   int         // long edge in pixels the model works at; 0 = none
	MaxImagePixels int         // total pixels the model works at; 0 = none
	ImageTokens    TokenMethod // how image tokens are counted
	PatchFactor    float64     // TokensOpenAIPatches multiplier
	// PatchBudget caps the patches of an image: TokensOpenAIPatches (0 =
	// 1536) and TokensAnthropicPatches (0 = no cap beyond the size limits).
	PatchBudget int
	// MediaResolution is the Gemini 3 level sent with every image ("low",
	// "medium", "high", "ultra_high"; "" sends none and lets the server
	// choose), and ResolutionTokens the price of each level.
	MediaResolution  string
	ResolutionTokens map[string]int
	// ImageBaseTokens and ImageTileTokens are the OpenAI tile prices, which
	// differ per model (gpt-4o 85 + 170 per tile, gpt-4o-mini 2833 + 5667,
	// o3 75 + 150, gpt-5 70 + 140); 0 means gpt-4o's. For TokensFixed,
	// ImageBaseTokens is the cost of every image.
	ImageBaseTokens int
	ImageTileTokens int
	Audio           bool     // accepts audio input
	AudioFormats    []string // MIME types accepted
	// AudioTokensPerSecond prices audio input (Gemini: 32); 0 = unknown.
	AudioTokensPerSecond float64
	// AudioHearsRate and AudioHearsMono are what the model reduces audio
	// to on its side (Gemini: 16 kHz mono), so audio parley must convert
	// anyway is converted to that and no more; 0/false keep the source's.
	AudioHearsRate int
	AudioHearsMono bool
	PDF            bool // accepts PDF documents
	ImageOutput    bool // can produce images
	Tools          bool // supports function calling
	ContextWindow  int  // tokens; 0 = unknown
	// Family names the built-in table entry these caps came from ("" for
	// caps made by hand), so displays can point at its source.
	Family string

	// MaxPDFBytes and MaxPDFPages bound one native PDF (raw bytes, page
	// count; 0 = no limit known): past them a PDF is cut to a page range
	// or refused (see session). The table gives the request limit, which
	// carries the PDF as base64: the raw limit is that less a third and
	// some room for the rest of the conversation (RawPDFBytes). Video is
	// native video input, inline within MaxVideoBytes (raw bytes; 0 = no
	// limit known).
	MaxPDFBytes   int64
	MaxPDFPages   int
	Video         bool
	MaxVideoBytes int64
}

// Clone returns a copy of c that shares no slices with it, so callers may
// edit the format lists of a looked-up Caps without touching the table.
func (c Caps) Clone() Caps {
	c.ImageFormats = slices.Clone(c.ImageFormats)
	c.AudioFormats = slices.Clone(c.AudioFormats)
	c.ResolutionTokens = maps.Clone(c.ResolutionTokens)
	return c
}

// RawImageBytes is the largest raw (decoded) image the model takes: the
// byte limit itself, or for a limit on the base64 text the largest input
// whose encoding fits (4 characters per 3 bytes: 5 MB of base64 is
// 3,932,160 raw bytes). 0 means no limit is known.
func (c Caps) RawImageBytes() int64 {
	if c.MaxImageBytes <= 0 || !c.ImageBytesBase64 {
		return c.MaxImageBytes
	}
	return c.MaxImageBytes / 4 * 3
}

// ForImageCount returns c as it applies to a request carrying n images:
// past ManyImagesOver, the long edge is held to ManyImagesEdge (every side
// of an image is then within ManyImagesEdge²).
func (c Caps) ForImageCount(n int) Caps {
	if c.ManyImagesOver <= 0 || n <= c.ManyImagesOver || c.ManyImagesEdge <= 0 {
		return c
	}
	if c.MaxImageEdge == 0 || c.MaxImageEdge > c.ManyImagesEdge {
		c.MaxImageEdge = c.ManyImagesEdge
	}
	return c
}

// AcceptsImage reports whether the model takes images of the given MIME type.
func (c Caps) AcceptsImage(mime string) bool {
	return c.Images && slices.Contains(c.ImageFormats, mime)
}

// AcceptsAudio reports whether the model takes audio of the given MIME type.
func (c Caps) AcceptsAudio(mime string) bool {
	return c.Audio && slices.Contains(c.AudioFormats, mime)
}
