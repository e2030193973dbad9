package chat

import (
	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/transcript"
)

// A branch switch (←/→ on a selected message, /branch) reads the branch
// again through the outline, as a retry or an edit does: the store makes
// the branch current and returns its headers and last page in one
// transaction (Store.SwitchBranchOutline), and the messages before the
// view come in as placeholders, loaded as they scroll into view. The
// switched message is the same distance from the root in either branch
// (siblings share a parent), so the view puts its sibling on the screen
// row the message was on: ←/→ flips through the branches in place.

// keepRow is where a switched message was on screen.
type keepRow struct {
	id  int64 // the sibling switched to
	row int   // the screen row of the message's first line (negative: above the top)
	ok  bool  // it was on screen; else its sibling is shown at the top
}

// switchCmd is the Cmd switching conversation conv to the branch through
// message id and reading it lazily; keep says where to show id, sel
// whether to select it.
func switchCmd(store *session.Store, conv int64, keep keepRow, sel bool) tea.Cmd {
	return func() tea.Msg {
		o, err := store.SwitchBranchOutline(conv, keep.id, PageSize)
		msg := branchMsg{outline: o, err: err, keep: keep}
		if sel {
			msg.sel = keep.id
		}
		return msg
	}
}

// rowOf is where e is on screen: the row of its first line, and whether
// any of its lines is shown.
func (c *Chat) rowOf(e *Entry) (row int, ok bool) {
	c.list.Visible(func(s transcript.Shown[*Entry]) bool {
		if s.Entry == e {
			row, ok = s.Row, true
		}
		return !ok
	})
	return row, ok
}

// keepInPlace scrolls so the entry of message k.id starts on row k.row,
// or at the top when it was not on screen. The rows above it may be
// placeholders, their heights guesses: until the pages above have come
// (handlePage calls it again) the place is kept in pages.keep, and the
// first scroll lets it go.
func (c *Chat) keepInPlace(k keepRow) {
	c.pages.keep = nil
	entries := c.list.Entries()
	i := len(entries) - 1
	for i >= 0 && entries[i].msg.ID != k.id {
		i--
	}
	if k.id == 0 || i < 0 {
		return
	}
	exact := !entries[i].pending
	switch {
	case !k.ok:
		c.list.ShowAt(i, 0)
	case k.row <= 0:
		c.list.ShowAt(i, -k.row)
	default:
		exact = c.showAbove(i, k.row) && exact
	}
	if !exact {
		c.pages.keep = &k
	}
}

// showAbove scrolls so entry i starts rows lines below the top; exact is
// false when an entry above it on screen is a placeholder (its height a
// guess).
func (c *Chat) showAbove(i, rows int) (exact bool) {
	entries, w := c.list.Entries(), c.list.Width()
	exact = true
	for i > 0 && rows > 0 {
		i--
		exact = exact && !entries[i].pending
		h := c.draw.lines.Height(entries[i], w)
		if h >= rows {
			c.list.ShowAt(i, h-rows)
			return exact
		}
		rows -= h
	}
	c.list.ShowAt(0, 0)
	return exact
}
