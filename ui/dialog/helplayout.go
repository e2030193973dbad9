package dialog

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// keyBlocks lays the help's key columns out in blocks of up to three
// side by side, one empty line between blocks: in FullHelp's order when
// three fit in width, else up to two in the Narrow order, and a column
// alone (truncated if it must be) where even two are too wide.
func (d *Help) keyBlocks(width int) string {
	cols := d.keys.Full
	if blocks := d.pack(cols, 3, width); len(blocks) == (len(cols)+2)/3 {
		return strings.Join(blocks, "\n\n")
	}
	return strings.Join(d.pack(d.keys.Narrow, 2, width), "\n\n")
}

// pack puts columns side by side, in order, up to most per block and only
// while the block fits in width.
func (d *Help) pack(cols [][]key.Binding, most, width int) []string {
	var blocks []string
	var row [][]key.Binding
	flush := func() {
		if len(row) > 0 {
			// A lone column too wide is cut line by line: the help
			// model would replace the whole column with "…".
			d.help.SetWidth(0)
			lines := strings.Split(d.help.FullHelpView(row), "\n")
			for i, l := range lines {
				lines[i] = cutLine(l, width)
			}
			blocks = append(blocks, strings.Join(lines, "\n"))
			row = nil
		}
	}
	for _, c := range cols {
		next := append(row[:len(row):len(row)], c)
		d.help.SetWidth(0) // measure untruncated
		if len(row) > 0 && (len(next) > most || lipgloss.Width(d.help.FullHelpView(next)) > width) {
			flush()
			next = [][]key.Binding{c}
		}
		row = next
	}
	flush()
	return blocks
}

// The help's last line when it scrolls, by position: at the top, in the
// middle, at the end.
const (
	hintMore   = "↓/pgdown more · esc close"
	hintScroll = "↑/↓ scroll · esc close"
	hintBack   = "↑/pgup back · esc close"
)

// cutLine fits l in width cells: the help pads its columns with spaces,
// so a line is marked "…" only when its text, not its padding, is cut.
func cutLine(l string, width int) string {
	if ansi.StringWidth(strings.TrimRight(ansi.Strip(l), " ")) <= width {
		return ansi.Truncate(l, width, "")
	}
	return ansi.Truncate(l, width, "…")
}

// window returns the lines from d.top when they are taller than height,
// with a last line saying how to see the rest, and the width that line
// may need (0 when everything fits), so the box can be sized for every
// scroll position at once.
func (d *Help) window(lines []string, height int) (shown []string, hintWidth int) {
	d.rows = max(height-1, 1)
	if len(lines) <= height {
		d.top = 0
		return lines, 0
	}
	d.top = min(d.top, len(lines)-d.rows)
	hint := hintMore
	switch {
	case d.top+d.rows >= len(lines):
		hint = hintBack
	case d.top > 0:
		hint = hintScroll
	}
	hintWidth = max(lipgloss.Width(hintMore), lipgloss.Width(hintScroll), lipgloss.Width(hintBack))
	shown = append(lines[d.top:d.top+d.rows:d.top+d.rows], d.styles.Muted.Render(hint))
	return shown, hintWidth
}

// scroll moves the help's window; window clamps it to the keys.
func (d *Help) scroll(msg tea.KeyPressMsg) {
	k := d.scrollK
	switch {
	case key.Matches(msg, k.Down):
		d.top++
	case key.Matches(msg, k.Up):
		d.top--
	case key.Matches(msg, k.PageDown):
		d.top += max(d.rows-1, 1)
	case key.Matches(msg, k.PageUp):
		d.top -= max(d.rows-1, 1)
	case key.Matches(msg, k.Top):
		d.top = 0
	}
	d.top = max(d.top, 0)
}
