package providers

import "slices"

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
)

// Caps is what one model can take and give.
type Caps struct {
	Images         bool        // accepts image input
	ImageFormats   []string    // MIME types accepted, e.g. image/png
	MaxImageBytes  int64       // per image, after encoding; 0 = no limit known
	MaxImageEdge   int         // long edge in pixels the model works at; 0 = none
	MaxImagePixels int         // total pixels the model works at; 0 = none
	ImageTokens    TokenMethod // how image tokens are counted
	PatchFactor    float64     // TokensOpenAIPatches multiplier
	// ImageBaseTokens and ImageTileTokens are the OpenAI tile prices, which
	// differ per model (gpt-4o 85 + 170 per tile, gpt-4o-mini 2833 + 5667,
	// o3 75 + 150, gpt-5 70 + 140); 0 means gpt-4o's. For TokensFixed,
	// ImageBaseTokens is the cost of every image.
	ImageBaseTokens int
	ImageTileTokens int
	Audio           bool     // accepts audio input
	AudioFormats    []string // MIME types accepted
	PDF             bool     // accepts PDF documents
	ImageOutput     bool     // can produce images
	Tools           bool     // supports function calling
	ContextWindow   int      // tokens; 0 = unknown

	// MaxPDFBytes and MaxPDFPages bound one native PDF (raw bytes, page
	// count; 0 = no limit known): past them a PDF is cut to a page range
	// or refused (see session). Video is native video input, inline
	// within MaxVideoBytes (raw bytes; 0 = no limit known).
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
