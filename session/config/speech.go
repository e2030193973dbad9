package config

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"parley/media/vad"
	"parley/providers"
	"parley/providers/speech"
)

// DefaultSpeechProvider reads replies aloud when [speech] names none.
const DefaultSpeechProvider = "openai"

// Speech is the [speech] table: the backend that reads replies aloud.
type Speech struct {
	// Provider is a built-in or configured provider of type openai (any
	// OpenAI-compatible speech endpoint, by its base_url) or gemini.
	Provider string `toml:"provider"`
	// Model, Voice: "" = the backend's default (gpt-4o-mini-tts and alloy
	// for OpenAI, gemini-2.5-flash-preview-tts and Kore for Gemini).
	Model string `toml:"model"`
	Voice string `toml:"voice"`
	// Speed is 0.25–4 (OpenAI; 0 = 1).
	Speed float64 `toml:"speed"`
	// Format is pcm (default) or wav, for compatible servers without pcm.
	Format string `toml:"format"`
	// Instructions steer tone and pace on models that take them.
	Instructions string `toml:"instructions"`
	// AutoSpeak reads every reply aloud as it streams.
	AutoSpeak bool `toml:"auto_speak"`
}

// Voice is the [voice] table: hands-free voice mode's speech detection.
type Voice struct {
	// StartDB and StopDB: speech starts this far above the room's noise
	// (measured in the first half second) and continues while this far.
	StartDB float64 `toml:"start_db"`
	StopDB  float64 `toml:"stop_db"`
	// MinLevelDB is the quietest speech, in dBFS (e.g. -50).
	MinLevelDB float64 `toml:"min_level_db"`
	// Hangover is the quiet that ends a turn ("800ms"); MinSpeech the
	// shortest sound taken for speech ("120ms"); Calibration how long the
	// room is measured ("500ms").
	Hangover    string `toml:"hangover"`
	MinSpeech   string `toml:"min_speech"`
	Calibration string `toml:"calibration"`
	// BargeIn: speaking over a reply stops it (default true). Turn it off
	// for speakers without echo cancellation.
	BargeIn *bool `toml:"barge_in"`
	// BargeMarginDB is how loud, relative to what plays, the microphone
	// must be to barge in (default -6).
	BargeMarginDB float64 `toml:"barge_margin_db"`
}

// validateSpeech checks the [speech] and [voice] keys, naming the key and
// its line.
func (c *Config) validateSpeech(bad func(key []string, format string, args ...any) error) error {
	sp := c.Speech
	if p := sp.Provider; p != "" {
		if !c.known(p) {
			return bad([]string{"speech", "provider"}, "unknown provider %q (add [providers.%s])", p, p)
		}
		if t := c.providerType(p); t != "openai" && t != "gemini" {
			return bad([]string{"speech", "provider"}, "%s is of type %s, which has no speech endpoint (use an openai-compatible or gemini provider)", p, t)
		}
	}
	if sp.Speed != 0 && (sp.Speed < 0.25 || sp.Speed > 4) {
		return bad([]string{"speech", "speed"}, "%g is not between 0.25 and 4", sp.Speed)
	}
	if f := strings.ToLower(sp.Format); f != "" && f != "pcm" && f != "wav" {
		return bad([]string{"speech", "format"}, "%q is not pcm or wav", sp.Format)
	}
	v := c.Voice
	for _, d := range []struct{ key, val string }{{"hangover", v.Hangover}, {"min_speech", v.MinSpeech}, {"calibration", v.Calibration}} {
		if _, err := positiveDuration(d.val); err != nil {
			return bad([]string{"voice", d.key}, "%q is not a positive duration such as \"800ms\"", d.val)
		}
	}
	switch {
	case v.StartDB < 0 || v.StartDB > 60:
		return bad([]string{"voice", "start_db"}, "%g is not between 0 and 60 (dB above the room's noise)", v.StartDB)
	case v.StopDB < 0 || v.StopDB > 60:
		return bad([]string{"voice", "stop_db"}, "%g is not between 0 and 60", v.StopDB)
	case v.StopDB > v.StartDB && v.StartDB != 0:
		return bad([]string{"voice", "stop_db"}, "%g is above start_db (%g): speech would stop before it started", v.StopDB, v.StartDB)
	case v.MinLevelDB > 0 || v.MinLevelDB < -90:
		return bad([]string{"voice", "min_level_db"}, "%g is not between -90 and 0 dBFS", v.MinLevelDB)
	case v.BargeMarginDB < -40 || v.BargeMarginDB > 40:
		return bad([]string{"voice", "barge_margin_db"}, "%g is not between -40 and 40", v.BargeMarginDB)
	}
	return nil
}

// providerType is the wire protocol of a known provider.
func (c *Config) providerType(name string) string {
	p, _ := c.provider(name)
	return p.Type
}

// positiveDuration parses s ("" = 0).
func positiveDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("not a positive duration")
	}
	return d, nil
}

// SpeechBackend returns the settings and options of the speech backend
// ([speech]; provider openai when unset). Without a key the error says
// exactly what to set, and how to choose another backend; build the
// synthesizer with speech.New.
func (c *Config) SpeechBackend() (providers.Settings, speech.Options, error) {
	name := cmp.Or(c.Speech.Provider, DefaultSpeechProvider)
	s, err := c.Settings(name)
	if err != nil {
		return providers.Settings{}, speech.Options{}, fmt.Errorf(
			"speech: %w (or name another backend with [speech] provider = \"NAME\" in %s)", err, c.Path)
	}
	sp := c.Speech
	return s, speech.Options{Model: sp.Model, Voice: sp.Voice, Speed: sp.Speed, Format: sp.Format, Instructions: sp.Instructions}, nil
}

// AutoSpeak reports whether replies are read aloud as they stream.
func (c *Config) AutoSpeak() bool { return c.Speech.AutoSpeak }

// BargeIn reports whether speaking over a reply stops it (default true).
func (c *Config) BargeIn() bool { return c.Voice.BargeIn == nil || *c.Voice.BargeIn }

// VAD returns voice mode's speech detection settings for the given
// microphone sample rate; zero fields are vad's defaults.
func (c *Config) VAD(sampleRate int) vad.Config {
	v := c.Voice
	hang, _ := positiveDuration(v.Hangover)
	minSpeech, _ := positiveDuration(v.MinSpeech)
	cal, _ := positiveDuration(v.Calibration)
	return vad.Config{
		SampleRate: sampleRate, StartDB: v.StartDB, StopDB: v.StopDB, MinLevelDB: v.MinLevelDB,
		Hangover: hang, MinSpeech: minSpeech, Calibration: cal, BargeMarginDB: v.BargeMarginDB,
	}
}
