package tray

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// KeyMap is the tray's keys while a chip is selected (the root routes
// them here: layer 6 of its key precedence); the tray's hint line shows
// them.
type KeyMap struct {
	Left, Right, Stay, Back key.Binding
	Remove, Inspect         key.Binding
	// Pick selects chip N (alt+1…9); the root's help lists it with the
	// attachment keys, and a selected chip leaves it to the root.
	Pick key.Binding
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
		Pick: key.NewBinding(key.WithKeys("alt+1", "alt+2", "alt+3", "alt+4", "alt+5", "alt+6", "alt+7", "alt+8", "alt+9"),
			key.WithHelp("alt+1…9", "attachment N")),
	}
}

// ShortHelp is the chip keys of the hint line (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Left, k.Right, k.Remove, k.Inspect, k.Back, k.Stay}
}

// FullHelp is the chip keys and Pick (help.KeyMap).
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{append(k.ShortHelp(), k.Pick)} }

// HandleKey acts on the selected chip; ok is false for keys it gives back
// to the composer, which are then handled as usual (any key but Pick
// first ends the selection).
func (t *Tray) HandleKey(msg tea.KeyPressMsg) (out Outcome, ok bool) {
	k := t.keys
	out.Layout = true
	switch {
	case t.Selected() == nil:
		return Outcome{}, false
	case key.Matches(msg, k.Left):
		t.Select(max(t.sel-1, 0))
	case key.Matches(msg, k.Right):
		t.Select(t.sel + 1)
	case key.Matches(msg, k.Stay):
	case key.Matches(msg, k.Back):
		t.Select(-1)
	case key.Matches(msg, k.Remove):
		name := t.Selected().Name()
		t.Remove(t.sel)
		t.SetNotice("removed "+name, false)
	case key.Matches(msg, k.Inspect):
		if a := t.Selected(); a.Image() != nil || a.Document() != nil {
			out.Inspect = a
			return out, true
		}
		t.SetNotice("only images and documents can be inspected", true)
	case key.Matches(msg, k.Pick):
		return out, false
	default:
		t.Select(-1)
		return out, false
	}
	return out, true
}
