package ui

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/providers"
	"parley/ui/tray"
	"parley/ui/voice"
)

// nullAudio records and plays on miniaudio's null backend: silence at
// real speed, no sound server needed.
func nullAudio() AudioOptions {
	return AudioOptions{Backends: []malgo.Backend{audio.BackendNull}}
}

// voiceMsg reports the messages of the voice Cmds, which the shared
// runner does not feed back.
func voiceMsg(msg tea.Msg) bool {
	switch msg.(type) {
	case voice.Msg:
		return true
	}
	return false
}

// untilVoice is runner.until that also delivers the voice messages.
func untilVoice(t testing.TB, r *runner, what string, cond func() bool) {
	t.Helper()
	r.untilAlso(10*time.Second, what, cond, voiceMsg)
}

// ctrlR is the record key.
func ctrlR() tea.KeyPressMsg { return tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl} }

func space() tea.KeyPressMsg { return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "} }

// recordNote records on the null backend until at least d was captured,
// stops with Ctrl+R and waits for the chip.
func recordNote(t *testing.T, m *Model, r *runner, d time.Duration) *tray.Chip {
	t.Helper()
	n := m.tray.Len()
	r.send(ctrlR())
	untilVoice(t, r, "the recording to run", func() bool { return m.voice.Running() })
	untilVoice(t, r, "audio to be captured", func() bool { return m.voice.Elapsed() >= d })
	r.send(ctrlR())
	untilVoice(t, r, "the voice chip", func() bool { return m.tray.Len() == n+1 })
	return m.tray.Chips()[n]
}

// toneWAV is a 16 kHz mono WAV of a 440 Hz tone lasting d.
func toneWAV(d time.Duration) []byte {
	pcm := make([]int16, int(d.Seconds()*audio.SampleRate))
	for i := range pcm {
		pcm[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/audio.SampleRate))
	}
	return audio.EncodeWAV(pcm, audio.SampleRate, 1)
}

// scriptedRecorder records the levels it was given, then nothing.
type scriptedRecorder struct{ levels chan audio.Level }

func (s scriptedRecorder) Start(context.Context) error    { return nil }
func (s scriptedRecorder) Levels() <-chan audio.Level     { return s.levels }
func (s scriptedRecorder) Stop() (audio.Recording, error) { return audio.Recording{}, nil }
func (s scriptedRecorder) Discard()                       {}

// failingRecorder's Start fails like a machine without a microphone.
type failingRecorder struct{ err error }

func (f failingRecorder) Start(context.Context) error { return f.err }
func (f failingRecorder) Levels() <-chan audio.Level  { return nil }
func (f failingRecorder) Stop() (audio.Recording, error) {
	return audio.Recording{}, errors.New("not started")
}
func (f failingRecorder) Discard() {}

// trayText is the tray's lines without styling.
func trayText(m *Model) string {
	return stripLines(trayLines(&m.tray, m.voice, m.speech, m.width, m.styles))
}

func stripLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(ansi.Strip(l) + "\n")
	}
	return b.String()
}

// requestText joins the text parts of every message of req.
func requestText(req providers.Request) string {
	var b strings.Builder
	for _, msg := range req.Messages {
		for _, p := range msg.Parts {
			if tp, ok := p.(providers.TextPart); ok {
				b.WriteString(tp.Text + "\n")
			}
		}
	}
	return b.String()
}

// isPlaying reports whether a voice note plays (or is starting).
func isPlaying(m *Model) bool { _, ok := m.voice.Playing(); return ok }
