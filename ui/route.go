package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// This file routes the keys and messages of the model picker, the
// attachment tray, the slash commands and their dialogs, so the shared
// handlers only call in here.

// addFeatureKeys sets the bindings of models, attachments and commands.
func addFeatureKeys(k *keyMap) {
	k.Models = key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "switch model"))
	k.Paste = key.NewBinding(key.WithKeys("ctrl+v"), key.WithHelp("ctrl+v", "paste image/text"))
	k.PickFile = key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "attach a file"))
	k.Chips = key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "select attachment"))
	k.ChipN = key.NewBinding(key.WithKeys("alt+1", "alt+2", "alt+3", "alt+4", "alt+5", "alt+6", "alt+7", "alt+8", "alt+9"),
		key.WithHelp("alt+1…9", "attachment N"))
	k.RemoveChip = key.NewBinding(key.WithKeys("delete", "backspace"), key.WithHelp("del", "remove attachment"))
	k.Inspect = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "inspect attachment"))
	k.History = key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "open a past conversation"))
}

// featureHelp is the help's second block: models and attachments, and
// the slash commands.
func featureHelp(k keyMap) [][]key.Binding {
	return [][]key.Binding{
		{k.Models, k.History, k.Paste, k.PickFile, k.Chips, k.ChipN, k.RemoveChip, k.Inspect, k.Composer.Complete},
		commandHelp(),
	}
}

// commandHelp documents the slash commands in the help's last column.
func commandHelp() []key.Binding {
	var out []key.Binding
	for _, c := range commands() {
		out = append(out, key.NewBinding(key.WithKeys(c.name), key.WithHelp(c.name, c.help)))
	}
	return out
}

// handleChipKey acts on the selected chip. Keys it does not know give the
// keys back to the composer and are then handled as usual.
func (m *Model) handleChipKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	defer m.layout()
	k := m.keys.Chip
	switch {
	case key.Matches(msg, k.Left):
		m.tray.Select(max(m.tray.SelectedIndex()-1, 0))
	case key.Matches(msg, k.Right):
		m.tray.Select(m.tray.SelectedIndex() + 1)
	case key.Matches(msg, k.Stay):
	case key.Matches(msg, k.Back):
		m.tray.Select(-1)
	case key.Matches(msg, k.Remove):
		name := m.tray.Selected().Name()
		m.tray.Remove(m.tray.SelectedIndex())
		m.tray.SetNotice("removed "+name, false)
	case key.Matches(msg, k.Inspect):
		if a := m.tray.Selected(); a.Image() != nil {
			return m.openInspect(a), true
		}
		m.tray.SetNotice("only images can be inspected", true)
	case key.Matches(msg, m.keys.ChipN):
		return nil, false
	default:
		m.tray.Select(-1)
		return nil, false
	}
	return nil, true
}

// outgoingParts is the next user message: its text, then the tray's
// attachments.
func (m *Model) outgoingParts(text string) []session.Part {
	var parts []session.Part
	if strings.TrimSpace(text) != "" {
		parts = append(parts, session.Text{Text: text})
	}
	return append(parts, m.tray.Parts()...)
}
