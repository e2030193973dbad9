package providers

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// capsTOML is the built-in capability table (caps.toml), compiled into the
// binary so that parley works offline and every number carries its source.
//
//go:embed caps.toml
var capsTOML string

// capsFamily is one [[family]] of caps.toml.
type capsFamily struct {
	Protocol      string         `toml:"protocol"`
	Name          string         `toml:"name"`
	IDs           []string       `toml:"ids"`
	Default       bool           `toml:"default"`
	ContextWindow int            `toml:"context_window"`
	ContextByID   map[string]int `toml:"context_by_id"`
	Tools         bool           `toml:"tools"`
	PDF           bool           `toml:"pdf"`
	ImageOutput   bool           `toml:"image_output"`
	Video         bool           `toml:"video"`
	MaxVideoBytes int64          `toml:"max_video_bytes"`
	Source        string         `toml:"source"`
	Checked       string         `toml:"checked"`
	Image         *familyImage   `toml:"image"`
	Audio         *familyAudio   `toml:"audio"`
	PDFLimits     *familyPDF     `toml:"pdf_limits"`
}

// familyImage is a family's [family.image] table.
type familyImage struct {
	Formats          []string       `toml:"formats"`
	MaxBytes         int64          `toml:"max_bytes"`
	BytesCounted     string         `toml:"bytes_counted"`
	LongEdge         int            `toml:"long_edge"`
	MaxPixels        int            `toml:"max_pixels"`
	HardEdge         int            `toml:"hard_edge"`
	ManyOver         int            `toml:"many_over"`
	ManyEdge         int            `toml:"many_edge"`
	Tokens           string         `toml:"tokens"`
	Base             int            `toml:"base"`
	Tile             int            `toml:"tile"`
	PatchFactor      float64        `toml:"patch_factor"`
	PatchBudget      int            `toml:"patch_budget"`
	Resolution       string         `toml:"resolution"`
	ResolutionTokens map[string]int `toml:"resolution_tokens"`
	Fixed            int            `toml:"fixed"`
}

// familyAudio is a family's [family.audio] table.
type familyAudio struct {
	Formats         []string `toml:"formats"`
	TokensPerSecond float64  `toml:"tokens_per_second"`
	HearsRate       int      `toml:"hears_rate"`
	HearsMono       bool     `toml:"hears_mono"`
}

// familyPDF is a family's [family.pdf_limits] table.
type familyPDF struct {
	MaxPages        int   `toml:"max_pages"`
	MaxRequestBytes int64 `toml:"max_request_bytes"`
}

// RawPDFBytes is the largest raw PDF that fits a request limit of
// requestBytes: the request carries it as base64 (4/3 larger) and keeps a
// sixteenth for the rest of the conversation.
func RawPDFBytes(requestBytes int64) int64 { return requestBytes * 3 / 4 * 15 / 16 }

// capsData is caps.toml parsed: the families in file order.
type capsData struct {
	Family []capsFamily `toml:"family"`
}

// capsTable is the parsed table, built once on first use. It is read-only
// after that: lookups hand out clones (Caps.Clone).
var capsTable = sync.OnceValue(func() []capsFamily {
	fams, err := parseCapsData(capsTOML)
	if err != nil {
		// caps.toml is compiled in and checked by the tests: a broken one
		// is a build defect, not bad user input.
		panic("providers: built-in caps.toml: " + err.Error())
	}
	return fams
})

// parseCapsData decodes and validates a capability table.
func parseCapsData(doc string) ([]capsFamily, error) {
	var d capsData
	md, err := toml.Decode(doc, &d)
	if err != nil {
		return nil, err
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, fmt.Errorf("unknown keys %v", u)
	}
	out := make([]capsFamily, 0, len(d.Family))
	for i, f := range d.Family {
		if err := f.validate(); err != nil {
			return nil, fmt.Errorf("family %d (%s): %w", i+1, f.Name, err)
		}
		for j, id := range f.IDs {
			f.IDs[j] = strings.ToLower(id)
		}
		out = append(out, f)
	}
	return out, nil
}

