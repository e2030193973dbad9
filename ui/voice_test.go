package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/dialog"
	"parley/ui/tray"
)

func TestRecordVoiceNoteToTray(t *testing.T) {
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Audio: nullAudio()})
	r.typeText("about this")
	r.send(ctrlR())
	if !m.voice.Recording() || !strings.Contains(trayText(m), "starting the microphone") {
		t.Fatalf("ctrl+r shows no recording bar:\n%s", plainView(m))
	}
	untilVoice(t, r, "the recording to run", func() bool { return m.voice.Running() })
	untilVoice(t, r, "levels", func() bool { return m.voice.Elapsed() >= 300*time.Millisecond })
	bar := trayText(m)
	for _, want := range []string{"● REC 0:00", "max 10:00", "esc discard"} {
		if !strings.Contains(bar, want) {
			t.Errorf("recording bar lacks %q:\n%s", want, bar)
		}
	}
	if m.voice.Elapsed() == 0 {
		t.Error("levels from the recorder did not reach the bar")
	}
	r.send(ctrlR())
	untilVoice(t, r, "the voice chip", func() bool { return m.tray.Len() == 1 })
	a := m.tray.Chips()[0]
	if a.Audio() == nil || a.Audio().Duration <= 0 || a.Audio().MIME != "audio/wav" || !a.Recorded() {
		t.Fatalf("chip %+v, audio %+v", a, a.Audio())
	}
	if !strings.HasPrefix(a.Label(), "⏵ 0:00 ▁") || m.voice.Recording() {
		t.Errorf("chip label %q, still recording %v", a.Label(), m.voice.Recording())
	}
	if m.composer.Value() != "about this" {
		t.Errorf("composer text %q was not kept", m.composer.Value())
	}
	// The recording was stored: its blob is a WAV of the chip's length.
	data, err := m.opts.Store.Blob(a.Audio().Blob)
	if err != nil || !strings.HasPrefix(string(data), "RIFF") {
		t.Fatalf("stored recording: %v (%d bytes)", err, len(data))
	}
}

func TestRecordingEscDiscards(t *testing.T) {
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Audio: nullAudio()})
	r.send(ctrlR())
	untilVoice(t, r, "the recording to run", func() bool { return m.voice.Running() })
	untilVoice(t, r, "levels", func() bool { return m.voice.Elapsed() > 0 })
	r.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.voice.Recording() || !strings.Contains(notice(m), "discarded") {
		t.Fatalf("esc did not discard: recording %v, notice %q", m.voice.Recording(), notice(m))
	}
	// The closed level channel of the discarded recording arrives and
	// must not turn it into a chip.
	r.send(ctrlR())
	untilVoice(t, r, "a second recording", func() bool { return m.voice.Running() })
	r.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	untilVoice(t, r, "the second discard", func() bool { return !m.voice.Recording() })
	if m.tray.Len() != 0 {
		t.Errorf("discarded recordings left %d chips", m.tray.Len())
	}
}

func TestRecordingStopsAtMaxLength(t *testing.T) {
	opts := nullAudio()
	opts.MaxDuration = 300 * time.Millisecond
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Audio: opts})
	r.send(ctrlR())
	untilVoice(t, r, "the recording to stop by itself", func() bool { return m.tray.Len() == 1 })
	a := m.tray.Chips()[0]
	if d := a.Audio().Duration; d <= 0 || d > 300*time.Millisecond {
		t.Errorf("duration %v, want (0, 300ms]", d)
	}
	if !strings.Contains(notice(m), "maximum recording length (0:00) reached") {
		t.Errorf("notice %q", notice(m))
	}
}

func TestNoMicrophoneKeepsUIUsable(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("fine")}
	opts := nullAudio()
	opts.NewRecorder = func() Recorder {
		// A real recorder with an input device that does not exist.
		return audio.NewRecorder(audio.Options{Backends: opts.Backends, DeviceName: "no-such-mic"})
	}
	m, r, _ := attachModel(t, p, Options{Audio: opts})
	r.typeText("still here")
	r.send(ctrlR())
	untilVoice(t, r, "the failure", func() bool { return !m.voice.Recording() })
	if want := `no microphone found: no input device matches "no-such-mic"`; !strings.HasPrefix(notice(m), want) || !noticeErr(m) {
		t.Errorf("notice %q, want it to start with %q", notice(m), want)
	}
	if lines := strings.Count(strings.TrimSpace(trayText(m)), "\n"); lines != 0 {
		t.Errorf("the failure takes %d lines, want one:\n%s", lines+1, trayText(m))
	}
	if m.composer.Value() != "still here" {
		t.Fatalf("composer text lost: %q", m.composer.Value())
	}
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && m.chat.Len() == 2 })
	if got := lastEntry(t, m).Text(); got != "fine" {
		t.Errorf("reply %q after the failed recording", got)
	}

	// A factory that fails the same way, without any audio library.
	opts.NewRecorder = func() Recorder {
		return failingRecorder{err: &audio.ErrNoMicrophone{Reason: "no audio system available (pulse: connection refused)"}}
	}
	m2, r2, _ := attachModel(t, p, Options{Audio: opts})
	r2.send(ctrlR())
	untilVoice(t, r2, "the failure", func() bool { return !m2.voice.Recording() })
	if !strings.HasPrefix(notice(m2), "no microphone found: no audio system available") {
		t.Errorf("notice %q", notice(m2))
	}
}

