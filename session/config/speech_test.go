package config

import (
	"strings"
	"testing"
	"time"

	"parley/providers/speech"
)

func TestSpeechKeysLoad(t *testing.T) {
	c := load(t, `[speech]
provider = "kokoro"
model = "kokoro"
voice = "af_bella"
speed = 1.2
format = "wav"
instructions = "calm"
auto_speak = true
[voice]
start_db = 15
stop_db = 5
min_level_db = -45
hangover = "1s"
min_speech = "200ms"
calibration = "300ms"
barge_in = false
barge_margin_db = -3
[providers.kokoro]
base_url = "http://127.0.0.1:8880/v1"
`, nil)
	s, o, err := c.SpeechBackend()
	if err != nil || s.Name != "kokoro" || s.BaseURL != "http://127.0.0.1:8880/v1" {
		t.Fatalf("SpeechBackend() = %+v, %v", s, err)
	}
	if o != (speech.Options{Model: "kokoro", Voice: "af_bella", Speed: 1.2, Format: "wav", Instructions: "calm"}) {
		t.Errorf("options %+v", o)
	}
	if !c.AutoSpeak() || c.BargeIn() {
		t.Errorf("auto_speak %v barge_in %v", c.AutoSpeak(), c.BargeIn())
	}
	v := c.VAD(16000)
	if v.StartDB != 15 || v.StopDB != 5 || v.MinLevelDB != -45 || v.Hangover != time.Second ||
		v.MinSpeech != 200*time.Millisecond || v.Calibration != 300*time.Millisecond || v.BargeMarginDB != -3 || v.SampleRate != 16000 {
		t.Errorf("VAD = %+v", v)
	}
}

func TestSpeechDefaultsAndMissingKey(t *testing.T) {
	c := load(t, "", nil)
	if c.AutoSpeak() || !c.BargeIn() {
		t.Error("defaults: auto_speak off, barge_in on")
	}
	_, _, err := c.SpeechBackend()
	if err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") || !strings.Contains(err.Error(), "[speech] provider") {
		t.Errorf("no key: %v", err)
	}
	c = load(t, "[speech]\nprovider = \"gemini\"\n", map[string]string{"GEMINI_API_KEY": "gk"})
	if s, _, err := c.SpeechBackend(); err != nil || s.Type != "gemini" || s.APIKey != "gk" {
		t.Errorf("gemini backend %+v %v", s, err)
	}
}

func TestSpeechKeysValidated(t *testing.T) {
	cases := []struct{ body, want string }{
		{"[speech]\nprovider = \"nope\"", `:2: speech.provider: unknown provider "nope"`},
		{"[speech]\nprovider = \"anthropic\"", "speech.provider: anthropic is of type anthropic, which has no speech endpoint"},
		{"[speech]\nspeed = 5.0", "speech.speed: 5 is not between 0.25 and 4"},
		{"[speech]\nformat = \"ogg\"", `speech.format: "ogg" is not pcm or wav`},
		{"[speech]\nvolume = 3", `unknown key "speech.volume"`},
		{"[voice]\nhangover = \"soon\"", `voice.hangover: "soon" is not a positive duration`},
		{"[voice]\nstart_db = 6.0\nstop_db = 9.0", "voice.stop_db: 9 is above start_db (6)"},
		{"[voice]\nmin_level_db = 10.0", "voice.min_level_db: 10 is not between -90 and 0 dBFS"},
		{"[voice]\nbarge_in = \"yes\"", "barge_in"},
	}
	for _, tc := range cases {
		_, _, err := Load(writeConfig(t, tc.body, 0o600))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.body, err, tc.want)
		}
	}
}
