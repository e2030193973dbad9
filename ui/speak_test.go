package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/media/vad"
	"parley/providers"
	"parley/providers/providertest"
	speechapi "parley/providers/speech"
	"parley/providers/speech/speechtest"
	"parley/session"
	"parley/ui/speech"
)

// speakModel is a model whose turns store in a store and whose speech
// goes to the fake OpenAI speech server and plays on miniaudio's null
// backend (silence at real speed, no sound server).
func speakModel(t *testing.T, p providers.Provider, auto bool, tweak ...func(*Options)) (*Model, *runner, *speechtest.Server, *session.Store) {
	t.Helper()
	srv := speechtest.NewOpenAI(t)
	st := openStore(t)
	opts := Options{Store: st, AutoSpeak: auto, Audio: nullAudio(),
		Turns: func(model string) (*session.Turn, error) {
			return &session.Turn{Store: st, Provider: p, Model: strings.TrimPrefix(model, "fake/")}, nil
		},
		Speech: speech.Backend{Synth: func() (speechapi.Synthesizer, error) {
			return speechapi.New(providers.Settings{Name: "tts", Type: "openai", BaseURL: srv.URL + "/v1", APIKey: "k"}, speechapi.Options{})
		}, Audio: audio.Options{Backends: []malgo.Backend{audio.BackendNull}}},
	}
	for _, f := range tweak {
		f(&opts)
	}
	m := newTestModel(t, p, opts)
	return m, newRunner(t, m), srv, st
}

func speaking(m *Model) bool { return m.speech.Active() }

// auto_speak reads the reply while it streams, sentence by sentence; the
// status bar says so; the audio is kept with the stored reply, shown on
// it, and /speak then replays it without asking the backend again.
func TestAutoSpeakReadsReplyAndKeepsIt(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("Hello **there**. ", "How are ", "you?")}
	m, r, srv, st := speakModel(t, p, true)
	r.send(submitMsg{text: "hi"})
	reply := lastEntry(t, m)
	r.until("the reading to start", func() bool { return strings.Contains(plainView(m), "🔊 speaking") })
	r.until("the speech to be kept", func() bool { return reply.Message().Spoken != nil })
	if want := []string{"Hello there.", "How are you?"}; !slices.Equal(srv.Texts(), want) {
		t.Errorf("sentences %q, want %q", srv.Texts(), want)
	}
	view := plainView(m)
	if !strings.Contains(view, "🔊 read aloud · 0:00 · ") || strings.Contains(view, "🔊 speaking") {
		t.Errorf("view after the reading:\n%s", view)
	}
	c, err := st.Conversation(m.chat.ConvID())
	if err != nil || c.Messages[1].Spoken == nil || c.Messages[1].Spoken.Blob != reply.Message().Spoken.Blob {
		t.Fatalf("stored speech %+v, %v", c.Messages[1].Spoken, err)
	}
	if strings.Contains(requestText(p.LastRequest()), "read aloud") {
		t.Error("the speech line reached the model")
	}

	r.typeText("/speak")
	r.press(tea.KeyEnter, 0)
	if !speaking(m) {
		t.Fatal("/speak did not replay")
	}
	r.until("the replay to end", func() bool { return !speaking(m) })
	if len(srv.Texts()) != 2 || noticeErr(m) {
		t.Errorf("replay asked the backend again (%d requests) or failed: %q", len(srv.Texts()), notice(m))
	}
}

// /speak's arguments and what it says when it cannot read.
func TestSpeakCommand(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{Events: providertest.Reply("An answer.")}, Options{Audio: nullAudio()})
	r := newRunner(t, m)
	cmd := func(s string) { r.typeText(s); r.press(tea.KeyEnter, 0) }
	cmd("/speak")
	if !strings.Contains(notice(m), "nothing to read aloud yet") || !noticeErr(m) {
		t.Errorf("/speak with no reply: %q", notice(m))
	}
	cmd("/speak loudly")
	if !strings.Contains(notice(m), "/speak takes on, off or stop") {
		t.Errorf("/speak loudly: %q", notice(m))
	}
	cmd("/speak on")
	if !m.speech.Auto() || !strings.Contains(notice(m), "read aloud as they stream") {
		t.Errorf("/speak on: auto %v notice %q", m.speech.Auto(), notice(m))
	}
	// Without a backend, the reply streams untouched and one line says
	// what to set; auto-speak turns itself off.
	r.send(submitMsg{text: "q"})
	r.until("the notice", func() bool { return strings.Contains(notice(m), "speech is not configured") })
	r.until("the reply", func() bool { return !m.chat.Busy() })
	if lastEntry(t, m).Text() != "An answer." || m.speech.Auto() || !strings.Contains(notice(m), `add [speech] provider = "NAME"`) {
		t.Errorf("reply %q auto %v notice %q", lastEntry(t, m).Text(), m.speech.Auto(), notice(m))
	}
	cmd("/speak off")
	if m.speech.Auto() || m.composer.Value() != "" {
		t.Errorf("/speak off: auto %v composer %q", m.speech.Auto(), m.composer.Value())
	}
}

