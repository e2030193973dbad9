package termimg

import (
	"strconv"
	"strings"
)

// Placement is an encoded image (sixel or iTerm2) to draw with its top-left
// corner at a screen cell; Row and Col count from 0.
type Placement struct {
	Row, Col int
	Seq      string
}

// PlaceAll returns one write that draws every placement after Bubble Tea
// has flushed a frame: inside a synchronized update (CSI ?2026 h … l, so
// the terminal shows all images at once, with the text), it saves the
// cursor (ESC 7), moves to each placement (CUP) and writes it, then
// restores the cursor and its attributes (ESC 8), leaving the renderer's
// idea of the cursor intact. It never erases anything. Placements with an
// empty Seq or a negative position are skipped; none left gives "".
func PlaceAll(ps []Placement) string {
	var b strings.Builder
	for _, p := range ps {
		if p.Seq == "" || p.Row < 0 || p.Col < 0 {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("\x1b[?2026h\x1b7")
		}
		b.WriteString("\x1b[")
		b.WriteString(strconv.Itoa(p.Row + 1))
		b.WriteByte(';')
		b.WriteString(strconv.Itoa(p.Col + 1))
		b.WriteByte('H')
		b.WriteString(p.Seq)
	}
	if b.Len() == 0 {
		return ""
	}
	b.WriteString("\x1b8\x1b[?2026l")
	return b.String()
}
