package composer

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
)

// KeyMap is the editor's own keys. Enter, Home/End and PgUp/PgDn are not
// among them: the root sends on Enter, and the others scroll the
// transcript, so inside the editor line start/end are ctrl+a/ctrl+e.
type KeyMap struct {
	Newline    key.Binding
	LineStart  key.Binding // its help covers LineEnd too
	LineEnd    key.Binding
	DeleteWord key.Binding
	Complete   key.Binding
	// Older and Newer step through input history: ↑ on the first line
	// (↓ on the last) or ctrl+↑/↓ anywhere, which also works while ↑
	// would select the tray's chips.
	Older, Newer key.Binding
	// ClearDraft empties the whole draft, every line of it.
	ClearDraft key.Binding
	// Editor opens the draft in $VISUAL or $EDITOR.
	Editor key.Binding
}

// DefaultKeyMap is parley's editing keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Newline:    key.NewBinding(key.WithKeys("shift+enter", "ctrl+j"), key.WithHelp("shift+enter", "new line (or ctrl+j)")),
		LineStart:  key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a/e", "line start/end")),
		LineEnd:    key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "line end")),
		DeleteWord: key.NewBinding(key.WithKeys("ctrl+w"), key.WithHelp("ctrl+w", "delete word")),
		Complete:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete command/path")),
		Older:      key.NewBinding(key.WithKeys("up", "ctrl+up"), key.WithHelp("↑/ctrl+↑", "earlier message (↑ on the first line)")),
		Newer:      key.NewBinding(key.WithKeys("down", "ctrl+down"), key.WithHelp("↓/ctrl+↓", "later message, then the draft")),
		ClearDraft: key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear the whole draft")),
		Editor:     key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "compose in $VISUAL/$EDITOR")),
	}
}

// ShortHelp is the editor's keys worth a one-line summary (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Newline} }

// FullHelp is every key the help shows for the editor (help.KeyMap).
// LineEnd is folded into LineStart's entry ("ctrl+a/e").
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Newline, k.LineStart, k.DeleteWord, k.Complete, k.Older, k.Newer, k.ClearDraft, k.Editor}}
}

// Textarea adapts the textarea's key map to these keys (for any editor
// that types like the composer, e.g. the transcript dialog); PgUp/PgDn are off
// since they scroll the transcript.
func (k KeyMap) Textarea() textarea.KeyMap {
	km := textarea.DefaultKeyMap()
	km.InsertNewline = k.Newline
	km.LineStart = key.NewBinding(key.WithKeys(k.LineStart.Keys()...))
	km.LineEnd = key.NewBinding(key.WithKeys(k.LineEnd.Keys()...))
	km.PageUp = key.NewBinding(key.WithDisabled())
	km.PageDown = key.NewBinding(key.WithDisabled())
	return km
}
