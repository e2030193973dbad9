package termimg

import (
	"image"
	"strconv"
	"strings"
)

// ColorMode selects how half-block colours are written.
type ColorMode int

const (
	// TrueColor writes 24-bit SGR colours (38;2;r;g;b).
	TrueColor ColorMode = iota
	// ANSI256 writes the nearest colour of xterm's 256-colour palette
	// (38;5;n), for terminals without direct colour.
	ANSI256
)

// String names the mode.
func (m ColorMode) String() string {
	if m == ANSI256 {
		return "256"
	}
	return "truecolor"
}

const upperHalf = "▀"

// HalfBlocks draws img into cols×rows cells with the upper-half-block
// character: each cell's foreground is its top pixel and its background its
// bottom pixel, after scaling the image to cols×(2·rows) pixels. The result
// is rows lines joined by "\n"; each line is exactly cols cells wide and ends
// with an SGR reset, so it can sit inside any styled layout. Colours are only
// re-sent when they change along a line. Transparent pixels are drawn as
// black. An empty image or size gives "".
func HalfBlocks(img image.Image, cols, rows int, mode ColorMode) string {
	if cols <= 0 || rows <= 0 || img.Bounds().Empty() {
		return ""
	}
	px := resize(img, cols, rows*2)
	var b strings.Builder
	// Worst case per cell: two full 24-bit SGR parameters plus the glyph.
	b.Grow(rows * (cols*42 + 8))
	buf := make([]byte, 0, 64)
	for y := 0; y < rows; y++ {
		if y > 0 {
			b.WriteByte('\n')
		}
		top := px.Pix[(2*y)*px.Stride:]
		bot := px.Pix[(2*y+1)*px.Stride:]
		prevFg, prevBg := -1, -1
		for x := 0; x < cols; x++ {
			fg := colorKey(top[x*4:x*4+3], mode)
			bg := colorKey(bot[x*4:x*4+3], mode)
			buf = buf[:0]
			if fg != prevFg || bg != prevBg {
				buf = append(buf, "\x1b["...)
				if fg != prevFg {
					buf = appendSGRColor(buf, 38, fg, mode)
				}
				if bg != prevBg {
					if fg != prevFg {
						buf = append(buf, ';')
					}
					buf = appendSGRColor(buf, 48, bg, mode)
				}
				buf = append(buf, 'm')
				prevFg, prevBg = fg, bg
			}
			buf = append(buf, upperHalf...)
			b.Write(buf)
		}
		b.WriteString("\x1b[0m")
	}
	return b.String()
}

// colorKey packs a pixel into 0xRRGGBB for TrueColor or into its xterm
// palette index for ANSI256, so equal colours compare equal.
func colorKey(p []byte, mode ColorMode) int {
	if mode == ANSI256 {
		return xterm256(p[0], p[1], p[2])
	}
	return int(p[0])<<16 | int(p[1])<<8 | int(p[2])
}

// appendSGRColor appends "38;2;r;g;b" / "38;5;n" (or 48 for background).
func appendSGRColor(dst []byte, base, key int, mode ColorMode) []byte {
	dst = strconv.AppendInt(dst, int64(base), 10)
	if mode == ANSI256 {
		dst = append(dst, ";5;"...)
		return strconv.AppendInt(dst, int64(key), 10)
	}
	dst = append(dst, ";2;"...)
	dst = strconv.AppendInt(dst, int64(key>>16), 10)
	dst = append(dst, ';')
	dst = strconv.AppendInt(dst, int64(key>>8&0xff), 10)
	dst = append(dst, ';')
	return strconv.AppendInt(dst, int64(key&0xff), 10)
}

// xterm256 returns the index of the nearest colour among xterm's 6×6×6 cube
// (16–231, levels 0,95,135,175,215,255) and its 24-step grey ramp (232–255).
// The 16 system colours are skipped because themes redefine them.
func xterm256(r, g, b uint8) int {
	ri, gi, bi := cubeIndex(r), cubeIndex(g), cubeIndex(b)
	cr, cg, cb := cubeLevel(ri), cubeLevel(gi), cubeLevel(bi)
	cubeErr := sq(int(r)-cr) + sq(int(g)-cg) + sq(int(b)-cb)
	avg := (int(r) + int(g) + int(b)) / 3
	gi2 := min(max((avg-3)/10, 0), 23)
	gl := 8 + 10*gi2
	greyErr := sq(int(r)-gl) + sq(int(g)-gl) + sq(int(b)-gl)
	if greyErr < cubeErr {
		return 232 + gi2
	}
	return 16 + 36*ri + 6*gi + bi
}

// XTerm256RGB returns the colour of xterm palette index n for n in 16–255
// (the cube and grey ramp HalfBlocks uses); other values give black.
func XTerm256RGB(n int) (r, g, b uint8) {
	switch {
	case n >= 232 && n <= 255:
		v := uint8(8 + 10*(n-232))
		return v, v, v
	case n >= 16 && n < 232:
		n -= 16
		return uint8(cubeLevel(n / 36)), uint8(cubeLevel(n / 6 % 6)), uint8(cubeLevel(n % 6))
	}
	return 0, 0, 0
}

func cubeIndex(v uint8) int {
	switch {
	case v < 48:
		return 0
	case v < 115:
		return 1
	}
	return (int(v) - 35) / 40
}

func cubeLevel(i int) int {
	if i == 0 {
		return 0
	}
	return 55 + 40*i
}

func sq(v int) int { return v * v }