// Esc silences what is read before it stops the reply (what is heard
// stops first); space pauses and resumes; alt+s reads the last reply;
// sending a message stops the reading.
func TestSpeechStopKeys(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("One sentence here. ", "Another one there. "), Hold: true}
	m, r, _, _ := speakModel(t, p, true)
	r.send(submitMsg{text: "q"})
	reply := lastEntry(t, m)
	r.until("speech", func() bool {
		return strings.Contains(plainView(m), "🔊 speaking") && strings.Contains(reply.Text(), "there")
	})
	r.send(space())
	if !strings.Contains(plainView(m), "⏸ speech paused") {
		t.Errorf("space did not pause:\n%s", plainView(m))
	}
	r.send(space())
	if strings.Contains(plainView(m), "paused") || m.composer.Value() != "" {
		t.Errorf("second space: composer %q\n%s", m.composer.Value(), plainView(m))
	}
	r.press(tea.KeyEscape, 0)
	if speaking(m) || !m.chat.Busy() {
		t.Fatalf("first esc: speaking %v, reply streaming %v (want silent, still streaming)", speaking(m), m.chat.Busy())
	}
	r.press(tea.KeyEscape, 0)
	if m.chat.Busy() {
		t.Fatal("second esc did not stop the reply")
	}
	m.speech.SetAuto(false)
	r.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModAlt})
	if e, ok := m.speech.Reading(); !ok || e != reply {
		t.Fatalf("alt+s did not read the last reply (reading %v, notice %q)", ok, notice(m))
	}
	r.typeText("next")
	r.press(tea.KeyEnter, 0)
	if speaking(m) {
		t.Error("sending a message did not stop the reading")
	}
}

// turnMic is a microphone that delivers the levels a test sends and
// records a tone as long as they said.
type turnMic struct {
	levels chan audio.Level
	at     time.Duration
}

func newTurnMic() *turnMic { return &turnMic{levels: make(chan audio.Level, 256)} }

func (f *turnMic) Start(context.Context) error { return nil }
func (f *turnMic) Levels() <-chan audio.Level  { return f.levels }
func (f *turnMic) Stop() (audio.Recording, error) {
	wav := toneWAV(f.at)
	pcm, rate, ch, err := audio.DecodeWAV(wav)
	return audio.Recording{PCM: pcm, SampleRate: rate, Channels: ch, Duration: f.at}, err
}
func (f *turnMic) Discard() {}

// say sends n levels of rms, 50 ms apart (the caller's goroutine only:
// at is not shared).
func (f *turnMic) say(n int, rms float64) {
	for range n {
		f.at += audio.DefaultLevelInterval
		f.levels <- audio.Level{RMS: rms, Peak: rms, At: f.at}
	}
}

