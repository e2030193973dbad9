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

// Per-image and per-request size limits from the providers' docs.
const (
	openAIMaxImageBytes    = 20 << 20
	anthropicMaxImageBytes = 5 << 20
	geminiMaxInlineBytes   = 20 << 20 // per request, inline data included
	// anthropicMaxPixels: Claude scales down images of more than ~1,600
	// tokens (1,600 × 750 px); its docs quote 1092×1092 as the largest
	// square kept as is, which this keeps.
	anthropicMaxPixels = 1_200_000
	// openAIPatchPixels is the 1536-patch cap of the patch models in pixels.
	openAIPatchPixels = 1536 * 32 * 32
)

// capsEntry maps a model ID, or the prefix of a family of IDs, to its caps.
type capsEntry struct {
	id   string
	caps Caps
}

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

// LookupCaps returns the built-in capabilities of model under protocol. The
// model is matched case-insensitively by exact ID, else by the longest
// table ID it starts with, so dated snapshots (gpt-4o-2024-08-06) and
// Ollama tags (llava:13b) find their family. Unknown models get the
// protocol's default:
//
//   - openai (api.openai.com): images as gpt-4o (every current OpenAI chat
//     model takes them), no audio, no PDF, context unknown.
//   - anthropic: images and PDFs as every current Claude, 200k context.
//   - gemini: images, audio and PDFs as every current Gemini, context unknown.
//   - ollama and openai-compatible: text only. Local models mostly cannot
//     see; sending one an image fails or, worse, is silently ignored. Config
//     overrides (CapsOverride) turn images on.
//
// For openai-compatible (and any unknown protocol) the ID is also tried
// without a vendor prefix ("openai/gpt-4o" → "gpt-4o") against every table,
// since such servers often front the other providers' models.
func LookupCaps(protocol, model string) Caps {
	m := strings.ToLower(strings.TrimSpace(model))
	switch protocol {
	case ProtocolOpenAI:
		return lookupOr(openAITable(), m, openAIDefault())
	case ProtocolAnthropic:
		return lookupOr(anthropicTable(), m, anthropicDefault())
	case ProtocolGemini:
		return lookupOr(geminiTable(), strings.TrimPrefix(m, "models/"), geminiDefault())
	case ProtocolOllama:
		if c, ok := lookup(ollamaTable(), m); ok {
			return c
		}
		return lookupOr(ollamaTable(), baseName(m), textOnly())
	}
	all := [][]capsEntry{openAITable(), anthropicTable(), geminiTable(), ollamaTable()}
	for _, id := range []string{m, baseName(m)} {
		for _, t := range all {
			if c, ok := lookup(t, id); ok {
				return c
			}
		}
	}
	return textOnly()
}

// baseName drops a vendor or namespace prefix: "openai/gpt-4o" → "gpt-4o".
func baseName(m string) string {
	return m[strings.LastIndex(m, "/")+1:]
}

func lookupOr(t []capsEntry, m string, def Caps) Caps {
	if c, ok := lookup(t, m); ok {
		return c
	}
	return def
}

// lookup finds m in t by exact ID, else by the longest ID m starts with.
func lookup(t []capsEntry, m string) (Caps, bool) {
	best := -1
	for i, e := range t {
		if e.id == m {
			return e.caps, true
		}
		if strings.HasPrefix(m, e.id) && (best < 0 || len(e.id) > len(t[best].id)) {
			best = i
		}
	}
	if best < 0 || m == "" {
		return Caps{}, false
	}
	return t[best].caps, true
}

func textOnly() Caps { return Caps{} }

// The tables are built on each call: there are no mutable package globals,
// and every caller gets slices of its own.

func openAIImageFormats() []string {
	return []string{"image/png", "image/jpeg", "image/webp", "image/gif"}
}

// openAITiles is a tile-priced OpenAI vision model.
func openAITiles(ctx, base, tile int) Caps {
	return Caps{
		Images: true, ImageFormats: openAIImageFormats(), MaxImageBytes: openAIMaxImageBytes,
		MaxImageEdge: 2048, ImageTokens: TokensOpenAITiles,
		ImageBaseTokens: base, ImageTileTokens: tile,
		PDF: true, Tools: true, ContextWindow: ctx,
		MaxPDFBytes: openAIMaxPDFBytes, MaxPDFPages: openAIMaxPDFPages,
	}
}

