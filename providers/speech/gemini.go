package speech

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strings"

	"parley/providers"
	"parley/providers/gemini"
)

// DefaultGeminiVoice speaks when the config names none.
const DefaultGeminiVoice = "Kore"

// geminiSpeech speaks through a Gemini TTS model.
type geminiSpeech struct {
	name string
	o    Options
	sp   *gemini.Speech
}

func newGemini(s providers.Settings, o Options) (*geminiSpeech, error) {
	if o.Speed != 0 && o.Speed != 1 {
		return nil, fmt.Errorf("speech.speed: Gemini TTS has no speed setting; ask for a pace in speech.instructions instead")
	}
	if f := strings.ToLower(o.Format); f != "" && f != "pcm" {
		return nil, fmt.Errorf("speech.format: Gemini TTS sends pcm only, not %q", o.Format)
	}
	o.Model = cmpOr(o.Model, gemini.DefaultSpeechModel)
	o.Voice = cmpOr(o.Voice, DefaultGeminiVoice)
	if !knownGeminiVoice(o.Voice) {
		return nil, fmt.Errorf("speech.voice: Gemini TTS has no voice %q (`parley voices` lists them)", o.Voice)
	}
	sp, err := gemini.NewSpeech(s)
	if err != nil {
		return nil, err
	}
	name := cmpOr(s.Name, "gemini")
	return &geminiSpeech{name: name, o: o, sp: sp}, nil
}

func knownGeminiVoice(v string) bool {
	for _, g := range gemini.SpeechVoices() {
		if strings.EqualFold(g[0], v) {
			return true
		}
	}
	return false
}

// Describe names the backend, model and voice.
func (g *geminiSpeech) Describe() string { return describe(g.name, g.o.Model, g.o.Voice) }

// Voices lists Gemini's prebuilt voices.
func (g *geminiSpeech) Voices(context.Context) ([]Voice, error) { return geminiVoices(), nil }

// Synthesize streams the reply's audio parts. Gemini TTS is steered by the
// prompt itself, so instructions go before the text ("Say calmly: …"), as
// Google's documentation shows.
func (g *geminiSpeech) Synthesize(ctx context.Context, text string) (*Audio, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	prompt := text
	if in := strings.TrimSpace(g.o.Instructions); in != "" {
		prompt = strings.TrimRight(in, ": ") + ": " + text
	}
	next, stop := iter.Pull2(g.sp.Speak(ctx, g.o.Model, g.o.Voice, prompt))
	first, err, ok := next()
	if !ok || err != nil {
		stop()
		if err == nil {
			err = providers.Errorf(providers.ErrIncomplete, 0, nil, "%s sent no audio", providers.DisplayName(g.name))
		}
		return nil, err
	}
	rate, pending := first.Rate, first.PCM
	return &Audio{
		Rate:     rate,
		channels: 1,
		close:    stop,
		next: func() ([]byte, error) {
			if pending != nil {
				b := pending
				pending = nil
				return b, nil
			}
			ch, err, ok := next()
			switch {
			case !ok:
				return nil, io.EOF
			case err != nil:
				return nil, err
			case ch.Rate != rate:
				return nil, providers.Errorf(providers.ErrStream, 0, nil, "%s changed the audio rate mid-reply (%d to %d Hz)", providers.DisplayName(g.name), rate, ch.Rate)
			}
			return ch.PCM, nil
		},
	}, nil
}
