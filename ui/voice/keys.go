package voice

import "charm.land/bubbles/v2/key"

// KeyMap is the voice-note keys: recording, and playing or editing the
// selected note (the root routes them here: layer 5 of its precedence).
type KeyMap struct {
	Record     key.Binding
	StopRecord key.Binding
	// DiscardRecording's help entry is StopRecord's ("enter/esc").
	DiscardRecording key.Binding
	PlayPause        key.Binding
	// EditTranscript's help entry is PlayPause's ("space/enter").
	EditTranscript key.Binding
	VoicePrev      key.Binding
	// VoiceNext's help entry is VoicePrev's ("alt+↑/↓").
	VoiceNext key.Binding
}

// DefaultKeyMap is parley's voice-note keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Record:           key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "record a voice note")),
		StopRecord:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/esc", "stop/discard recording")),
		DiscardRecording: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "discard recording")),
		PlayPause:        key.NewBinding(key.WithKeys("space"), key.WithHelp("space/enter", "play · edit voice transcript")),
		EditTranscript:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit voice chip transcript")),
		VoicePrev:        key.NewBinding(key.WithKeys("alt+up"), key.WithHelp("alt+↑/↓", "same as shift+tab/tab")),
		VoiceNext:        key.NewBinding(key.WithKeys("alt+down"), key.WithHelp("alt+↓", "next voice note")),
	}
}

// ShortHelp is the voice-note column of the help (help.KeyMap). PlayPause's
// entry names Enter too: the column has room for four rows without making
// the help taller.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Record, k.StopRecord, k.PlayPause, k.VoicePrev}
}

// FullHelp is the same one column (help.KeyMap).
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
