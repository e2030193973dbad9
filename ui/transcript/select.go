package transcript

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Message selection: one entry may be selected (to copy it); the root
// says which entries can be, and draws nothing itself: the transcript
// puts the mark the root gave (SetMark) in the first cell of the
// selected entry's indented lines, where the body leaves a blank.

// selection is the selected entry, if any.
type selection[E comparable] struct {
	entry E
	ok    bool
	mark  string // one cell, styled
}

// SetMark sets the one-cell mark drawn down the selected entry's left
// edge.
func (t *Model[E]) SetMark(mark string) { t.sel.mark = mark }

// Selected is the selected entry, if any.
func (t *Model[E]) Selected() (E, bool) { return t.sel.entry, t.sel.ok }

// Deselect drops the selection.
func (t *Model[E]) Deselect() {
	var zero E
	t.sel.entry, t.sel.ok = zero, false
}

// SelectStep selects the next entry (dir > 0) or the previous one (dir <
// 0) that can be selected (can), starting from the selected one or, with
// none, from the end; it scrolls the new one into view. It reports false
// when there is none that way (the selection stays).
func (t *Model[E]) SelectStep(dir int, can func(E) bool) bool {
	i := len(t.entries)
	if t.sel.ok {
		for k, e := range t.entries {
			if e == t.sel.entry {
				i = k
			}
		}
	}
	for i += dir; i >= 0 && i < len(t.entries); i += dir {
		if can(t.entries[i]) {
			t.sel.entry, t.sel.ok = t.entries[i], true
			t.reveal(i)
			return true
		}
	}
	return false
}

// reveal scrolls so entry i starts on screen, unless it is in view.
func (t *Model[E]) reveal(i int) {
	first, last := -1, -1
	t.Visible(func(s Shown[E]) bool {
		if s.Index == i {
			first, last = s.Row, s.Row+s.Height
		}
		return true
	})
	if first < 0 || (last > t.height && first > 0) {
		t.ShowAt(i, 0)
	}
}

// marked is lines of entry e with the selection's mark, when e is
// selected: the first cell of each line that starts with a blank or is
// empty, but for the blank line that ends the entry (withEnd: lines
// reach it). The lines are copied, never changed: they are the layout's
// cache.
func (t Model[E]) marked(e E, lines []string, withEnd bool) []string {
	if !t.sel.ok || e != t.sel.entry || t.sel.mark == "" {
		return lines
	}
	out := make([]string, len(lines))
	for k, l := range lines {
		switch {
		case withEnd && k == len(lines)-1:
		case l == "":
			l = t.sel.mark
		case strings.HasPrefix(l, " ") || strings.HasPrefix(ansi.Strip(l), " "):
			l = t.sel.mark + ansi.TruncateLeft(l, 1, "")
		}
		out[k] = l
	}
	return out
}

// SelectKeyMap is the keys of message selection: choosing a message of
// the transcript and what can be done to the selected one. The root acts
// on the SelectAction HandleSelect returns.
type SelectKeyMap struct {
	Up         key.Binding // select the message above (from the newest)
	Down       key.Binding // select the message below
	Edit       key.Binding // take the selected message of yours back to edit
	BranchPrev key.Binding // the selected message's previous branch
	BranchNext key.Binding // its next branch
	Expand     key.Binding // show or fold its text files' previews whole
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
		Expand:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "expand/fold its text file previews")),
		Deselect:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop the message selection")),
	}
}

// ShortHelp is the selection keys worth a summary (help.KeyMap).
func (k SelectKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Edit, k.BranchPrev}
}

// FullHelp is every selection key (help.KeyMap).
func (k SelectKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Edit, k.BranchPrev, k.BranchNext, k.Expand, k.Deselect}}
}

// SelectAction is what a selection key asks of the root.
type SelectAction int

// The actions on the selected message.
const (
	SelectNone       SelectAction = iota // the selection moved or ended: nothing more to do
	SelectEdit                           // edit the selected message
	SelectBranchPrev                     // show its previous branch
	SelectBranchNext                     // show its next branch
	SelectExpand                         // expand or fold its text previews
)

// HandleSelect takes a selection key. Up and Down move the selection
// among the entries that selectable accepts (Up from the newest when none
// is selected; Down past the newest ends it and follows the bottom); the
// other keys need a selection. ok is false for a key that is not the
// selection's, which then goes on its way.
func (t *Model[E]) HandleSelect(msg tea.KeyPressMsg, k SelectKeyMap, selectable func(E) bool) (a SelectAction, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		t.SelectStep(-1, selectable)
		return SelectNone, true
	case key.Matches(msg, k.Down) && t.sel.ok:
		if !t.SelectStep(1, selectable) {
			t.Deselect()
			t.Follow()
		}
		return SelectNone, true
	case !t.sel.ok:
		return SelectNone, false
	case key.Matches(msg, k.Edit):
		return SelectEdit, true
	case key.Matches(msg, k.BranchPrev):
		return SelectBranchPrev, true
	case key.Matches(msg, k.BranchNext):
		return SelectBranchNext, true
	case key.Matches(msg, k.Expand):
		return SelectExpand, true
	case key.Matches(msg, k.Deselect):
		t.Deselect()
		return SelectNone, true
	}
	return SelectNone, false
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
func (t *Model[E]) Select(e E) { t.sel.entry, t.sel.ok = e, true }
