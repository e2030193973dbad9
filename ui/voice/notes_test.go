package voice

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
	"parley/themes"
)

func ctrlR() tea.KeyPressMsg  { return tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl} }
func enter() tea.KeyPressMsg  { return tea.KeyPressMsg{Code: tea.KeyEnter} }
func esc() tea.KeyPressMsg    { return tea.KeyPressMsg{Code: tea.KeyEscape} }
func space() tea.KeyPressMsg  { return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "} }
func letter() tea.KeyPressMsg { return tea.KeyPressMsg{Code: 'a', Text: "a"} }
func altUp() tea.KeyPressMsg  { return tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModAlt} }
func altDown() tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModAlt}
}

// pcmRecorder delivers the levels the test sends and stops with a tenth
// of a second of silence.
type pcmRecorder struct{ levels chan audio.Level }

func (p *pcmRecorder) Start(context.Context) error { return nil }
func (p *pcmRecorder) Levels() <-chan audio.Level  { return p.levels }
func (p *pcmRecorder) Stop() (audio.Recording, error) {
	return audio.Recording{PCM: make([]int16, 1600), SampleRate: 16000, Channels: 1, Duration: 100 * time.Millisecond}, nil
}
func (p *pcmRecorder) Discard() {}

// library is a Library over a map.
type library map[string]session.Audio

func (l library) Audio(r string) (session.Audio, bool) { a, ok := l[r]; return a, ok }

func newNotes(t *testing.T, rec Recorder) (*Notes[string], *session.Store) {
	st := openStore(t)
	opts := AudioOptions{Backends: []malgo.Backend{audio.BackendNull}}
	if rec != nil {
		opts.NewRecorder = func() Recorder { return rec }
	}
	return NewNotes[string](DefaultKeyMap(), opts, st), st
}

func barText(n *Notes[string]) string {
	st := themes.NewStyles(themes.Dark())
	b, _ := n.Bar(80, &st)
	return ansi.Strip(b)
}

// ctrl+r records, other keys go on to the composer while it runs, enter
// stops it and the stored note comes back as Saved for the root's tray.
func TestNotesRecordStopSaves(t *testing.T) {
	rec := &pcmRecorder{levels: make(chan audio.Level, 1)}
	n, st := newNotes(t, rec)
	res, cmd, ok := n.HandleKey(t.Context(), ctrlR(), Focus[string]{ComposerEmpty: true})
	if !ok || !res.Resized || !n.Recording() || !strings.Contains(barText(n), "starting the microphone") {
		t.Fatalf("ctrl+r: ok %v %+v recording %v bar %q", ok, res, n.Recording(), barText(n))
	}
	_, cmd = n.Update(cmd().(Msg)) // started: the level pump
	rec.levels <- audio.Level{At: 300 * time.Millisecond, RMS: 0.5}
	n.Update(cmd().(Msg))
	if !n.Running() || n.Elapsed() != 300*time.Millisecond || !strings.Contains(barText(n), "● REC 0:00") {
		t.Fatalf("running %v elapsed %v bar %q", n.Running(), n.Elapsed(), barText(n))
	}
	if _, _, ok := n.HandleKey(t.Context(), letter(), Focus[string]{ComposerEmpty: true}); ok {
		t.Error("a typed letter was taken while recording")
	}
	_, cmd, ok = n.HandleKey(t.Context(), enter(), Focus[string]{})
	if !ok || cmd == nil {
		t.Fatal("enter did not stop the recording")
	}
	res, _ = n.Update(cmd().(Msg))
	if res.Saved == nil || res.Saved.MIME != audio.MIMEWAV || !res.Resized || n.Recording() {
		t.Fatalf("saved %+v, still recording %v", res, n.Recording())
	}
	if _, err := st.Blob(res.Saved.Blob); err != nil {
		t.Errorf("the note was not stored: %v", err)
	}
	if _, ok := n.Bar(80, nil); ok {
		t.Error("the recording bar outlives the recording")
	}
}

// esc discards a running recording and says so; nothing is saved.
func TestNotesEscDiscards(t *testing.T) {
	rec := &pcmRecorder{levels: make(chan audio.Level, 1)}
	n, _ := newNotes(t, rec)
	_, cmd, _ := n.HandleKey(t.Context(), ctrlR(), Focus[string]{})
	n.Update(cmd().(Msg))
	res, cmd, ok := n.HandleKey(t.Context(), esc(), Focus[string]{})
	if !ok || res.Notice != "voice note discarded" || !res.SetNotice || n.Recording() || res.Saved != nil {
		t.Fatalf("esc: ok %v %+v recording %v", ok, res, n.Recording())
	}
	if cmd == nil || cmd() != nil {
		t.Error("the discard does not run in a Cmd")
	}
}

// With a voice chip selected, space plays it and enter asks for its
// transcript editor, unless the transcript is still being made; other
// keys are the tray's.
func TestNotesChipKeys(t *testing.T) {
	n, _ := newNotes(t, nil)
	mp3 := session.Audio{Name: "memo.mp3", MIME: "audio/mpeg"}
	f := Focus[string]{Chip: "chip1", ChipAudio: mp3}
	res, _, ok := n.HandleKey(t.Context(), space(), f)
	if !ok || !res.IsErr || !strings.Contains(res.Notice, "only WAV voice notes can be played here; memo.mp3") {
		t.Errorf("space on an MP3 chip: ok %v %+v", ok, res)
	}
	if res, _, ok := n.HandleKey(t.Context(), enter(), f); !ok || res.Edit != "chip1" {
		t.Errorf("enter: ok %v %+v", ok, res)
	}
	f.ChipBusy = true
	if res, _, ok := n.HandleKey(t.Context(), enter(), f); !ok || res.Edit != "" || res.Notice != "the transcript is still being made" {
		t.Errorf("enter while transcribing: ok %v %+v", ok, res)
	}
	if _, _, ok := n.HandleKey(t.Context(), altUp(), f); ok {
		t.Error("alt+up was taken with a chip selected")
	}
}

