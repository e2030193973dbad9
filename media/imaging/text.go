package imaging

import (
	"image"
	"slices"
)

// TextLayout is what AnalyzeText finds of the text an image shows.
type TextLayout struct {
	// Lines counts the text lines found (over all column strips).
	Lines int
	// XHeight estimates the height of a lowercase x in pixels: half the
	// median ink height of a line (ascender top to descender bottom is
	// about twice the x-height in UI and document fonts).
	XHeight float64
	// TextHeavy is true for an image that is mostly lines of text: a
	// screenshot of a terminal, an editor, a document or a chat.
	TextHeavy bool
}

// Tuning of AnalyzeText. A text line is a run of rows holding "ink"
// (pixels far from the background's luminance) between minLine and
// maxLine pixels high and with an ink density of a few to about half of
// its pixels; photos and gradients give runs that are too tall or too
// dense, and so are not text.
const (
	inkContrast     = 48  // luminance difference from the background that counts as ink
	minLine         = 5   // px
	maxLine         = 64  // px
	textStrips      = 4   // columns analysed apart, so side-by-side panes do not merge their lines
	minTextLines    = 8   // over all strips
	minTextCoverage = 0.2 // of the rows of the strips that hold text
)

// AnalyzeText finds the lines of text of img from its rows of ink: the
// background is the most common luminance; each of four vertical strips is
// scanned for runs of rows holding ink, separated by blank rows; a run of
// text height and density is a line. The image is text-heavy with at least
// eight lines covering a fifth of the strips that hold any. It is a cheap
// heuristic, not OCR: one pass over the pixels.
func AnalyzeText(img *image.RGBA) TextLayout {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w < 16 || h < 16 {
		return TextLayout{}
	}
	lum := luminance(img)
	bg := modeOf(lum)
	var heights []int
	covered, stripsWithText := 0, 0
	for s := range textStrips {
		x0, x1 := s*w/textStrips, (s+1)*w/textStrips
		lines, rows := stripLines(lum, w, h, x0, x1, bg)
		if len(lines) > 0 {
			stripsWithText++
			covered += rows
		}
		heights = append(heights, lines...)
	}
	lay := TextLayout{Lines: len(heights)}
	if len(heights) == 0 {
		return lay
	}
	slices.Sort(heights)
	lay.XHeight = float64(heights[len(heights)/2]) / 2
	lay.TextHeavy = len(heights) >= minTextLines &&
		float64(covered) >= minTextCoverage*float64(stripsWithText*h)
	return lay
}

// luminance is img's pixels as 8-bit luma, row-major.
func luminance(img *image.RGBA) []uint8 {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := make([]uint8, w*h)
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for x := range w {
			r, g, b := int(row[4*x]), int(row[4*x+1]), int(row[4*x+2])
			out[y*w+x] = uint8((299*r + 587*g + 114*b) / 1000)
		}
	}
	return out
}

// modeOf is the most common value.
func modeOf(v []uint8) uint8 {
	var hist [256]int
	for _, x := range v {
		hist[x]++
	}
	best := 0
	for i, n := range hist {
		if n > hist[best] {
			best = i
		}
	}
	return uint8(best)
}

func isInk(l, bg uint8) bool {
	d := int(l) - int(bg)
	return d > inkContrast || d < -inkContrast
}

// stripLines returns the heights of the text lines in columns [x0, x1)
// and how many rows they cover.
func stripLines(lum []uint8, w, h, x0, x1 int, bg uint8) (lines []int, rows int) {
	sw := x1 - x0
	start, ink := -1, 0
	flush := func(end int) {
		n := end - start
		density := float64(ink) / float64(n*sw)
		if n >= minLine && n <= maxLine && density >= 0.02 && density <= 0.6 {
			lines = append(lines, n)
			rows += n
		}
		start, ink = -1, 0
	}
	for y := range h {
		c := 0
		for _, l := range lum[y*w+x0 : y*w+x1] {
			if isInk(l, bg) {
				c++
			}
		}
		switch {
		case c > 0 && start < 0:
			start, ink = y, c
		case c > 0:
			ink += c
		case start >= 0:
			flush(y)
		}
	}
	if start >= 0 {
		flush(h)
	}
	return lines, rows
}
