package providers

import (
	"slices"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestLookupCapsExactAndPrefix(t *testing.T) {
	cases := []struct {
		protocol, model string
		images, audio   bool
		imageOut        bool
		method          TokenMethod
		ctx             int
	}{
		{ProtocolOpenAI, "gpt-4o", true, false, false, TokensOpenAITiles, 128_000},
		{ProtocolOpenAI, "gpt-4o-2024-08-06", true, false, false, TokensOpenAITiles, 128_000},
		{ProtocolOpenAI, "GPT-4o-Mini", true, false, false, TokensOpenAITiles, 128_000},
		{ProtocolOpenAI, "gpt-4o-audio-preview-2025-06-03", false, true, false, TokensUnknown, 128_000},
		{ProtocolOpenAI, "gpt-audio-mini", false, true, false, TokensUnknown, 128_000},
		{ProtocolOpenAI, "gpt-4.1-mini-2025-04-14", true, false, false, TokensOpenAIPatches, 1_047_576},
		{ProtocolOpenAI, "gpt-4.1", true, false, false, TokensOpenAITiles, 1_047_576},
		{ProtocolOpenAI, "gpt-5-nano", true, false, false, TokensOpenAIPatches, 400_000},
		{ProtocolOpenAI, "gpt-5.1", true, false, false, TokensOpenAITiles, 400_000},
		{ProtocolOpenAI, "o3-mini", false, false, false, TokensUnknown, 200_000},
		{ProtocolOpenAI, "o3", true, false, false, TokensOpenAITiles, 200_000},
		{ProtocolOpenAI, "o4-mini", true, false, false, TokensOpenAIPatches, 200_000},
		{ProtocolOpenAI, "gpt-image-1", true, false, true, TokensOpenAITiles, 0},
		{ProtocolAnthropic, "claude-sonnet-4-5-20250929", true, false, false, TokensAnthropic, 200_000},
		{ProtocolAnthropic, "claude-3-5-haiku-latest", true, false, false, TokensAnthropic, 200_000},
		{ProtocolGemini, "gemini-2.5-flash", true, true, false, TokensGemini, 1_048_576},
		{ProtocolGemini, "models/gemini-2.5-flash-lite", true, true, false, TokensGemini, 1_048_576},
		{ProtocolGemini, "gemini-2.5-flash-image-preview", true, false, true, TokensGemini, 32_768},
		{ProtocolOllama, "llava:13b", true, false, false, TokensUnknown, 4096},
		{ProtocolOllama, "llama3.2-vision:11b", true, false, false, TokensUnknown, 131_072},
		{ProtocolOllama, "llama3.2:3b", false, false, false, TokensUnknown, 131_072},
		{ProtocolOllama, "gemma3:4b", true, false, false, TokensFixed, 131_072},
		{ProtocolOllama, "gemma3:1b", false, false, false, TokensUnknown, 32_768},
		{ProtocolOllama, "qwen2.5vl:7b", true, false, false, TokensUnknown, 128_000},
		{ProtocolOllama, "qwen2.5-coder:7b", false, false, false, TokensUnknown, 32_768},
		{ProtocolOllama, "mistral:latest", false, false, false, TokensUnknown, 32_768},
		{ProtocolOllama, "minicpm-v", true, false, false, TokensUnknown, 32_768},
		{ProtocolOllama, "library/llava:7b", true, false, false, TokensUnknown, 4096},
	}
	for _, tc := range cases {
		c := LookupCaps(tc.protocol, tc.model)
		if c.Images != tc.images || c.Audio != tc.audio || c.ImageOutput != tc.imageOut ||
			c.ImageTokens != tc.method || c.ContextWindow != tc.ctx {
			t.Errorf("%s %s: got images=%v audio=%v imageOut=%v method=%v ctx=%d", tc.protocol, tc.model,
				c.Images, c.Audio, c.ImageOutput, c.ImageTokens, c.ContextWindow)
		}
		if c.Images && len(c.ImageFormats) == 0 {
			t.Errorf("%s %s: images without formats", tc.protocol, tc.model)
		}
		if c.Audio && len(c.AudioFormats) == 0 {
			t.Errorf("%s %s: audio without formats", tc.protocol, tc.model)
		}
	}
}

func TestLookupCapsProviderLimits(t *testing.T) {
	a := LookupCaps(ProtocolAnthropic, "claude-opus-4-1")
	if a.MaxImageBytes != 5<<20 || a.MaxImageEdge != 1568 || !a.PDF || a.Audio {
		t.Errorf("claude: %+v", a)
	}
	for _, f := range []string{"image/jpeg", "image/png", "image/gif", "image/webp"} {
		if !a.AcceptsImage(f) {
			t.Errorf("claude refuses %s", f)
		}
	}
	if a.AcceptsImage("image/heic") {
		t.Error("claude accepts heic")
	}
	g := LookupCaps(ProtocolGemini, "gemini-2.5-pro")
	if !g.AcceptsImage("image/heif") || !g.AcceptsAudio("audio/flac") || !g.AcceptsAudio("audio/aiff") || g.MaxImageBytes != 20<<20 {
		t.Errorf("gemini: %+v", g)
	}
	o := LookupCaps(ProtocolOpenAI, "gpt-4o-mini")
	if o.ImageBaseTokens != 2833 || o.ImageTileTokens != 5667 {
		t.Errorf("gpt-4o-mini tile prices: %d %d", o.ImageBaseTokens, o.ImageTileTokens)
	}
	if !LookupCaps(ProtocolOpenAI, "gpt-4o-audio-preview").AcceptsAudio("audio/wav") {
		t.Error("gpt-4o-audio-preview refuses wav")
	}
	if LookupCaps(ProtocolOllama, "llava").AcceptsImage("image/gif") {
		t.Error("ollama accepts gif")
	}
}

func TestLookupCapsUnknownDefaults(t *testing.T) {
	o := LookupCaps(ProtocolOpenAI, "gpt-9-turbo-experimental")
	if !o.Images || o.ImageTokens != TokensOpenAITiles || o.Audio || o.PDF || o.ContextWindow != 0 {
		t.Errorf("unknown OpenAI model: %+v", o)
	}
	if c := LookupCaps(ProtocolAnthropic, "claude-next"); !c.Images || c.ContextWindow != 200_000 {
		t.Errorf("unknown Claude: %+v", c)
	}
	if c := LookupCaps(ProtocolGemini, "gemini-9-ultra"); !c.Images || !c.Audio {
		t.Errorf("unknown Gemini: %+v", c)
	}
	for _, p := range []string{ProtocolOllama, ProtocolOpenAICompatible, "weird"} {
		c := LookupCaps(p, "my-finetune-q4")
		if c.Images || c.Audio || c.PDF || c.ImageOutput {
			t.Errorf("%s unknown model should be text only: %+v", p, c)
		}
	}
	if c := LookupCaps(ProtocolOllama, ""); c.Images {
		t.Errorf("empty model: %+v", c)
	}
}

func TestCapsForBaseURL(t *testing.T) {
	if c := CapsFor("openai", "", "some-new-model"); !c.Images {
		t.Error("real OpenAI unknown model should take images")
	}
	if c := CapsFor("openai", "https://api.openai.com/v1", "some-new-model"); !c.Images {
		t.Error("api.openai.com unknown model should take images")
	}
	if c := CapsFor("openai", "http://localhost:8080/v1", "some-new-model"); c.Images {
		t.Error("local OpenAI-compatible unknown model should be text only")
	}
	// Compatible servers fronting known models, with or without a vendor prefix.
	if c := CapsFor("openai", "https://openrouter.ai/api/v1", "openai/gpt-4o"); c.ImageTokens != TokensOpenAITiles {
		t.Errorf("openrouter gpt-4o: %+v", c)
	}
	if c := CapsFor("openai", "https://openrouter.ai/api/v1", "anthropic/claude-sonnet-4"); c.ImageTokens != TokensAnthropic {
		t.Errorf("openrouter claude: %+v", c)
	}
	if c := CapsFor("openai", "http://127.0.0.1:8080/v1", "llava-v1.6-mistral-7b.Q4_K_M.gguf"); !c.Images {
		t.Error("llama.cpp llava should take images")
	}
	if c := CapsFor("gemini", "http://127.0.0.1:1", "gemini-2.0-flash"); !c.Audio {
		t.Error("base URL must not change non-OpenAI lookups")
	}
}

func TestLookupCapsReturnsIndependentSlices(t *testing.T) {
	a := LookupCaps(ProtocolOpenAI, "gpt-4o")
	a.ImageFormats[0] = "image/x-changed"
	b := LookupCaps(ProtocolOpenAI, "gpt-4o")
	if b.ImageFormats[0] == "image/x-changed" {
		t.Fatal("editing one lookup's formats changed the table")
	}
}

func TestCapsApplyOverride(t *testing.T) {
	yes, no := true, false
	edge, ctx := 1024, 8192
	var size int64 = 1 << 20
	c := LookupCaps(ProtocolOpenAICompatible, "my-local-model")
	if c.Images {
		t.Fatal("precondition: unknown local model is text only")
	}
	got := c.Apply(CapsOverride{Images: &yes, MaxImageEdge: &edge, ContextWindow: &ctx, MaxImageBytes: &size})
	if !got.Images || got.MaxImageEdge != 1024 || got.ContextWindow != 8192 || got.MaxImageBytes != 1<<20 {
		t.Errorf("override not applied: %+v", got)
	}
	if !got.AcceptsImage("image/png") || !got.AcceptsImage("image/jpeg") {
		t.Errorf("images turned on without formats: %v", got.ImageFormats)
	}
	if c.Images || c.MaxImageEdge != 0 {
		t.Error("Apply changed its receiver")
	}
	g := LookupCaps(ProtocolGemini, "gemini-2.5-flash").Apply(CapsOverride{Audio: &no, PDF: &no, ImageOutput: &yes})
	if g.Audio || g.PDF || !g.ImageOutput || !g.Images || g.MaxImageEdge != 3072 {
		t.Errorf("partial override: %+v", g)
	}
	if !slices.Contains(g.ImageFormats, "image/heic") {
		t.Error("override lost the table's formats")
	}
	a := Caps{}.Apply(CapsOverride{Audio: &yes})
	if !a.AcceptsAudio("audio/wav") {
		t.Errorf("audio turned on without formats: %v", a.AudioFormats)
	}
	if same := LookupCaps(ProtocolOllama, "llava").Apply(CapsOverride{}); same.MaxImageEdge != 1344 || !same.Images {
		t.Errorf("empty override changed caps: %+v", same)
	}
}

// The config package decodes [models."…"] tables straight into CapsOverride.
func TestCapsOverrideDecodesFromTOML(t *testing.T) {
	const doc = `
[models."local/llava"]
images = true
max_image_edge = 1024
max_image_bytes = 2000000
context_window = 4096
pdf = false
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
	o := cfg.Models["local/llava"]
	if o.Images == nil || !*o.Images || o.MaxImageEdge == nil || *o.MaxImageEdge != 1024 ||
		o.MaxImageBytes == nil || *o.MaxImageBytes != 2_000_000 || o.PDF == nil || *o.PDF ||
		o.Audio != nil || o.ImageOutput != nil {
		t.Fatalf("decoded %+v", o)
	}
	c := LookupCaps(ProtocolOpenAICompatible, "llava").Apply(o)
	if c.MaxImageEdge != 1024 || c.ContextWindow != 4096 {
		t.Errorf("applied: %+v", c)
	}
}