// openAIPatches is a patch-priced OpenAI vision model.
func openAIPatches(ctx int, factor float64) Caps {
	return Caps{
		Images: true, ImageFormats: openAIImageFormats(), MaxImageBytes: openAIMaxImageBytes,
		MaxImagePixels: openAIPatchPixels, ImageTokens: TokensOpenAIPatches, PatchFactor: factor,
		PDF: true, Tools: true, ContextWindow: ctx,
		MaxPDFBytes: openAIMaxPDFBytes, MaxPDFPages: openAIMaxPDFPages,
	}
}

// openAIAudio is an audio-in chat model (input_audio, wav or mp3; no images).
func openAIAudio(ctx int) Caps {
	return Caps{Audio: true, AudioFormats: []string{"audio/wav", "audio/mpeg"}, Tools: true, ContextWindow: ctx}
}

func openAIText(ctx int) Caps { return Caps{Tools: true, ContextWindow: ctx} }

func openAIDefault() Caps {
	c := openAITiles(0, 85, 170)
	c.PDF = false
	return c
}

func openAITable() []capsEntry {
	imageGen := openAITiles(0, 85, 170)
	imageGen.ImageOutput, imageGen.PDF, imageGen.Tools = true, false, false
	return []capsEntry{
		{"gpt-4o", openAITiles(128_000, 85, 170)},
		{"chatgpt-4o", openAITiles(128_000, 85, 170)},
		{"gpt-4o-mini", openAITiles(128_000, 2833, 5667)},
		{"gpt-4o-audio-preview", openAIAudio(128_000)},
		{"gpt-4o-mini-audio-preview", openAIAudio(128_000)},
		{"gpt-audio", openAIAudio(128_000)},
		{"gpt-audio-mini", openAIAudio(128_000)},
		{"gpt-4.1", openAITiles(1_047_576, 85, 170)},
		{"gpt-4.1-mini", openAIPatches(1_047_576, 1.62)},
		{"gpt-4.1-nano", openAIPatches(1_047_576, 2.46)},
		{"gpt-4.5", openAITiles(128_000, 85, 170)},
		{"gpt-4-turbo", openAITiles(128_000, 85, 170)},
		{"gpt-4", openAIText(8192)},
		{"gpt-3.5-turbo", openAIText(16_385)},
		{"gpt-5", openAITiles(400_000, 70, 140)},
		{"gpt-5-chat", openAITiles(128_000, 70, 140)},
		{"gpt-5-mini", openAIPatches(400_000, 1.62)},
		{"gpt-5-nano", openAIPatches(400_000, 2.46)},
		{"o1", openAITiles(200_000, 75, 150)},
		{"o1-mini", openAIText(128_000)},
		{"o3", openAITiles(200_000, 75, 150)},
		{"o3-mini", openAIText(200_000)},
		{"o4-mini", openAIPatches(200_000, 1.72)},
		{"gpt-image-1", imageGen},
		{"dall-e", Caps{ImageOutput: true}},
	}
}

// claude is every current Claude model: images (jpeg png gif webp, ≤ 5 MB,
// worked at ≤ 1568 px long edge and ~1.2 MP), PDFs, no audio.
func claude(ctx int) Caps {
	return Caps{
		Images: true, ImageFormats: []string{"image/jpeg", "image/png", "image/gif", "image/webp"},
		MaxImageBytes: anthropicMaxImageBytes, MaxImageEdge: 1568, MaxImagePixels: anthropicMaxPixels,
		ImageTokens: TokensAnthropic, PDF: true, Tools: true, ContextWindow: ctx,
		MaxPDFBytes: anthropicMaxPDFBytes, MaxPDFPages: anthropicMaxPDFPages,
	}
}

func anthropicDefault() Caps { return claude(200_000) }

func anthropicTable() []capsEntry {
	return []capsEntry{
		{"claude-opus-4", claude(200_000)},
		{"claude-sonnet-4", claude(200_000)},
		{"claude-haiku-4", claude(200_000)},
		{"claude-3-7-sonnet", claude(200_000)},
		{"claude-3-5-sonnet", claude(200_000)},
		{"claude-3-5-haiku", claude(200_000)},
		{"claude-3-haiku", claude(200_000)},
		{"claude-3-opus", claude(200_000)},
	}
}

// gemini is a Gemini model: images (png jpeg webp heic heif, inline ≤ 20 MB
// per request, scaled to ≤ 3072 px), audio, PDFs.
func gemini(ctx int, audio bool) Caps {
	c := Caps{
		Images: true, ImageFormats: []string{"image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"},
		MaxImageBytes: geminiMaxInlineBytes, MaxImageEdge: 3072, ImageTokens: TokensGemini,
		PDF: true, Tools: true, ContextWindow: ctx,
		MaxPDFBytes: geminiMaxInlineDocBytes, MaxPDFPages: geminiMaxPDFPages,
		Video: true, MaxVideoBytes: geminiMaxInlineDocBytes,
	}
	if audio {
		c.Audio = true
		// Gemini names MP3 audio/mp3; audio/mpeg is what sniffers report.
		c.AudioFormats = []string{"audio/wav", "audio/mp3", "audio/mpeg", "audio/aiff", "audio/aac", "audio/ogg", "audio/flac"}
	}
	return c
}

