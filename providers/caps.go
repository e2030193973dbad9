package providers

// TokenMethod says how a model counts the tokens of an image.
type TokenMethod int

// The image token methods of the providers (see PROVIDERS.md).
const (
	TokensUnknown       TokenMethod = iota // no published method: a rough estimate
	TokensAnthropic                        // w·h/750 after fitting
	TokensOpenAITiles                      // 85 + 170 per 512-px tile after fitting 2048² and short side 768
	TokensOpenAIPatches                    // ⌈w/32⌉·⌈h/32⌉ capped at 1536, times a model factor
	TokensGemini                           // 258 if both sides ≤ 384, else 258 per 768-px tile
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
	Audio          bool        // accepts audio input
	AudioFormats   []string    // MIME types accepted
	PDF            bool        // accepts PDF documents
	ImageOutput    bool        // can produce images
	Tools          bool        // supports function calling
	ContextWindow  int         // tokens; 0 = unknown
}
