package dialog

import (
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/themes"
)

// The model picker and the history are one kind of dialog: a filter typed
// above a list and a choice. This file is what they share: the keys that
// move and filter, and the layout.

// listKey applies the keys that move the cursor among n rows or edit the
// filter: it returns the cursor and the filter after msg, and whether the
// filter was edited. Choosing and closing are each dialog's own.
func listKey(k ListKeyMap, msg tea.KeyPressMsg, cursor, n int, filter string) (int, string, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return max(cursor-1, 0), filter, false
	case key.Matches(msg, k.Down):
		return max(min(cursor+1, n-1), 0), filter, false
	case key.Matches(msg, k.PageUp):
		return max(cursor-10, 0), filter, false
	case key.Matches(msg, k.PageDown):
		return max(min(cursor+10, n-1), 0), filter, false
	case key.Matches(msg, k.DeleteChar):
		if filter == "" {
			return cursor, filter, false
		}
		_, size := utf8.DecodeLastRuneInString(filter)
		return cursor, filter[:len(filter)-size], true
	case key.Matches(msg, k.ClearFilter):
		return cursor, "", true
	case msg.Text != "":
		return cursor, filter + msg.Text, true
	}
	return cursor, filter, false
}

// listDialog lays out a filterable list dialog (the model picker, the
// history): head lines, as many list rows as fit (rows(width, n)), and a
// footer of key hints, the short hints when the long ones do not fit. With
// room to spare, a blank line sets the list apart above and below.
func listDialog(st *themes.Styles, head []string, rows func(width, n int) []string,
	inner, width, height int, hints, short string) string {
	if ansi.StringWidth(hints) > inner {
		hints = short
	}
	foot := []string{st.Muted.Render(hints)}
	room := height - st.Dialog.GetVerticalFrameSize()
	if room-len(head)-len(foot)-2 >= pickerMinRows {
		head, foot = append(head, ""), append([]string{""}, foot...)
	}
	n := max(room-len(head)-len(foot), 1)
	lines := append(append(head, rows(inner, n)...), foot...)
	return box(st, lines, inner, width, height)
}

// pickerMinRows is the fewest list rows the picker gives up its blank
// lines for.
const pickerMinRows = 4

// listWindow is the slice [start, end) of a list of total rows to show in
// room rows (at least one) so that the cursor stays near the middle.
func listWindow(cursor, total, room int) (start, end int) {
	room = max(room, 1)
	start = max(min(cursor-room/2, total-room), 0)
	return start, min(start+room, total)
}

// listRows appends to head (the error and status lines) as many of total
// rows as fit in n lines, scrolled so the cursor is visible; row draws
// row i.
func listRows(head []string, cursor, total, n int, row func(i int, sel bool) string) []string {
	start, end := listWindow(cursor, total, n-len(head))
	for i := start; i < end; i++ {
		head = append(head, row(i, i == cursor))
	}
	return head
}

// cursorMark is a row's first two cells: the cursor's arrow, or blanks.
func cursorMark(st *themes.Styles, sel bool) string {
	if sel {
		return st.Accent.Render("› ")
	}
	return "  "
}

// errorLine is the list's error line, or none.
func errorLine(st *themes.Styles, err string) []string {
	if err == "" {
		return nil
	}
	return []string{st.ErrorLine.Render("✗ " + err)}
}
