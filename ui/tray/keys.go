package tray

import "charm.land/bubbles/v2/key"

// KeyMap is the tray's keys while a chip is selected (the root routes
// them here: layer 6 of its key precedence); the tray's hint line shows
// them.
type KeyMap struct {
	Left, Right, Stay, Back key.Binding
	Remove, Inspect         key.Binding
}

// DefaultKeyMap is the chip keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Left:    key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous chip")),
		Right:   key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next chip")),
		Stay:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "stay on the chip")),
		Back:    key.NewBinding(key.WithKeys("down", "esc"), key.WithHelp("↓/esc", "back to the message")),
		Remove:  key.NewBinding(key.WithKeys("delete", "backspace"), key.WithHelp("del", "remove")),
		Inspect: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "inspect")),
	}
}

// ShortHelp is the chip keys (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Left, k.Right, k.Remove, k.Inspect, k.Back, k.Stay}
}

// FullHelp is the chip keys (help.KeyMap).
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
