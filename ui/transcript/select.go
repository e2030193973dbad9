package transcript

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// SelectKeyMap is the keys of message selection: choosing a message of
// the transcript and what can be done to the selected one. The root acts
// on the SelectAction HandleSelect returns.
type SelectKeyMap struct {
	Up         key.Binding // select the message above (from the newest)
	Down       key.Binding // select the message below
	Edit       key.Binding // take the selected message of yours back to edit
	BranchPrev key.Binding // the selected message's previous branch
	BranchNext key.Binding // its next branch
	Deselect   key.Binding
}

// DefaultSelectKeyMap is parley's message-selection keys. shift+↑/↓ work
// only with an empty composer, where the editor has no line to select.
func DefaultSelectKeyMap() SelectKeyMap {
	return SelectKeyMap{
		Up:         key.NewBinding(key.WithKeys("shift+up"), key.WithHelp("shift+↑/↓", "select a message")),
		Down:       key.NewBinding(key.WithKeys("shift+down"), key.WithHelp("shift+↓", "select the next message")),
		Edit:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit the selected message")),
		BranchPrev: key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "its other branches")),
		BranchNext: key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "its next branch")),
		Deselect:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop the message selection")),
	}
}

// ShortHelp is the selection keys worth a summary (help.KeyMap).
func (k SelectKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Edit, k.BranchPrev}
}

// FullHelp is every selection key (help.KeyMap).
func (k SelectKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Edit, k.BranchPrev, k.BranchNext, k.Deselect}}
}

// SelectAction is what a selection key asks of the root.
type SelectAction int

// The actions on the selected message.
const (
	SelectNone       SelectAction = iota // the selection moved or ended: nothing more to do
	SelectEdit                           // edit the selected message
	SelectBranchPrev                     // show its previous branch
	SelectBranchNext                     // show its next branch
)

// HandleSelect takes a selection key. Up and Down move the selection
// among the entries that selectable accepts (Up from the newest when none
// is selected); the other keys need a selection. ok is false for a key
// that is not the selection's, which then goes on its way.
func (t *Model[E]) HandleSelect(msg tea.KeyPressMsg, k SelectKeyMap, selectable func(E) bool) (a SelectAction, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		t.moveSelection(-1, selectable)
		return SelectNone, true
	case key.Matches(msg, k.Down) && t.hasSel:
		t.moveSelection(1, selectable)
		return SelectNone, true
	case !t.hasSel:
		return SelectNone, false
	case key.Matches(msg, k.Edit):
		return SelectEdit, true
	case key.Matches(msg, k.BranchPrev):
		return SelectBranchPrev, true
	case key.Matches(msg, k.BranchNext):
		return SelectBranchNext, true
	case key.Matches(msg, k.Deselect):
		t.Deselect()
		return SelectNone, true
	}
	return SelectNone, false
}

// moveSelection selects the next selectable entry in direction step
// (-1 up, +1 down) and scrolls to its first line. Moving down past the
// last one ends the selection and follows the bottom again.
func (t *Model[E]) moveSelection(step int, selectable func(E) bool) {
	i := len(t.entries)
	if t.hasSel {
		i = t.index(t.selected)
	}
	for i += step; i >= 0 && i < len(t.entries); i += step {
		if selectable(t.entries[i]) {
			t.selected, t.hasSel = t.entries[i], true
			t.ShowAt(i, 0)
			return
		}
	}
	if step > 0 {
		t.Deselect()
		t.Follow()
	}
}

// index is e's position in the entries, len(entries) when it is not
// there.
func (t *Model[E]) index(e E) int {
	for i, x := range t.entries {
		if x == e {
			return i
		}
	}
	return len(t.entries)
}

// Select makes e the selected entry.
func (t *Model[E]) Select(e E) { t.selected, t.hasSel = e, true }

// Selected is the selected entry; ok is false when none is.
func (t *Model[E]) Selected() (e E, ok bool) { return t.selected, t.hasSel }

// Deselect ends the selection.
func (t *Model[E]) Deselect() {
	var zero E
	t.selected, t.hasSel = zero, false
}
