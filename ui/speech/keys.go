package speech

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// KeyMap is the read-aloud keys. Speak is the root's (it knows which
// message is selected); Stop and Pause act on the reading in progress.
type KeyMap struct {
	// Speak reads the selected message, else the last reply (/speak).
	Speak key.Binding
	// Stop ends the reading; Pause pauses or resumes it (an empty
	// composer: otherwise space is typed).
	Stop  key.Binding
	Pause key.Binding
}

// DefaultKeyMap is parley's read-aloud keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Speak: key.NewBinding(key.WithKeys("alt+s"), key.WithHelp("alt+s", "read aloud (last/selected)")),
		Stop:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc/space", "stop · pause speech")),
		Pause: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause/resume speech")),
	}
}

// ShortHelp is the read-aloud rows of the help (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Speak, k.Stop} }

// FullHelp is the same one column (help.KeyMap).
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// HandleKey takes the keys of a reading in progress: Esc stops it, Space
// (with an empty composer) pauses or resumes it. ok is false for every
// other key, and for every key while nothing is read.
func (s *Speaker[R]) HandleKey(msg tea.KeyPressMsg, composerEmpty bool) (Result, tea.Cmd, bool) {
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
