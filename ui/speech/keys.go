package speech

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// KeyMap is the read-aloud and voice-mode keys. Speak and Voice are the
// root's (it knows which message is selected, and runs the commands);
// the others act on the reading or the voice conversation in progress.
type KeyMap struct {
	// Speak reads the selected message, else the last reply (/speak).
	Speak key.Binding
	// Stop ends the reading (and, in voice mode, leaves it); Pause pauses
	// or resumes it (an empty composer: otherwise space is typed).
	Stop  key.Binding
	Pause key.Binding
	// Voice enters or leaves voice mode (/voice); Talk is its
	// push-to-talk: it starts a turn, and ends it.
	Voice key.Binding
	Talk  key.Binding
}

// DefaultKeyMap is parley's read-aloud and voice-mode keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Speak: key.NewBinding(key.WithKeys("alt+s"), key.WithHelp("alt+s", "read aloud (last/selected)")),
		Stop:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc/space", "stop · pause speech")),
		Pause: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause/resume speech")),
		Voice: key.NewBinding(key.WithKeys("alt+v"), key.WithHelp("alt+v", "voice mode (esc leaves)")),
		Talk:  key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "push to talk (voice mode)")),
	}
}

// ShortHelp is the read-aloud rows of the help (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Speak, k.Stop, k.Voice, k.Talk} }

// FullHelp is the same one column (help.KeyMap).
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// HandleKey takes the keys of voice mode (Esc leaves it, Space with an
// empty composer is push-to-talk) and of a reading in progress (Esc
// stops it, Space pauses or resumes it). ok is false for every other key.
func (s *Speaker[R]) HandleKey(msg tea.KeyPressMsg, composerEmpty bool) (Result, tea.Cmd, bool) {
	if s.mode != nil {
		switch {
		case key.Matches(msg, s.keys.Stop):
			res, cmd := s.LeaveVoice()
			return res, cmd, true
		case key.Matches(msg, s.keys.Talk) && composerEmpty:
			res, cmd := s.pushToTalk()
			return res, cmd, true
		}
	}
	if s.cur == nil {
		return Result{}, nil, false
	}
	switch {
	case key.Matches(msg, s.keys.Stop):
		return Result{Changed: true}, s.Stop(), true
	case key.Matches(msg, s.keys.Pause) && composerEmpty && s.TogglePause():
		return Result{Changed: true}, nil, true
	}
	return Result{}, nil, false
}