// With an empty composer, alt+↑/↓ move the transcript's selection and
// space plays the selected note; a selected note that is gone drops the
// selection. A typed composer keeps every key.
func TestNotesTranscriptKeys(t *testing.T) {
	n, st := newNotes(t, nil)
	empty := Focus[string]{ComposerEmpty: true, Library: library{}}
	if res, _, ok := n.HandleKey(t.Context(), altUp(), empty); !ok || res.Move != -1 {
		t.Errorf("alt+up: %v %+v", ok, res)
	}
	if res, _, ok := n.HandleKey(t.Context(), altDown(), empty); !ok || res.Move != +1 {
		t.Errorf("alt+down: %v %+v", ok, res)
	}
	if _, _, ok := n.HandleKey(t.Context(), space(), empty); ok {
		t.Error("space with nothing selected or playing was taken")
	}
	if prev := n.Select("e1"); prev != "" || !n.HasSelection() {
		t.Fatalf("Select: prev %q, selected %v", prev, n.HasSelection())
	}
	if res, _, ok := n.HandleKey(t.Context(), space(), empty); !ok || !res.Unselect {
		t.Errorf("space on a vanished note: %v %+v", ok, res)
	}
	au, err := st.AddAudio(providertest.ToneWAV(1000), "tone.wav")
	if err != nil {
		t.Fatal(err)
	}
	full := Focus[string]{ComposerEmpty: true, Library: library{"e1": au}}
	res, cmd, ok := n.HandleKey(t.Context(), space(), full)
	if playing, on := n.Playing(); !ok || !on || playing != "e1" || len(res.Redraw) != 1 || cmd == nil {
		t.Fatalf("space on the selected note: ok %v playing %q %v %+v", ok, playing, on, res)
	}
	if res := n.Close(); len(res.Redraw) != 1 || res.Redraw[0] != "e1" || n.ViewOf("e1").On {
		t.Errorf("Close: %+v", res)
	}
	if _, _, ok := n.HandleKey(t.Context(), altUp(), Focus[string]{Library: library{}}); ok {
		t.Error("alt+up was taken from a typed composer")
	}
	if prev := n.Select(""); prev != "e1" || n.HasSelection() {
		t.Errorf("Select(none): prev %q, selected %v", prev, n.HasSelection())
	}
}

// A note is transcribed only for a model known not to take its audio;
// without a transcription service the chip is told why; a made
// transcript comes back through Update for the chip it was made for.
func TestNotesTranscribe(t *testing.T) {
	n, st := newNotes(t, nil)
	au, err := st.AddAudio(providertest.ToneWAV(1000), "note.wav")
	if err != nil {
		t.Fatal(err)
	}
	textOnly := providers.Caps{}
	takesWAV := providers.Caps{Audio: true, AudioFormats: []string{audio.MIMEWAV}}
	tr := &providertest.Transcriber{Text: "hello there"}
	for _, c := range []struct {
		name string
		t    Transcription
		au   session.Audio
	}{
		{"caps unknown", Transcription{Transcriber: tr, Store: st}, au},
		{"takes WAV", Transcription{Caps: takesWAV, Known: true, Transcriber: tr, Store: st}, au},
		{"already transcribed", Transcription{Caps: textOnly, Known: true, Transcriber: tr, Store: st},
			session.Audio{Blob: au.Blob, MIME: au.MIME, Transcript: "typed"}},
	} {
		if res, cmd := n.Transcribe(t.Context(), 1, c.au, c.t); res.Transcript != nil || cmd != nil {
			t.Errorf("%s: transcribed anyway: %+v", c.name, res)
		}
	}
	res, cmd := n.Transcribe(t.Context(), 2, au, Transcription{Caps: textOnly, Known: true, Model: "fake/text", Store: st})
	if cmd != nil || res.Transcript == nil || res.Transcript.ID != 2 || res.Transcript.Err == nil ||
		!strings.Contains(res.Transcript.Err.Error(), "no transcription service is configured") ||
		!strings.Contains(res.Transcript.Err.Error(), "fake/text cannot take audio") {
		t.Fatalf("no transcriber: %+v", res.Transcript)
	}
	res, cmd = n.Transcribe(t.Context(), 3, au, Transcription{Caps: textOnly, Known: true, Transcriber: tr, Store: st})
	if cmd == nil || res.Transcript == nil || !res.Transcript.Started || res.Transcript.ID != 3 {
		t.Fatalf("transcribe: %+v", res.Transcript)
	}
	res, _ = n.Update(cmd().(Msg))
	if got := res.Transcript; got == nil || got.ID != 3 || got.Text != "hello there" || got.Err != nil || tr.Count() != 1 {
		t.Fatalf("transcript: %+v (calls %d)", got, tr.Count())
	}
	bad := &providertest.Transcriber{Err: errors.New("quota exceeded")}
	_, cmd = n.Transcribe(t.Context(), 4, au, Transcription{Caps: textOnly, Known: true, Transcriber: bad, Store: st})
	if res, _ := n.Update(cmd().(Msg)); res.Transcript == nil || res.Transcript.Err == nil ||
		!strings.Contains(res.Transcript.Err.Error(), "quota exceeded") {
		t.Errorf("failed transcript: %+v", res.Transcript)
	}
}
