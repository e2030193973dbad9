package config

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"parley/providers"
)

// DefaultTranscriptionProvider is the provider voice notes are transcribed
// with when [transcription] names none.
const DefaultTranscriptionProvider = "openai"

// DefaultImageProvider is the provider `parley image` and /image use when
// [images] names none.
const DefaultImageProvider = "openai"

// maxImageRows bounds image_max_rows: taller than any real terminal is a
// typo, not a wish.
const maxImageRows = 500

// imageProtocols are the values image_protocol takes. They are spelled out
// here rather than taken from ui/graphics because session must not import
// ui; graphics.ParseProtocol accepts exactly these.
var imageProtocols = []string{"auto", "kitty", "sixel", "iterm2", "blocks", "none"}

// imageSize is "WIDTHxHEIGHT" as the OpenAI Images API spells sizes.
var imageSize = regexp.MustCompile(`^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$`)

// validateMedia checks the image, audio, transcription and image generation
// keys, naming the key and its line.
func (c *Config) validateMedia(bad func(key []string, format string, args ...any) error) error {
	if p := strings.ToLower(c.ImageProtocol); p != "" && !slices.Contains(imageProtocols, p) {
		return bad([]string{"image_protocol"}, "%q is not one of %s", show(c.ImageProtocol), strings.Join(imageProtocols, ", "))
	}
	if c.ImageMaxRows < 0 || c.ImageMaxRows > maxImageRows {
		return bad([]string{"image_max_rows"}, "%d is not between 0 (the default, 20) and %d", c.ImageMaxRows, maxImageRows)
	}
	if c.Audio.MaxRecord != "" {
		d, err := time.ParseDuration(c.Audio.MaxRecord)
		if err != nil || d <= 0 {
			return bad([]string{"audio", "max_record"}, "%q is not a positive duration such as \"5m\"", show(c.Audio.MaxRecord))
		}
	}
	if p := c.Transcription.Provider; p != "" && !c.known(p) {
		return bad([]string{"transcription", "provider"}, "unknown provider %q (add [providers.%s])", show(p), showKey(p))
	}
	if p := c.Images.Provider; p != "" && !c.known(p) {
		return bad([]string{"images", "provider"}, "unknown provider %q (add [providers.%s])", show(p), showKey(p))
	}
	if s := c.Images.Size; s != "" && s != "auto" && !imageSize.MatchString(s) {
		return bad([]string{"images", "size"}, "%q is not WIDTHxHEIGHT (such as \"1024x1024\") or \"auto\"", show(s))
	}
	return nil
}

// MaxRecord is audio.max_record, or 0 when the config leaves it to the
// recorder's default (10 minutes). Load has checked that it parses.
func (c *Config) MaxRecord() time.Duration {
	d, err := time.ParseDuration(c.Audio.MaxRecord)
	if err != nil {
		return 0
	}
	return d
}

// Transcriber returns the settings and model of the transcription service
// ([transcription]; provider "openai" when unset, model "" for the
// service's default). The error says exactly what to set when that
// provider has no key; callers then send voice notes only to models that
// take audio.
func (c *Config) Transcriber() (s providers.Settings, model string, err error) {
	name := cmp.Or(c.Transcription.Provider, DefaultTranscriptionProvider)
	s, err = c.Settings(name)
	if err != nil {
		return providers.Settings{}, "", fmt.Errorf("transcription: %w", err)
	}
	return s, c.Transcription.Model, nil
}

// ImageModel is the image generation backend chosen for a run.
type ImageModel struct {
	Provider string // configured provider name
	Model    string // "" = the backend's default model
	Size     string // "" = the model's default size
}

// ConfiguredImages returns the [images] backend when the config names a
// provider or model for it (the provider defaults to openai), and false
// otherwise: only a configured backend is offered to chat models that
// cannot draw.
func (c *Config) ConfiguredImages() (ImageModel, bool) {
	if c.Images.Provider == "" && c.Images.Model == "" {
		return ImageModel{}, false
	}
	return ImageModel{Provider: cmp.Or(c.Images.Provider, DefaultImageProvider),
		Model: c.Images.Model, Size: c.Images.Size}, true
}

// ResolveImageModel chooses the image backend: -m PROVIDER/MODEL, or -m
// MODEL for --provider, else [images].provider, else openai; without -m,
// [images].model (or the backend's default). Like ResolveModel it
// remembers the choice, so the --base-url override (c.BaseURL) applies to
// that provider; call it only when no chat model is resolved in the same
// run (`parley image`).
func (c *Config) ResolveImageModel(flagModel, flagProvider string) (ImageModel, error) {
	if flagProvider != "" && !c.known(flagProvider) {
		return ImageModel{}, fmt.Errorf("unknown provider %q: add [providers.%s] to %s", show(flagProvider), showKey(flagProvider), c.Path)
	}
	b := ImageModel{Provider: cmp.Or(flagProvider, c.Images.Provider), Model: c.Images.Model, Size: c.Images.Size}
	if flagProvider != "" && flagProvider != c.Images.Provider {
		b.Model = "" // [images].model belongs to another provider
	}
	if flagModel != "" {
		prov, model := c.splitModel(flagModel)
		if prov != "" && flagProvider != "" && prov != flagProvider {
			return ImageModel{}, fmt.Errorf("-m %s names provider %s but --provider says %s", show(flagModel), show(prov), show(flagProvider))
		}
		b.Provider, b.Model = cmp.Or(prov, b.Provider), model
	}
	b.Provider = cmp.Or(b.Provider, DefaultImageProvider)
	if !c.known(b.Provider) {
		return ImageModel{}, fmt.Errorf("unknown provider %q: add [providers.%s] to %s", show(b.Provider), showKey(b.Provider), c.Path)
	}
	c.chosen = b.Provider
	return b, nil
}