// Voice mode through the root: /voice listens (the bar says so), a spoken
// turn is sent as a voice note, the reply is read aloud, then voice mode
// listens again; esc leaves.
func TestVoiceModeThroughTheChat(t *testing.T) {
	mics := []*turnMic{newTurnMic(), newTurnMic()}
	n := 0
	p := &providertest.Provider{Events: providertest.Reply("Sure thing. ", "Here you go.")}
	m, r, srv, _ := speakModel(t, p, false, func(o *Options) {
		o.Audio.NewRecorder = func() Recorder { mic := mics[min(n, 1)]; n++; return mic }
		o.Speech.VAD = vad.Config{Calibration: 250 * time.Millisecond, Hangover: 200 * time.Millisecond, MinSpeech: 100 * time.Millisecond}
		o.Speech.BargeIn = true
	})
	r.typeText("/voice")
	r.press(tea.KeyEnter, 0)
	r.until("listening", func() bool { return strings.Contains(trayText(m), "● voice mode · 🎙 listening") })
	mics[0].say(12, 0.001)
	mics[0].say(8, 0.3)
	mics[0].say(8, 0.001)
	r.until("the turn to be sent", func() bool { return p.Calls() == 1 })
	var heard bool
	for _, part := range p.LastRequest().Messages[len(p.LastRequest().Messages)-1].Parts {
		_, ok := part.(providers.AudioPart)
		heard = heard || ok
	}
	if !heard {
		t.Errorf("the spoken turn was not sent as audio: %+v", p.LastRequest().Messages)
	}
	r.until("the reply read aloud", func() bool { return len(srv.Texts()) == 2 })
	r.until("listening again", func() bool { return m.speech.Phase() == speech.Listening && !speaking(m) })
	if !strings.Contains(plainView(m), "♪ voice-turn-") || m.tray.Len() != 0 {
		t.Errorf("the spoken turn is not in the transcript, or its chip stayed:\n%s", plainView(m))
	}
	r.press(tea.KeyEscape, 0)
	if m.speech.Phase() != speech.Off || strings.Contains(trayText(m), "voice mode ·") {
		t.Errorf("esc did not leave voice mode:\n%s", trayText(m))
	}
}

// A spoken turn to a model that cannot hear is sent as its transcript
// (made by the turn, as for voice notes), and the transcript shows under
// the turn's note.
func TestVoiceModeTurnTranscriptShows(t *testing.T) {
	mic := newTurnMic()
	tr := &providertest.Transcriber{Text: "what time is it"}
	p := &providertest.Provider{Events: providertest.Reply("Noon.")}
	textOnly := textOnlyCaps()
	m, r, _, _ := speakModel(t, p, false, func(o *Options) {
		o.Audio.NewRecorder = func() Recorder { return mic }
		o.Speech.VAD = vad.Config{Calibration: 250 * time.Millisecond, Hangover: 200 * time.Millisecond, MinSpeech: 100 * time.Millisecond}
		turns := o.Turns
		o.Turns = func(model string) (*session.Turn, error) {
			turn, err := turns(model)
			turn.Caps, turn.Transcriber = &textOnly, tr
			return turn, err
		}
	})
	r.send(tea.KeyPressMsg{Code: 'v', Mod: tea.ModAlt})
	r.until("listening", func() bool { return m.speech.Phase() == speech.Listening })
	mic.say(12, 0.001)
	mic.say(8, 0.3)
	mic.say(8, 0.001)
	r.until("the reply", func() bool { return p.Calls() == 1 && !m.chat.Busy() })
	if got := requestText(p.LastRequest()); !strings.Contains(got, "what time is it") {
		t.Errorf("the model did not get the transcript: %q", got)
	}
	if !strings.Contains(plainView(m), "“what time is it”") {
		t.Errorf("the transcript does not show under the spoken turn:\n%s", plainView(m))
	}
}

// A spoken turn that cannot be sent (no usable provider) says why in the
// transcript, and voice mode listens again instead of waiting for a reply.
func TestVoiceModeRefusedTurnListensAgain(t *testing.T) {
	mic := newTurnMic()
	m, r, _, _ := speakModel(t, &providertest.Provider{}, false, func(o *Options) {
		o.Audio.NewRecorder = func() Recorder { return mic }
		o.Speech.VAD = vad.Config{Calibration: 250 * time.Millisecond, Hangover: 200 * time.Millisecond, MinSpeech: 100 * time.Millisecond}
		o.Turns = func(string) (*session.Turn, error) { return nil, errors.New("set OPENAI_API_KEY") }
	})
	r.send(tea.KeyPressMsg{Code: 'v', Mod: tea.ModAlt})
	r.until("listening", func() bool { return m.speech.Phase() == speech.Listening })
	mic.say(12, 0.001)
	mic.say(8, 0.3)
	mic.say(8, 0.001)
	r.until("the refusal", func() bool { return strings.Contains(plainView(m), "set OPENAI_API_KEY") })
	if m.speech.Phase() != speech.Listening || m.tray.Len() != 1 {
		t.Errorf("phase %v, %d chips (the unsent turn stays in the tray)", m.speech.Phase(), m.tray.Len())
	}
}
