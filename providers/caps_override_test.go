package providers

import (
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestCapsOverrideEveryField decodes every override key from TOML and
// checks that Apply sets each one.
func TestCapsOverrideEveryField(t *testing.T) {
	const doc = `
[models."local/gemma"]
images = true
image_formats = ["image/png", "image/webp"]
audio = true
audio_formats = ["audio/ogg"]
tools = true
image_tokens = "fixed"
image_base_tokens = 256
image_tile_tokens = 0
patch_factor = 1.62
`
	var cfg struct {
		Models map[string]CapsOverride `toml:"models"`
	}
	md, err := toml.Decode(doc, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) != 0 {
		t.Fatalf("keys not decoded: %v", u)
	}
	o := cfg.Models["local/gemma"]
	if key, err := o.Validate(); err != nil {
		t.Fatalf("Validate: %s: %v", key, err)
	}
	base := LookupCaps(ProtocolOpenAICompatible, "gemma")
	c := base.Apply(o)
	if !slices.Equal(c.ImageFormats, []string{"image/png", "image/webp"}) || !c.AcceptsImage("image/webp") || c.AcceptsImage("image/jpeg") {
		t.Errorf("image formats %v", c.ImageFormats)
	}
	if !slices.Equal(c.AudioFormats, []string{"audio/ogg"}) || !c.AcceptsAudio("audio/ogg") || c.AcceptsAudio("audio/wav") {
		t.Errorf("audio formats %v", c.AudioFormats)
	}
	if !c.Tools || c.ImageTokens != TokensFixed || c.ImageBaseTokens != 256 || c.PatchFactor != 1.62 {
		t.Errorf("applied %+v", c)
	}
	if got := EstimateImageTokens(c, 2000, 1000, ""); got != 256 {
		t.Errorf("a fixed-cost override estimates %d tokens, want 256", got)
	}
	o.ImageFormats[0] = "image/changed"
	if c.ImageFormats[0] != "image/png" {
		t.Error("the applied caps share the override's format list")
	}
	if base.Tools || base.ImageTokens == TokensFixed {
		t.Error("Apply changed its receiver")
	}
}

// TestCapsOverrideTokenMethods checks every config name round-trips and
// changes the estimate the way the method says.
func TestCapsOverrideTokenMethods(t *testing.T) {
	for _, name := range []string{"anthropic", "openai-tiles", "openai-patches", "gemini", "fixed", "unknown"} {
		m, err := ParseTokenMethod(name)
		if err != nil || m.String() != name {
			t.Errorf("ParseTokenMethod(%q) = %v (%s), %v", name, m, m, err)
		}
	}
	tiles := "openai-tiles"
	c := Caps{Images: true}.Apply(CapsOverride{ImageTokens: &tiles})
	if got := EstimateImageTokens(c, 1024, 1024, "high"); got != 765 {
		t.Errorf("openai-tiles override: 1024×1024 high = %d tokens, want 765", got)
	}
	patches, factor := "openai-patches", 2.0
	c = Caps{Images: true}.Apply(CapsOverride{ImageTokens: &patches})
	one := EstimateImageTokens(c, 1024, 1024, "")
	c = c.Apply(CapsOverride{PatchFactor: &factor})
	if two := EstimateImageTokens(c, 1024, 1024, ""); two != 2*one || one == 0 {
		t.Errorf("patch_factor 2 gives %d tokens, factor 1 %d; want double", two, one)
	}
}

func TestCapsOverrideValidate(t *testing.T) {
	str := func(s string) *string { return &s }
	neg, zero := -1, 0.0
	cases := []struct {
		o       CapsOverride
		key     string
		message string
	}{
		{CapsOverride{ImageFormats: []string{"png"}}, "image_formats", `"png" is not a MIME type`},
		{CapsOverride{ImageFormats: []string{"audio/wav"}}, "image_formats", "not an image type"},
		{CapsOverride{ImageFormats: []string{"image/png; q=1"}}, "image_formats", "not a MIME type"},
		{CapsOverride{ImageFormats: []string{}}, "image_formats", "is empty"},
		{CapsOverride{AudioFormats: []string{"image/png"}}, "audio_formats", "not an audio type"},
		{CapsOverride{AudioFormats: []string{"audio/"}}, "audio_formats", "not a MIME type"},
		{CapsOverride{ImageTokens: str("tiles")}, "image_tokens", "openai-tiles"},
		{CapsOverride{PatchFactor: &zero}, "patch_factor", "not a positive"},
		{CapsOverride{ImageBaseTokens: &neg}, "image_base_tokens", "negative"},
		{CapsOverride{MaxImageEdge: &neg}, "max_image_edge", "negative"},
	}
	for _, tc := range cases {
		key, err := tc.o.Validate()
		if err == nil || key != tc.key || !strings.Contains(err.Error(), tc.message) {
			t.Errorf("Validate(%+v) = %q, %v; want %q and %q", tc.o, key, err, tc.key, tc.message)
		}
	}
	ok := CapsOverride{ImageFormats: []string{"image/jpeg"}, AudioFormats: []string{"audio/mpeg"}, ImageTokens: str("gemini")}
	if key, err := ok.Validate(); err != nil {
		t.Errorf("a valid override: %s: %v", key, err)
	}
}
