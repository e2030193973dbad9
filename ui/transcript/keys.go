package transcript

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// KeyMap is the transcript's scrolling keys. Wheel only documents the
// mouse wheel in the help: wheel steps arrive as tea.MouseWheelMsg, never
// as keys.
type KeyMap struct {
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Wheel    key.Binding
}

// DefaultKeyMap is parley's scrolling keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdown", "scroll down")),
		Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first message")),
		Bottom:   key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "latest (follow)")),
		Wheel:    key.NewBinding(key.WithKeys("wheel"), key.WithHelp("wheel", "scroll")),
	}
}

// ShortHelp is the keys worth a one-line summary (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.PageUp, k.PageDown} }

// FullHelp is every scrolling key, in the help's order (help.KeyMap).
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.PageUp, k.PageDown, k.Top, k.Bottom, k.Wheel}}
}

// Scrolls reports whether msg is one of the transcript's keys, so the
// root's key precedence can hand it over.
func (k KeyMap) Scrolls(msg tea.KeyPressMsg) bool {
	return key.Matches(msg, k.PageUp, k.PageDown, k.Top, k.Bottom)
}
