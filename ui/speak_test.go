package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/gen2brain/malgo"

	"parley/media/audio"
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
func speakModel(t *testing.T, p providers.Provider, auto bool) (*Model, *runner, *speechtest.Server, *session.Store) {
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
	r.until("the speech to be kept", func() bool { return reply.msg.Spoken != nil })
	if want := []string{"Hello there.", "How are you?"}; !slices.Equal(srv.Texts(), want) {
		t.Errorf("sentences %q, want %q", srv.Texts(), want)
	}
	view := plainView(m)
	if !strings.Contains(view, "🔊 read aloud · 0:00 · ") || strings.Contains(view, "🔊 speaking") {
		t.Errorf("view after the reading:\n%s", view)
	}
	c, err := st.Conversation(m.convID)
	if err != nil || c.Messages[1].Spoken == nil || c.Messages[1].Spoken.Blob != reply.msg.Spoken.Blob {
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
	r.until("the reply", func() bool { return !m.stream.Busy() })
	if lastEntry(t, m).text() != "An answer." || m.speech.Auto() || !strings.Contains(notice(m), `add [speech] provider = "NAME"`) {
		t.Errorf("reply %q auto %v notice %q", lastEntry(t, m).text(), m.speech.Auto(), notice(m))
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
		return strings.Contains(plainView(m), "🔊 speaking") && strings.Contains(reply.text(), "there")
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
	if speaking(m) || !m.stream.Busy() {
		t.Fatalf("first esc: speaking %v, reply streaming %v (want silent, still streaming)", speaking(m), m.stream.Busy())
	}
	r.press(tea.KeyEscape, 0)
	if m.stream.Busy() {
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
