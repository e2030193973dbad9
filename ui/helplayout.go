package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// keyBlocks lays the help's key columns out in blocks of up to three
// side by side, one empty line between blocks: in FullHelp's order when
// three fit in width, else up to two in narrowHelp's order, and a column
// alone (truncated if it must be) where even two are too wide.
func (d *helpDialog) keyBlocks(width int) string {
	cols := d.keys.FullHelp()
	if blocks := d.pack(cols, 3, width); len(blocks) == (len(cols)+2)/3 {
		return strings.Join(blocks, "\n\n")
	}
	return strings.Join(d.pack(d.keys.narrowHelp(), 2, width), "\n\n")
}

// pack puts columns side by side, in order, up to most per block and only
// while the block fits in width.
func (d *helpDialog) pack(cols [][]key.Binding, most, width int) []string {
	var blocks []string
	var row [][]key.Binding
	flush := func() {
		if len(row) > 0 {
			d.help.SetWidth(width) // truncates only a lone column too wide
			blocks = append(blocks, d.help.FullHelpView(row))
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

// window shows the lines of body from d.top when body is taller than
// height, with a last line saying how to see the rest.
func (d *helpDialog) window(body string, height int) string {
	lines := strings.Split(body, "\n")
	d.rows = max(height-1, 1)
	if len(lines) <= height {
		d.top = 0
		return body
	}
	d.top = min(d.top, len(lines)-d.rows)
	hint := "↓/pgdown more · esc close"
	switch {
	case d.top+d.rows >= len(lines):
		hint = "↑/pgup back · esc close"
	case d.top > 0:
		hint = "↑/↓ scroll · esc close"
	}
	shown := append(lines[d.top:d.top+d.rows:d.top+d.rows], d.styles.Muted.Render(hint))
	return strings.Join(shown, "\n")
}

// scroll moves the help's window; window clamps it to the keys.
func (d *helpDialog) scroll(k string) {
	switch k {
	case "down", "j":
		d.top++
	case "up", "k":
		d.top--
	case "pgdown", "space":
		d.top += max(d.rows-1, 1)
	case "pgup":
		d.top -= max(d.rows-1, 1)
	case "home":
		d.top = 0
	}
	d.top = max(d.top, 0)
}