// geminiImage is a Gemini model that draws: text and image in, image out.
func geminiImage(ctx int) Caps {
	c := gemini(ctx, false)
	c.ImageOutput, c.PDF, c.Tools = true, false, false
	return c
}

func geminiDefault() Caps { return gemini(0, true) }

func geminiTable() []capsEntry {
	return []capsEntry{
		{"gemini-3-pro", gemini(1_048_576, true)},
		{"gemini-3-flash", gemini(1_048_576, true)},
		{"gemini-3-pro-image", geminiImage(65_536)},
		{"gemini-2.5-pro", gemini(1_048_576, true)},
		{"gemini-2.5-flash", gemini(1_048_576, true)},
		{"gemini-2.5-flash-lite", gemini(1_048_576, true)},
		{"gemini-2.5-flash-image", geminiImage(32_768)},
		{"gemini-2.0-flash", gemini(1_048_576, true)},
		{"gemini-2.0-flash-lite", gemini(1_048_576, true)},
		{"gemini-2.0-flash-preview-image-generation", geminiImage(32_768)},
		{"gemini-2.0-flash-exp-image-generation", geminiImage(32_768)},
		{"gemini-1.5-pro", gemini(2_097_152, true)},
		{"gemini-1.5-flash", gemini(1_048_576, true)},
	}
}

// ollamaVision is a local vision model. Ollama decodes jpeg png webp bmp
// tiff; edge and pixel limits are each model's own input resolution, so
// bigger images only cost upload and decode time.
func ollamaVision(ctx, edge, pixels int) Caps {
	return Caps{
		Images: true, ImageFormats: []string{"image/jpeg", "image/png", "image/webp", "image/bmp", "image/tiff"},
		MaxImageEdge: edge, MaxImagePixels: pixels, ContextWindow: ctx,
	}
}

func ollamaText(ctx int) Caps { return Caps{ContextWindow: ctx} }

// ollamaTable lists model families by their native context length; the
// server may run them with a smaller num_ctx.
func ollamaTable() []capsEntry {
	gemma3 := ollamaVision(131_072, 896, 0)
	gemma3.ImageTokens, gemma3.ImageBaseTokens = TokensFixed, 256 // 896² → 256 soft tokens
	return []capsEntry{
		{"llava", ollamaVision(4096, 1344, 672*672)}, // LLaVA 1.6: 672² or 336×1344 grids
		{"bakllava", ollamaVision(4096, 1344, 672*672)},
		{"llama3.2-vision", ollamaVision(131_072, 1120, 1120*1120)}, // up to 4 tiles of 560²
		{"gemma3", gemma3},
		{"gemma3:270m", ollamaText(32_768)},
		{"gemma3:1b", ollamaText(32_768)},
		{"gemma3n", ollamaText(32_768)},
		{"qwen2.5vl", ollamaVision(128_000, 0, 28*28*1280)}, // Ollama's max_pixels
		{"qwen3-vl", ollamaVision(262_144, 0, 28*28*1280)},
		{"minicpm-v", ollamaVision(32_768, 1344, 1344*1344)},
		{"moondream", ollamaVision(2048, 378, 0)},
		{"granite3.2-vision", ollamaVision(16_384, 0, 0)},
		{"mistral-small3.1", ollamaVision(131_072, 1540, 0)},
		{"mistral-small3.2", ollamaVision(131_072, 1540, 0)},
		{"llama4", ollamaVision(1_048_576, 0, 0)},
		{"llama3", ollamaText(8192)},
		{"llama3.1", ollamaText(131_072)},
		{"llama3.2", ollamaText(131_072)},
		{"llama3.3", ollamaText(131_072)},
		{"llama2", ollamaText(4096)},
		{"mistral", ollamaText(32_768)},
		{"mistral-nemo", ollamaText(131_072)},
		{"mixtral", ollamaText(32_768)},
		{"qwen2.5", ollamaText(32_768)},
		{"qwen3", ollamaText(40_960)},
		{"phi3", ollamaText(131_072)},
		{"phi4", ollamaText(16_384)},
		{"deepseek-r1", ollamaText(131_072)},
		{"gemma2", ollamaText(8192)},
	}
}
