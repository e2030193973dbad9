// Package speech turns text into spoken audio through a speech backend:
// OpenAI's speech endpoint (and any OpenAI-compatible one, such as a local
// Kokoro or Piper server, by base URL) through the official openai-go SDK,
// and Gemini's TTS models through genai. Audio streams back as mono signed
// 16-bit PCM while it is synthesized, so playback can start before a
// sentence is complete.
package speech

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"parley/providers"
)

// Options choose how a backend speaks. Zero values take the backend's
// defaults.
type Options struct {
	Model string
	Voice string
	// Speed is OpenAI's speed (0.25–4; 0 = 1). Gemini has none.
	Speed float64
	// Format is what is asked of an OpenAI-compatible server: "pcm" (24 kHz
	// s16 mono, the default) or "wav" for servers that cannot send raw PCM.
	Format string
	// Instructions steer the voice (tone, pace, accent) on models that
	// take them: gpt-4o-mini-tts, and Gemini TTS (as a preface to the text).
	Instructions string
}

// Voice is one voice a backend offers.
type Voice struct {
	Name        string
	Description string // "" when the backend says nothing
}

// Synthesizer speaks text. Implementations are safe for concurrent use.
type Synthesizer interface {
	// Synthesize starts reading text aloud and returns the audio as it
	// streams in, once the first of it (or the response headers) arrived.
	// Failures are *providers.Error lines that never contain the key.
	Synthesize(ctx context.Context, text string) (*Audio, error)
	// Voices lists the voices the backend offers for its model.
	Voices(ctx context.Context) ([]Voice, error)
	// Describe names the backend, model and voice ("OpenAI gpt-4o-mini-tts,
	// voice alloy") for status lines and `parley voices`.
	Describe() string
}

// New builds the synthesizer for provider settings s (type openai or
// gemini) with o. Bad options are an error naming the option.
func New(s providers.Settings, o Options) (Synthesizer, error) {
	switch s.Type {
	case "openai", "":
		return newOpenAI(s, o)
	case "gemini":
		return newGemini(s, o)
	}
	return nil, fmt.Errorf("speech: provider %s (type %s) has no speech endpoint: use an OpenAI-compatible or Gemini provider", s.Name, s.Type)
}

// Audio is synthesized speech streaming in: mono signed 16-bit samples at
// Rate Hz. Close it when done, read to the end or not.
type Audio struct {
	// Rate is the sample rate in Hz.
	Rate int
	// next returns the next bytes of little-endian samples, io.EOF at the
	// end, or a *providers.Error.
	next     func() ([]byte, error)
	close    func()
	channels int // interleaved channels in the bytes (downmixed to mono)
	pending  []byte
	err      error
}

// ReadPCM reads up to len(p) mono samples. It returns io.EOF after the
// last one; other errors are *providers.Error lines.
func (a *Audio) ReadPCM(p []int16) (int, error) {
	frame := 2 * max(a.channels, 1)
	for len(a.pending) < frame && a.err == nil {
		b, err := a.next()
		a.pending = append(a.pending, b...)
		a.err = err
	}
	n := min(len(p), len(a.pending)/frame)
	for i := range n {
		var sum int
		for c := range max(a.channels, 1) {
			sum += int(int16(binary.LittleEndian.Uint16(a.pending[i*frame+2*c:])))
		}
		p[i] = int16(sum / max(a.channels, 1))
	}
	a.pending = a.pending[n*frame:]
	if n == 0 && a.err != nil {
		return 0, a.err
	}
	return n, nil
}

// Close releases the response.
func (a *Audio) Close() error {
	if a.close != nil {
		a.close()
		a.close = nil
	}
	return nil
}

// ReadAll reads the rest of a as samples.
func ReadAll(a *Audio) ([]int16, error) {
	var out []int16
	buf := make([]int16, 4096)
	for {
		n, err := a.ReadPCM(buf)
		out = append(out, buf[:n]...)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// readerAudio streams samples from r (little-endian s16, channels
// interleaved) at rate.
func readerAudio(r io.Reader, closeFn func(), rate, channels int, fail func(error) error) *Audio {
	buf := make([]byte, 16<<10)
	return &Audio{
		Rate:     rate,
		channels: channels,
		close:    closeFn,
		next: func() ([]byte, error) {
			n, err := r.Read(buf)
			if err != nil && !errors.Is(err, io.EOF) {
				err = fail(err)
			}
			return buf[:n], err
		},
	}
}

// describe is "Name model, voice V".
func describe(name, model, voice string) string {
	d := providers.DisplayName(name) + " " + model
	if voice != "" {
		d += ", voice " + voice
	}
	return d
}

// checkText refuses empty text before anything is sent.
func checkText(text string) error {
	if strings.TrimSpace(text) == "" {
		return providers.Errorf(providers.ErrBadRequest, 0, nil, "nothing to speak: the text is empty")
	}
	return nil
}

// FromPCM wraps samples already in memory as Audio (a fake backend in
// tests, or speech cached elsewhere); onClose, if set, runs on Close.
func FromPCM(pcm []int16, rate int, onClose func()) *Audio {
	b := make([]byte, 2*len(pcm))
	for i, s := range pcm {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	sent := false
	return &Audio{Rate: rate, channels: 1, close: onClose, next: func() ([]byte, error) {
		if sent {
			return nil, io.EOF
		}
		sent = true
		return b, nil
	}}
}
