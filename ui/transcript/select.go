package transcript

import (
	"strings"

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
