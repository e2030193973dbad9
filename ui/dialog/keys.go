package dialog

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// The dialogs' own keys. Each dialog shows them in its hint line, not in
// the ? help, which lists what works over the transcript. Every one is a
// help.KeyMap, and TestEveryBindingHasHelp checks each binding has a help
// entry and each entry a binding.

// ListKeyMap is the model picker's and the history's: a filter typed into
// a list, and a choice.
type ListKeyMap struct {
	Up, Down, PageUp, PageDown key.Binding
	Choose, Close              key.Binding
	DeleteChar, ClearFilter    key.Binding
}

// DefaultListKeyMap is the list dialogs' keys.
func DefaultListKeyMap() ListKeyMap {
	return ListKeyMap{
		Up:          key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "move up")),
		Down:        key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "move down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "ten up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdown", "ten down")),
		Choose:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Close:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		DeleteChar:  key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "delete a letter")),
		ClearFilter: key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear the filter")),
	}
}

// ShortHelp is the list's essentials (help.KeyMap).
func (k ListKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Choose, k.Up, k.Down, k.Close} }

// FullHelp is every list key (help.KeyMap).
func (k ListKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Choose, k.Close, k.DeleteChar, k.ClearFilter}}
}

// HelpScrollKeyMap scrolls the ? help when it is taller than the screen.
type HelpScrollKeyMap struct {
	Down, Up, PageDown, PageUp, Top key.Binding
}

// DefaultHelpScrollKeyMap is the help's scroll keys.
func DefaultHelpScrollKeyMap() HelpScrollKeyMap {
	return HelpScrollKeyMap{
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdown", "a page down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "a page up")),
		Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "back to the top")),
	}
}

// ShortHelp is the scroll keys (help.KeyMap).
func (k HelpScrollKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.PageDown, k.PageUp, k.Top}
}

// FullHelp is the scroll keys (help.KeyMap).
func (k HelpScrollKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// ConfirmKeyMap is a dialog that edits a text and saves or cancels it
// (the save-image path, a voice note's transcript).
type ConfirmKeyMap struct {
	Save, Cancel key.Binding
}

// DefaultConfirmKeyMap is enter saves, esc cancels.
func DefaultConfirmKeyMap() ConfirmKeyMap {
	return ConfirmKeyMap{
		Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp is save and cancel (help.KeyMap).
func (k ConfirmKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Save, k.Cancel} }

// FullHelp is save and cancel (help.KeyMap).
func (k ConfirmKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// AskKeyMap answers a yes-or-no question (Ask).
type AskKeyMap struct {
	Yes, No key.Binding
}

// DefaultAskKeyMap is y or enter for yes, n or esc for no.
func DefaultAskKeyMap() AskKeyMap {
	return AskKeyMap{
		Yes: key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "yes")),
		No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
	}
}

// ShortHelp is yes and no (help.KeyMap).
func (k AskKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Yes, k.No} }

// FullHelp is yes and no (help.KeyMap).
func (k AskKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// InspectKeyMap is the inspect dialog's: close, OpenAI's detail, and
// whole or tiles for a text-heavy screenshot.
type InspectKeyMap struct {
	Close, Detail, Tiles key.Binding
}

// DefaultInspectKeyMap is the inspect dialog's keys.
func DefaultInspectKeyMap() InspectKeyMap {
	return InspectKeyMap{
		Close:  key.NewBinding(key.WithKeys("esc", "enter", "q"), key.WithHelp("esc", "close")),
		Detail: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "toggle detail")),
		Tiles:  key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "send whole or as tiles")),
	}
}

// ShortHelp is detail, tiles and close (help.KeyMap).
func (k InspectKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Detail, k.Tiles, k.Close} }

// FullHelp is detail, tiles and close (help.KeyMap).
func (k InspectKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// FilePickKeyMap is the file picker's own key; the bubbles filepicker
// has its own KeyMap for moving and opening.
type FilePickKeyMap struct {
	Close key.Binding
}

// DefaultFilePickKeyMap is esc or q closes the file picker.
func DefaultFilePickKeyMap() FilePickKeyMap {
	return FilePickKeyMap{Close: key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close"))}
}

// ShortHelp is close (help.KeyMap).
func (k FilePickKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Close} }

// FullHelp is close (help.KeyMap).
func (k FilePickKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// The dialogs' KeyMaps are help.KeyMaps.
var (
	_ help.KeyMap = ListKeyMap{}
	_ help.KeyMap = HelpScrollKeyMap{}
	_ help.KeyMap = ConfirmKeyMap{}
	_ help.KeyMap = AskKeyMap{}
	_ help.KeyMap = InspectKeyMap{}
	_ help.KeyMap = FilePickKeyMap{}
)
