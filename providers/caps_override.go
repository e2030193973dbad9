package providers

import (
	"fmt"
	"mime"
	"slices"
	"strings"
)

// CapsOverride is one model's entry in the config file; every field left nil
// keeps the built-in value. The TOML keys are those of the config:
//
//	[models."local/llava"]
//	images = true
//	max_image_edge = 1024
//	image_formats = ["image/png", "image/jpeg", "image/webp"]
//	image_tokens = "fixed"
//	image_base_tokens = 256
type CapsOverride struct {
	Images         *bool  `toml:"images"`
	Audio          *bool  `toml:"audio"`
	PDF            *bool  `toml:"pdf"`
	ImageOutput    *bool  `toml:"image_output"`
	Tools          *bool  `toml:"tools"`
	MaxImageEdge   *int   `toml:"max_image_edge"`
	MaxImagePixels *int   `toml:"max_image_pixels"`
	ContextWindow  *int   `toml:"context_window"`
	MaxImageBytes  *int64 `toml:"max_image_bytes"`
	// ImageFormats and AudioFormats replace the MIME type lists (nil keeps
	// the built-in one).
	ImageFormats []string `toml:"image_formats"`
	AudioFormats []string `toml:"audio_formats"`
	// ImageTokens names the token method: see ParseTokenMethod.
	ImageTokens *string  `toml:"image_tokens"`
	PatchFactor *float64 `toml:"patch_factor"`
	PatchBudget *int     `toml:"patch_budget"`
	// MediaResolution is the Gemini 3 level sent with each image: "low",
	// "medium", "high" or "ultra_high" (see MediaResolutions).
	MediaResolution *string `toml:"media_resolution"`
	ImageBaseTokens *int    `toml:"image_base_tokens"`
	ImageTileTokens *int    `toml:"image_tile_tokens"`
	// DocOverride holds the document and video keys (caps_docs.go).
	DocOverride
}

// MediaResolutions are the Gemini 3 media_resolution levels, lowest first,
// as the config spells them.
func MediaResolutions() []string { return []string{"low", "medium", "high", "ultra_high"} }

// tokenMethodNames are the config spellings of the token methods, in the
// order error messages list them.
func tokenMethodNames() []struct {
	name string
	m    TokenMethod
} {
	return []struct {
		name string
		m    TokenMethod
	}{
		{"anthropic", TokensAnthropic}, {"openai-tiles", TokensOpenAITiles},
		{"openai-patches", TokensOpenAIPatches}, {"gemini", TokensGemini},
		{"fixed", TokensFixed}, {"unknown", TokensUnknown},
		{"anthropic-patches", TokensAnthropicPatches}, {"gemini-media-resolution", TokensGeminiResolution},
	}
}

// ParseTokenMethod turns a config name ("anthropic", "openai-tiles",
// "openai-patches", "gemini", "fixed", "unknown") into a TokenMethod.
func ParseTokenMethod(name string) (TokenMethod, error) {
	var names []string
	for _, n := range tokenMethodNames() {
		if n.name == name {
			return n.m, nil
		}
		names = append(names, n.name)
	}
	return 0, fmt.Errorf("unknown token method %q (want %s)", name, strings.Join(names, ", "))
}

// String returns the config name of m.
func (m TokenMethod) String() string {
	for _, n := range tokenMethodNames() {
		if n.m == m {
			return n.name
		}
	}
	return fmt.Sprintf("TokenMethod(%d)", int(m))
}

