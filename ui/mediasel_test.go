package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/session"
	"parley/ui/dialog"
	"parley/ui/graphics"
)

// mixedModel shows three messages: an image (first.png), a voice note
// (said.wav) and another image (second.png), all in a real store.
func mixedModel(t *testing.T) (*Model, *runner) {
	t.Helper()
	st := openStore(t)
	first, err := st.AddImage(redPNG(t, 40, 20), "first.png")
	if err != nil {
		t.Fatal(err)
	}
	second, err := st.AddImage(redPNG(t, 40, 20), "second.png")
	if err != nil {
		t.Fatal(err)
	}
	au, err := st.AddAudio(toneWAV(time.Second), "said.wav")
	if err != nil {
		t.Fatal(err)
	}
	msg := func(p session.Part) session.Message {
		return session.Message{Role: session.RoleUser, Status: session.StatusDone, Parts: []session.Part{p}}
	}
	conv := &session.Conversation{ID: 9, Messages: []session.Message{msg(first), msg(au), msg(second)}}
	m := newTestModel(t, &providertest.Provider{}, Options{Store: st, Conversation: conv, Audio: nullAudio(),
		ImageProtocol: graphics.None})
	return m, newRunner(t, m)
}

// selName names the selected media item ("" for none) and checks that
// only one kind is selected.
func selName(t *testing.T, m *Model) string {
	t.Helper()
	if m.chat.ImageSelected() && m.voice.HasSelection() {
		t.Fatal("an image and a voice note are selected at once")
	}
	if img, ok := m.chat.SelectedImage(); ok {
		return img.Name
	}
	if sel, ok := m.voice.Selected(); ok {
		au, _ := voiceLibrary{&m.tray}.Audio(sel)
		return au.Name
	}
	return ""
}

func TestTabCyclesImagesAndVoiceNotes(t *testing.T) {
	m, r := mixedModel(t)
	shiftTab := tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	steps := []struct {
		key  tea.KeyPressMsg
		want string
	}{
		{tea.KeyPressMsg{Code: tea.KeyTab}, "second.png"}, // from none: the newest
		{shiftTab, "said.wav"},
		{shiftTab, "first.png"},
		{shiftTab, "first.png"}, // the oldest stays
		{tea.KeyPressMsg{Code: tea.KeyTab}, "said.wav"},
		{tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModAlt}, "second.png"}, // alt+↓ is tab
		{tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModAlt}, "said.wav"},     // alt+↑ is shift+tab
		{tea.KeyPressMsg{Code: tea.KeyTab}, "second.png"},
		{tea.KeyPressMsg{Code: tea.KeyTab}, ""}, // past the newest: none
		{tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModAlt}, "second.png"},
		{tea.KeyPressMsg{Code: tea.KeyEscape}, ""},
	}
	for i, s := range steps {
		r.send(s.key)
		if got := selName(t, m); got != s.want {
			t.Fatalf("step %d (%s): selected %q, want %q:\n%s", i, s.key, got, s.want, plainView(m))
		}
	}
}

func TestSelectionHintFollowsKind(t *testing.T) {
	m, r := mixedModel(t)
	r.send(tea.KeyPressMsg{Code: tea.KeyTab})
	r.send(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	if v := plainView(m); !strings.Contains(v, "said.wav") || !strings.Contains(v, "space play/pause") ||
		strings.Contains(v, "enter/o view") {
		t.Fatalf("voice note selected: want only its hint:\n%s", v)
	}
	r.send(tea.KeyPressMsg{Code: tea.KeyTab})
	if v := plainView(m); strings.Contains(v, "space play/pause") || !strings.Contains(v, "enter/o view") {
		t.Fatalf("image selected: want only its hint:\n%s", v)
	}
}

func TestVoiceSelectionKeys(t *testing.T) {
	m, r := mixedModel(t)
	r.send(tea.KeyPressMsg{Code: tea.KeyTab})
	r.send(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}) // said.wav
	r.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.img.Viewing() || m.dialogs.IsOpen() {
		t.Fatal("enter on a voice note opened an image viewer or a dialog")
	}
	r.send(space())
	untilVoice(t, r, "playback", func() bool { return isPlaying(m) && !m.voice.Starting() })
	if selName(t, m) != "said.wav" || m.composer.Value() != "" {
		t.Fatalf("space lost the selection (%q) or typed (%q)", selName(t, m), m.composer.Value())
	}
	if !strings.Contains(plainView(m), "0:00/0:01 said.wav") {
		t.Fatalf("no progress on the selected note:\n%s", plainView(m))
	}
	// s is an image key: on a voice note it is typed and ends the selection.
	r.send(tea.KeyPressMsg{Code: 's', Text: "s"})
	if m.dialogs.IsOpen() || m.composer.Value() != "s" || selName(t, m) != "" {
		t.Fatalf("s on a voice note: dialog open %v, composer %q, selected %q",
			m.dialogs.IsOpen(), m.composer.Value(), selName(t, m))
	}
}

func TestImageSelectionKeysInMixedTranscript(t *testing.T) {
	m, r := mixedModel(t)
	r.send(tea.KeyPressMsg{Code: tea.KeyTab})                    // second.png
	r.send(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}) // said.wav
	r.send(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}) // first.png
	r.send(tea.KeyPressMsg{Code: 's', Text: "s"})
	if _, ok := m.dialogs.Top().(*dialog.Save); !ok {
		t.Fatalf("s on an image opened %T, want the save dialog", m.dialogs.Top())
	}
	m.dialogs.Close()
	r.send(tea.KeyPressMsg{Code: 'o', Text: "o"})
	if img, ok := m.img.Viewed(); !ok || img.Name != "first.png" {
		t.Fatalf("o did not open first.png in the viewer: %+v", img)
	}
	r.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	// Space is no image key: it is typed, ends the selection, plays nothing.
	r.send(space())
	if isPlaying(m) || m.voice.Starting() || selName(t, m) != "" || m.composer.Value() != " " {
		t.Fatalf("space on an image: playing %v, selected %q, composer %q",
			isPlaying(m) || m.voice.Starting(), selName(t, m), m.composer.Value())
	}
}

func TestTabWithoutMediaSaysSo(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	r := newRunner(t, m)
	r.send(tea.KeyPressMsg{Code: tea.KeyTab})
	if selName(t, m) != "" || !strings.Contains(plainView(m), "no images or voice notes") {
		t.Fatalf("tab in an empty transcript:\n%s", plainView(m))
	}
}
