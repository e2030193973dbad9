package ui

import (
	"charm.land/bubbles/v2/key"
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
	k.ChipN = k.Chip.Pick // the tray's: a selected chip leaves it to rootKey
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
