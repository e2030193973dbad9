package config

import (
	"strings"
	"testing"
	"time"
)

func TestMediaKeysLoad(t *testing.T) {
	c := load(t, `image_protocol = "Sixel"
image_max_rows = 12
[audio]
input_device = "USB"
output_device = "HDMI"
max_record = "90s"
[transcription]
provider = "groq"
model = "whisper-large-v3"
[images]
provider = "gemini"
model = "gemini-2.5-flash-image"
size = "1536x1024"
[providers.groq]
base_url = "https://api.groq.com/openai/v1"
api_key_env = "GROQ_API_KEY"
`, map[string]string{"GROQ_API_KEY": "gk"})
	if c.MaxRecord() != 90*time.Second || c.Audio.InputDevice != "USB" || c.Audio.OutputDevice != "HDMI" || c.ImageMaxRows != 12 {
		t.Errorf("audio/image keys: %+v max %v", c.Audio, c.MaxRecord())
	}
	s, model, err := c.Transcriber()
	if err != nil || s.Name != "groq" || s.APIKey != "gk" || s.BaseURL != "https://api.groq.com/openai/v1" || model != "whisper-large-v3" {
		t.Errorf("Transcriber() = %+v %q %v", s, model, err)
	}
	if m, ok := c.ConfiguredImages(); !ok || m != (ImageModel{Provider: "gemini", Model: "gemini-2.5-flash-image", Size: "1536x1024"}) {
		t.Errorf("ConfiguredImages() = %+v, %v", m, ok)
	}
	b, err := c.ResolveImageModel("", "")
	if err != nil || b != (ImageModel{Provider: "gemini", Model: "gemini-2.5-flash-image", Size: "1536x1024"}) {
		t.Errorf("ResolveImageModel(\"\") = %+v, %v", b, err)
	}
	b, err = c.ResolveImageModel("openai/gpt-image-1", "")
	if err != nil || b.Provider != "openai" || b.Model != "gpt-image-1" || b.Size != "1536x1024" {
		t.Errorf("-m openai/gpt-image-1: %+v, %v", b, err)
	}
	b, err = c.ResolveImageModel("imagen-x", "")
	if err != nil || b.Provider != "gemini" || b.Model != "imagen-x" {
		t.Errorf("-m imagen-x keeps [images].provider: %+v, %v", b, err)
	}
	b, err = c.ResolveImageModel("", "openai")
	if err != nil || b.Provider != "openai" || b.Model != "" {
		t.Errorf("--provider openai drops gemini's [images].model: %+v, %v", b, err)
	}
	b, err = c.ResolveImageModel("dall-e-3", "openai")
	if err != nil || b.Provider != "openai" || b.Model != "dall-e-3" {
		t.Errorf("-m dall-e-3 --provider openai: %+v, %v", b, err)
	}
	if _, err = c.ResolveImageModel("gemini/x", "openai"); err == nil {
		t.Error("-m gemini/x --provider openai must be refused")
	}
	if _, err = c.ResolveImageModel("", "nope"); err == nil || !strings.Contains(err.Error(), "[providers.nope]") {
		t.Errorf("--provider nope: %v", err)
	}
}

func TestMediaDefaults(t *testing.T) {
	c := load(t, ``, map[string]string{})
	if _, ok := c.ConfiguredImages(); c.MaxRecord() != 0 || ok {
		t.Errorf("empty config: max %v, [images] configured %v", c.MaxRecord(), ok)
	}
	c.Images.Model = "gpt-image-1" // a model alone implies openai
	if m, ok := c.ConfiguredImages(); !ok || m.Provider != "openai" {
		t.Errorf("[images] model only: %+v %v", m, ok)
	}
	c.Images.Model = ""
	// No OpenAI key: the transcriber is unavailable and the error says what to set.
	if _, _, err := c.Transcriber(); err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("Transcriber without a key: %v", err)
	}
	c.Env = fakeEnv(map[string]string{"OPENAI_API_KEY": "k"})
	if s, model, err := c.Transcriber(); err != nil || s.Name != "openai" || s.APIKey != "k" || model != "" {
		t.Errorf("default transcriber: %+v %q %v", s, model, err)
	}
	b, err := c.ResolveImageModel("", "")
	if err != nil || b != (ImageModel{Provider: "openai"}) {
		t.Errorf("default image backend: %+v %v", b, err)
	}
	if _, err := c.ResolveImageModel("nope/x", ""); err != nil {
		// "nope" is not a provider, so "nope/x" is a model ID of openai.
		t.Errorf("-m nope/x: %v", err)
	}
}

func TestImageModelTakesBaseURLOverride(t *testing.T) {
	c := load(t, ``, map[string]string{})
	c.BaseURL = "http://127.0.0.1:9/v1"
	if _, err := c.ResolveImageModel("gpt-image-1", ""); err != nil {
		t.Fatal(err)
	}
	s, err := c.Settings("openai")
	if err != nil || s.BaseURL != c.BaseURL {
		t.Errorf("the image provider does not get --base-url: %+v %v", s, err)
	}
}

func TestMediaKeysErrorsNameKeyAndLine(t *testing.T) {
	cases := []struct{ body, want string }{
		{"image_protocol = \"svg\"\n", `:1: image_protocol: "svg" is not one of auto, kitty`},
		{"\nimage_max_rows = -1\n", ":2: image_max_rows: -1 is not between 0"},
		{"[audio]\nmax_record = \"-5s\"\n", ":2: audio.max_record: \"-5s\" is not a positive duration"},
		{"[audio]\nmax_record = \"ten\"\n", ":2: audio.max_record"},
		{"[transcription]\nprovider = \"whisper\"\n", ":2: transcription.provider: unknown provider \"whisper\""},
		{"[images]\nprovider = \"dalle\"\n", ":2: images.provider: unknown provider \"dalle\""},
		{"[images]\nsize = \"big\"\n", ":2: images.size: \"big\" is not WIDTHxHEIGHT"},
	}
	for _, tc := range cases {
		_, _, err := Load(writeConfig(t, tc.body, 0o600))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.body, err, tc.want)
		}
	}
	for _, ok := range []string{`[images]` + "\nsize = \"auto\"\n", "image_protocol = \"none\"\n"} {
		if _, _, err := Load(writeConfig(t, ok, 0o600)); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}