// validate checks what TOML types cannot.
func (f *capsFamily) validate() error {
	switch f.Protocol {
	case ProtocolOpenAI, ProtocolAnthropic, ProtocolGemini, ProtocolOllama:
	default:
		return fmt.Errorf("unknown protocol %q", f.Protocol)
	}
	if f.Name == "" || (len(f.IDs) == 0 && !f.Default) {
		return fmt.Errorf("needs a name and ids (or default = true)")
	}
	if !strings.HasPrefix(f.Source, "https://") {
		return fmt.Errorf("source %q is not an https URL", f.Source)
	}
	if _, err := time.Parse(time.DateOnly, f.Checked); err != nil {
		return fmt.Errorf("checked %q is not a date (YYYY-MM-DD)", f.Checked)
	}
	if im := f.Image; im != nil {
		if len(im.Formats) == 0 {
			return fmt.Errorf("image: no formats")
		}
		if im.BytesCounted != "" && im.BytesCounted != "raw" && im.BytesCounted != "base64" {
			return fmt.Errorf("image: bytes_counted %q (want raw or base64)", im.BytesCounted)
		}
		if im.Tokens != "" {
			if _, err := ParseTokenMethod(im.Tokens); err != nil {
				return fmt.Errorf("image: %w", err)
			}
		}
		if im.Resolution != "" && im.ResolutionTokens[im.Resolution] == 0 {
			return fmt.Errorf("image: resolution %q has no resolution_tokens", im.Resolution)
		}
	}
	if f.PDFLimits != nil && !f.PDF {
		return fmt.Errorf("pdf_limits without pdf = true")
	}
	if f.Audio != nil && len(f.Audio.Formats) == 0 {
		return fmt.Errorf("audio: no formats")
	}
	return nil
}

// caps turns the family into the Caps of one of its IDs ("" for the
// protocol default).
func (f *capsFamily) caps(id string) Caps {
	c := Caps{Tools: f.Tools, PDF: f.PDF, ImageOutput: f.ImageOutput, ContextWindow: f.ContextWindow, Family: f.Name}
	if n, ok := f.ContextByID[id]; ok {
		c.ContextWindow = n
	}
	if p := f.PDFLimits; p != nil {
		c.MaxPDFPages, c.MaxPDFBytes = p.MaxPages, RawPDFBytes(p.MaxRequestBytes)
	}
	if f.MaxVideoBytes > 0 || f.Video {
		c.Video, c.MaxVideoBytes = true, f.MaxVideoBytes
	}
	if a := f.Audio; a != nil {
		c.Audio, c.AudioFormats, c.AudioTokensPerSecond = true, a.Formats, a.TokensPerSecond
		c.AudioHearsRate, c.AudioHearsMono = a.HearsRate, a.HearsMono
	}
	if im := f.Image; im != nil {
		c.Images, c.ImageFormats = true, im.Formats
		c.MaxImageBytes, c.ImageBytesBase64 = im.MaxBytes, im.BytesCounted == "base64"
		c.MaxImageEdge, c.MaxImagePixels = im.LongEdge, im.MaxPixels
		c.ManyImagesOver, c.ManyImagesEdge = im.ManyOver, im.ManyEdge
		c.ImageTokens, _ = ParseTokenMethod(im.Tokens)
		c.ImageBaseTokens, c.ImageTileTokens = im.Base, im.Tile
		c.PatchFactor, c.PatchBudget = im.PatchFactor, im.PatchBudget
		c.MediaResolution, c.ResolutionTokens = im.Resolution, im.ResolutionTokens
		if c.ImageTokens == TokensFixed {
			c.ImageBaseTokens = im.Fixed
		}
		if im.Tokens == "" {
			c.ImageTokens = TokensUnknown
		}
	}
	return c.Clone()
}