// Validate checks what the TOML types cannot: MIME types of the right kind,
// a known token method and no negative sizes. key is the TOML key at
// fault, so the config can name it and its line.
func (o CapsOverride) Validate() (key string, err error) {
	if err := checkMIMEs(o.ImageFormats, "image"); err != nil {
		return "image_formats", err
	}
	if err := checkMIMEs(o.AudioFormats, "audio"); err != nil {
		return "audio_formats", err
	}
	if o.ImageTokens != nil {
		if _, err := ParseTokenMethod(*o.ImageTokens); err != nil {
			return "image_tokens", err
		}
	}
	if o.MediaResolution != nil && !slices.Contains(MediaResolutions(), *o.MediaResolution) {
		return "media_resolution", fmt.Errorf("%q is not one of %s", *o.MediaResolution,
			strings.Join(MediaResolutions(), ", "))
	}
	if o.PatchFactor != nil && !(*o.PatchFactor > 0) {
		return "patch_factor", fmt.Errorf("%v is not a positive number", *o.PatchFactor)
	}
	for _, f := range []struct {
		key string
		v   *int
	}{
		{"max_image_edge", o.MaxImageEdge}, {"max_image_pixels", o.MaxImagePixels},
		{"context_window", o.ContextWindow}, {"image_base_tokens", o.ImageBaseTokens},
		{"image_tile_tokens", o.ImageTileTokens}, {"patch_budget", o.PatchBudget},
	} {
		if f.v != nil && *f.v < 0 {
			return f.key, fmt.Errorf("%d is negative", *f.v)
		}
	}
	if o.MaxImageBytes != nil && *o.MaxImageBytes < 0 {
		return "max_image_bytes", fmt.Errorf("%d is negative", *o.MaxImageBytes)
	}
	return o.DocOverride.validate()
}

// checkMIMEs checks that every entry of a format list is a bare MIME type
// of the given top-level type, such as image/png.
func checkMIMEs(list []string, kind string) error {
	if list != nil && len(list) == 0 {
		return fmt.Errorf("is empty: list at least one %s/… MIME type, or set %s = false", kind, kind)
	}
	for _, s := range list {
		mt, params, err := mime.ParseMediaType(s)
		top, sub, _ := strings.Cut(mt, "/")
		switch {
		case err != nil || len(params) > 0 || mt != s || sub == "":
			return fmt.Errorf("%q is not a MIME type such as %s", s, example(kind))
		case top != kind:
			return fmt.Errorf("%q is not an %s type such as %s", s, kind, example(kind))
		}
	}
	return nil
}

// example is a sample MIME type of kind, for error messages.
func example(kind string) string {
	if kind == "audio" {
		return "audio/wav"
	}
	return "image/png"
}

// Apply returns c with the fields set in o replaced. Turning images or audio
// on for a model the table knows nothing about also gives it the formats
// every local server decodes (PNG and JPEG; WAV and MP3), since an empty
// format list would refuse every attachment. Apply cannot fail: an unknown
// image_tokens name is ignored here, as the config rejects it on load
// (Validate).
func (c Caps) Apply(o CapsOverride) Caps {
	c = c.Clone()
	if o.ImageFormats != nil {
		c.ImageFormats = append([]string(nil), o.ImageFormats...)
	}
	if o.AudioFormats != nil {
		c.AudioFormats = append([]string(nil), o.AudioFormats...)
	}
	if o.Images != nil {
		c.Images = *o.Images
		if c.Images && len(c.ImageFormats) == 0 {
			c.ImageFormats = []string{"image/png", "image/jpeg"}
		}
	}
	if o.Audio != nil {
		c.Audio = *o.Audio
		if c.Audio && len(c.AudioFormats) == 0 {
			c.AudioFormats = []string{"audio/wav", "audio/mpeg"}
		}
	}
	if o.ImageTokens != nil {
		if m, err := ParseTokenMethod(*o.ImageTokens); err == nil {
			c.ImageTokens = m
		}
	}
	setIf(&c.PDF, o.PDF)
	setIf(&c.ImageOutput, o.ImageOutput)
	setIf(&c.Tools, o.Tools)
	setIf(&c.MaxImageEdge, o.MaxImageEdge)
	setIf(&c.MaxImagePixels, o.MaxImagePixels)
	setIf(&c.ContextWindow, o.ContextWindow)
	setIf(&c.MaxImageBytes, o.MaxImageBytes)
	setIf(&c.PatchFactor, o.PatchFactor)
	setIf(&c.PatchBudget, o.PatchBudget)
	setIf(&c.MediaResolution, o.MediaResolution)
	setIf(&c.ImageBaseTokens, o.ImageBaseTokens)
	setIf(&c.ImageTileTokens, o.ImageTileTokens)
	return o.DocOverride.apply(c)
}

// setIf sets *dst to *v when the override v is set.
func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
