package graphics

// Winsize is a terminal size in cells and, when known, pixels.
type Winsize struct {
	Cols, Rows int
	PxW, PxH   int // 0 when the terminal does not report pixels
}

// CellSize divides the pixel size by the cell count; ok is false when the
// pixels are unknown or the result is implausible.
func (w Winsize) CellSize() (cw, ch int, ok bool) {
	if w.Cols <= 0 || w.Rows <= 0 || w.PxW <= 0 || w.PxH <= 0 {
		return 0, 0, false
	}
	cw, ch = w.PxW/w.Cols, w.PxH/w.Rows
	return cw, ch, plausibleCell(cw, ch)
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
