package app

import (
	"fmt"
	"strings"

	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/providers/imagegen"
	"parley/providers/transcribe"
	"parley/session"
	"parley/session/config"
)

// AudioBackendEnv names the environment variable that forces miniaudio's
// backend. It exists for tests ("null": a silent device that delivers
// zeros at real speed, so --record and `parley devices` run without a
// sound card) and for diagnosing a machine ("pulseaudio", "alsa", "jack").
const AudioBackendEnv = "PARLEY_AUDIO_BACKEND"

// audioBackends are the values AudioBackendEnv takes.
var audioBackends = map[string]malgo.Backend{
	"null":       audio.BackendNull,
	"pulseaudio": malgo.BackendPulseaudio,
	"alsa":       malgo.BackendAlsa,
	"jack":       malgo.BackendJack,
	"coreaudio":  malgo.BackendCoreaudio,
	"wasapi":     malgo.BackendWasapi,
}

// AudioBackends reads the value of AudioBackendEnv: "" is the platform's
// default list (nil).
func AudioBackends(value string) ([]malgo.Backend, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	if v == "" {
		return nil, nil
	}
	b, ok := audioBackends[v]
	if !ok {
		return nil, fmt.Errorf("%s=%q: want null, pulseaudio, alsa, jack, coreaudio or wasapi", AudioBackendEnv, value)
	}
	return []malgo.Backend{b}, nil
}

// Transcriber builds the transcription service of [transcription] (OpenAI's
// by default). It returns nil, and the reason, when that provider has no
// key: voice notes then go only to models that take audio, and the others
// refuse them with a line saying what to configure.
func Transcriber(cfg *config.Config) (session.Transcriber, error) {
	s, model, err := cfg.Transcriber()
	if err != nil {
		return nil, err
	}
	t, err := transcribe.New(s, model)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Services builds what a chat Turn uses besides its model: the
// transcription service (nil when its provider has no key) and the [images]
// backend (nil when [images] is not configured). err reports an [images]
// backend that is configured but cannot be built; the chat works without.
func Services(cfg *config.Config) (session.Transcriber, *session.ImageBackend, error) {
	tr, _ := Transcriber(cfg)
	m, ok := cfg.ConfiguredImages()
	if !ok {
		return tr, nil, nil
	}
	images, err := ImageBackend(cfg, m)
	return tr, images, err
}

// ImageBackend builds the image generation backend chosen by
// cfg.ResolveImageModel (or from [images] for a chat's Turn.Images).
// Partial images are asked for (two), so a picture shows as it forms.
func ImageBackend(cfg *config.Config, m config.ImageModel) (*session.ImageBackend, error) {
	s, err := cfg.Settings(m.Provider)
	if err != nil {
		return nil, err
	}
	g, err := imagegen.New(s)
	if err != nil {
		return nil, err
	}
	model := m.Model
	if model == "" {
		model = imagegen.DefaultOpenAIModel
		if s.Type == "gemini" {
			model = imagegen.DefaultGeminiModel
		}
	}
	return &session.ImageBackend{Generator: g, Provider: m.Provider, Model: model,
		Size: m.Size, Partials: 2}, nil
}