func TestVoiceNoteTranscribedForTextOnlyModel(t *testing.T) {
	tr := &providertest.Transcriber{Text: "what is the weather"}
	p := &providertest.Provider{Events: providertest.Reply("sunny")}
	m, r, _ := attachModel(t, p, Options{Audio: nullAudio(), Transcriber: tr, Model: "fake/text-only"})
	a := recordNote(t, m, r, 200*time.Millisecond)
	untilVoice(t, r, "the transcript", func() bool { return a.Audio().Transcript != "" })
	if tr.Count() != 1 || tr.Last().MIME != "audio/wav" || !strings.HasPrefix(string(tr.Last().Data), "RIFF") {
		t.Fatalf("transcriber calls %d, last mime %q", tr.Count(), tr.Last().MIME)
	}
	if got := trayText(m); !strings.Contains(got, "1 ↳ “what is the weather”") || !strings.Contains(a.Label(), "as transcript") {
		t.Errorf("transcript not under the chip (label %q):\n%s", a.Label(), got)
	}
	// Sent: the text-only model gets the transcript, made once.
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && len(p.Requests()) == 1 })
	if req := requestText(p.Requests()[0]); !strings.Contains(req, session.TranscriptPrefix+"what is the weather") {
		t.Errorf("request text %q lacks the transcript", req)
	}
	if tr.Count() != 1 {
		t.Errorf("transcribed %d times, want once", tr.Count())
	}
	if view := plainView(m); !strings.Contains(view, "“what is the weather”") || !strings.Contains(view, "♪ voice-") {
		t.Errorf("the transcript does not show the note and its transcript:\n%s", view)
	}
}

func TestFailedTranscriptionKeepsRecordingAndRefusesSend(t *testing.T) {
	tr := &providertest.Transcriber{Err: errors.New("401 invalid key")}
	p := &providertest.Provider{Events: providertest.Reply("never")}
	m, r, _ := attachModel(t, p, Options{Audio: nullAudio(), Transcriber: tr, Model: "fake/text-only"})
	recordNote(t, m, r, 100*time.Millisecond)
	untilVoice(t, r, "the failure", func() bool { return strings.Contains(trayText(m), "✗ ") })
	if got := trayText(m); !strings.Contains(got, "✗ transcribing voice-") || !strings.Contains(got, "401 invalid key") {
		t.Errorf("failure not shown under the chip:\n%s", got)
	}
	r.press(tea.KeyEnter, 0)
	r.until("the refusal", func() bool { return !m.chat.Busy() && m.status.Failed() })
	if len(p.Requests()) != 0 || m.tray.Len() != 1 || m.chat.Len() != 0 {
		t.Errorf("half-sent: %d requests, %d chips, %d entries", len(p.Requests()), m.tray.Len(), m.chat.Len())
	}
	if !noticeErr(m) || notice(m) == "" {
		t.Errorf("no reason shown: %q", notice(m))
	}
}

func TestEditTranscriptDialog(t *testing.T) {
	tr := &providertest.Transcriber{Text: "helo wrld"}
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, _ := attachModel(t, p, Options{Audio: nullAudio(), Transcriber: tr, Model: "fake/text-only"})
	a := recordNote(t, m, r, 100*time.Millisecond)
	untilVoice(t, r, "the transcript", func() bool { return a.Audio().Transcript != "" })

	r.press(tea.KeyUp, 0) // select the chip
	if !strings.Contains(trayText(m), "enter edit transcript") {
		t.Errorf("the hint does not offer editing:\n%s", trayText(m))
	}
	r.press(tea.KeyEnter, 0)
	if _, ok := m.dialogs.Top().(*dialog.Transcript); !ok {
		t.Fatalf("enter on a voice chip opened %T", m.dialogs.Top())
	}
	if view := plainView(m); !strings.Contains(view, "Voice note transcript") || !strings.Contains(view, "helo wrld") {
		t.Errorf("dialog:\n%s", view)
	}
	r.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // delete to line start
	r.typeText("hello world")
	r.press(tea.KeyEnter, 0)
	untilVoice(t, r, "the edit", func() bool { return a.Audio().Transcript == "hello world" })
	if m.dialogs.Top() != nil {
		t.Error("the dialog stayed open")
	}
	r.press(tea.KeyDown, 0) // back to the composer
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && len(p.Requests()) == 1 })
	if req := requestText(p.Requests()[0]); !strings.Contains(req, "hello world") || strings.Contains(req, "helo") {
		t.Errorf("sent %q, want the edited transcript", req)
	}
}

