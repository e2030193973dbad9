package graphics

// Winsize is a terminal size in cells and, when known, pixels.
type Winsize struct {
	Cols, Rows int
	PxW, PxH   int // 0 when the terminal does not report pixels
}

// CellSize divides the pixel size by the cell count, rounding down, for a
// terminal that reports the text area exactly; ok is false when the pixels
// are unknown or the result is implausible. See CellSizeHint for windows
// with borders and leftover pixels (xterm).
func (w Winsize) CellSize() (cw, ch int, ok bool) {
	return w.CellSizeHint(0, 0, 0)
}

// padSlack is how many pixels beyond a border and one cell's leftover a
// window may add (padding some terminals put around the text) while a
// previously known cell size still counts as fitting it.
const padSlack = 8

// CellSizeHint estimates the cell size of a window whose reported pixel
// size may include a border of border px on each side and leftover pixels
// past the last row and column: xterm reports its whole window, so a
// 600×400 xterm at 66×20 cells of 9×19 px holds 16 spare rows of pixels,
// and plain division says 20. The border is taken off and the quotient
// rounded down. A previously known cell size (prevW×prevH, 0 if none) is
// kept when the new pixel size can still hold it on both axes: a resize
// does not change the font, and a font change moves the pixels out of
// that range.
func (w Winsize) CellSizeHint(border, prevW, prevH int) (cw, ch int, ok bool) {
	if w.Cols <= 0 || w.Rows <= 0 || w.PxW <= 0 || w.PxH <= 0 {
		return 0, 0, false
	}
	if plausibleCell(prevW, prevH) && holds(w.PxW, w.Cols, prevW, border) && holds(w.PxH, w.Rows, prevH, border) {
		return prevW, prevH, true
	}
	cw, ch = cellAxis(w.PxW, w.Cols, border), cellAxis(w.PxH, w.Rows, border)
	return cw, ch, plausibleCell(cw, ch)
}

// holds reports whether px pixels fit n cells of c px plus a border on
// both sides, less than a cell of leftover and a little padding.
func holds(px, n, c, border int) bool {
	extra := px - n*c
	return extra >= 0 && extra <= c-1+2*border+padSlack
}

// cellAxis is one axis of the cell size: the pixels less the border,
// divided by the cells and rounded down.
func cellAxis(px, n, border int) int {
	if inner := px - 2*border; inner >= n {
		return inner / n
	}
	return px / n
}

// CellSizeFromWinsize returns the cell size in pixels from TIOCGWINSZ on
// fd, with ok false when the terminal does not report pixels. Call it again
// on resize: a font size change shows up only there.
func CellSizeFromWinsize(fd uintptr) (cw, ch int, ok bool) {
	ws, err := ReadWinsize(fd)
	if err != nil {
		return 0, 0, false
	}
	return ws.CellSize()
}

// plausibleCell rejects sizes no real font produces, e.g. from a terminal
// that reports the window size in pixels wrongly.
func plausibleCell(cw, ch int) bool {
	return cw >= 2 && ch >= 4 && cw <= 256 && ch <= 512
}