func TestSpaceTogglesChipPlayback(t *testing.T) {
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Audio: nullAudio()})
	au, err := m.opts.Store.AddAudio(toneWAV(1500*time.Millisecond), "tone.wav")
	if err != nil {
		t.Fatal(err)
	}
	m.tray.Add(tray.NewAudio(au, false))
	m.refreshChips()
	r.press(tea.KeyUp, 0)
	r.send(space())
	untilVoice(t, r, "playback", func() bool { return isPlaying(m) && !m.voice.Starting() })
	a := m.tray.Chips()[0]
	if !strings.HasPrefix(a.Label(), "▶ 0:0") || !strings.HasSuffix(a.Label(), "/0:02 tone.wav 0:02 · audio · sent as transcript") {
		t.Errorf("playing chip label %q", a.Label())
	}
	r.send(space())
	if !m.voice.Paused() || !strings.HasPrefix(a.Label(), "⏸ ") {
		t.Errorf("space did not pause: paused %v, label %q", m.voice.Paused(), a.Label())
	}
	r.send(space())
	if m.voice.Paused() || !strings.HasPrefix(a.Label(), "▶ ") {
		t.Errorf("space did not resume: label %q", a.Label())
	}
	untilVoice(t, r, "the end of playback", func() bool { return !isPlaying(m) })
	if !strings.HasPrefix(a.Label(), "⏵ 0:02 tone.wav") {
		t.Errorf("label after playback %q", a.Label())
	}
}

func TestSpacePlaysTranscriptVoiceNote(t *testing.T) {
	st := openStore(t)
	au, err := st.AddAudio(toneWAV(time.Second), "said.wav")
	if err != nil {
		t.Fatal(err)
	}
	au.Transcript = "hello there"
	conv := &session.Conversation{ID: 4, Messages: []session.Message{
		{Role: session.RoleUser, Status: session.StatusDone, Parts: []session.Part{au}},
	}}
	m := newTestModel(t, &providertest.Provider{}, Options{Store: st, Conversation: conv, Audio: nullAudio()})
	r := newRunner(t, m)
	view := plainView(m)
	for _, want := range []string{"♪ said.wav · 0:01 · WAV", "· ████", "“hello there”"} {
		if !strings.Contains(view, want) {
			t.Errorf("transcript lacks %q:\n%s", want, view)
		}
	}
	r.send(tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModAlt})
	if !m.voice.HasSelection() || !strings.Contains(plainView(m), "space play/pause") {
		t.Fatalf("alt+up selected nothing:\n%s", plainView(m))
	}
	r.send(space())
	untilVoice(t, r, "playback", func() bool { return isPlaying(m) && !m.voice.Starting() })
	if !strings.Contains(plainView(m), "▶ 0:00/0:01 said.wav") {
		t.Errorf("no progress on the note:\n%s", plainView(m))
	}
	r.send(space())
	if !strings.Contains(plainView(m), "⏸ ") || m.composer.Value() != "" {
		t.Errorf("space did not pause (composer %q):\n%s", m.composer.Value(), plainView(m))
	}
	r.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.voice.HasSelection() {
		t.Error("esc kept the selection")
	}
}

func TestGoldenRecordingBar(t *testing.T) {
	// The recorder delivers 20 levels 73 s in, so the bar is always the
	// same: a clock at 1:13 and a meter of 20 known levels.
	levels := make(chan audio.Level, 20)
	for i := range 20 {
		levels <- audio.Level{RMS: float64(i%7) / 10, At: 73 * time.Second}
	}
	opts := nullAudio()
	opts.NewRecorder = func() Recorder { return scriptedRecorder{levels: levels} }
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Audio: opts})
	au := session.Audio{Name: "v.wav", MIME: "audio/wav", Duration: 7 * time.Second,
		Waveform: []float64{0.1, 0.3, 0.6, 0.9, 0.6, 0.3, 0.1, 0.05, 0.2, 0.5, 0.8, 0.4}}
	m.tray.Add(tray.NewAudio(au, true))
	m.refreshChips()
	r.send(ctrlR())
	want, err := os.ReadFile(filepath.Join("testdata", "recording_80.golden"))
	if err != nil && !*update {
		t.Fatal(err)
	}
	untilVoice(t, r, "the 20 levels on the bar", func() bool {
		return *update && len(levels) == 0 && strings.Contains(trayText(m), "1:13") || plainView(m) == string(want)
	})
	checkViews(t, "recording_80", m)
}

func TestHelpListsVoiceKeys(t *testing.T) {
	m := goldenModel(t, 120, 30)
	m.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
	view := plainView(m)
	for _, want := range []string{"ctrl+r", "record a voice note", "stop/discard recording", "play · edit voice transcript"} {
		if !strings.Contains(view, want) {
			t.Errorf("help lacks %q:\n%s", want, view)
		}
	}
}
