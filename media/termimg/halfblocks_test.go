package termimg

import (
	"image"
	"image/color"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

type cellColors struct{ fg, bg [3]uint8 }

var sgrRe = regexp.MustCompile(`^\x1b\[([0-9;]*)m`)

// decodeHalfBlocks parses HalfBlocks output back into per-cell colours,
// failing on anything that is not SGR or "▀", and checks line endings.
func decodeHalfBlocks(t *testing.T, s string) [][]cellColors {
	t.Helper()
	var out [][]cellColors
	for i, line := range strings.Split(s, "\n") {
		if !strings.HasSuffix(line, "\x1b[0m") {
			t.Fatalf("line %d does not end with an SGR reset: %q", i, line)
		}
		line = strings.TrimSuffix(line, "\x1b[0m")
		var row []cellColors
		var cur cellColors
		for len(line) > 0 {
			if m := sgrRe.FindStringSubmatch(line); m != nil {
				applySGR(t, &cur, m[1])
				line = line[len(m[0]):]
				continue
			}
			if !strings.HasPrefix(line, upperHalf) {
				t.Fatalf("line %d: unexpected text %q", i, line)
			}
			row = append(row, cur)
			line = line[len(upperHalf):]
		}
		out = append(out, row)
	}
	return out
}

func applySGR(t *testing.T, c *cellColors, params string) {
	t.Helper()
	var p []int
	for _, f := range strings.Split(params, ";") {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("bad SGR %q", params)
		}
		p = append(p, n)
	}
	for len(p) > 0 {
		var dst *[3]uint8
		switch p[0] {
		case 38:
			dst = &c.fg
		case 48:
			dst = &c.bg
		default:
			t.Fatalf("unexpected SGR parameter %d in %q", p[0], params)
		}
		switch {
		case len(p) >= 5 && p[1] == 2:
			*dst = [3]uint8{uint8(p[2]), uint8(p[3]), uint8(p[4])}
			p = p[5:]
		case len(p) >= 3 && p[1] == 5:
			r, g, b := XTerm256RGB(p[2])
			*dst = [3]uint8{r, g, b}
			p = p[3:]
		default:
			t.Fatalf("bad colour in SGR %q", params)
		}
	}
}

// An image already at cols×2rows pixels is not resampled: every cell's
// foreground must be exactly its top pixel and its background its bottom.
func TestHalfBlocksExactPixels(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 5, 6))
	for y := 0; y < 6; y++ {
		for x := 0; x < 5; x++ {
			img.Set(x, y, color.NRGBA{uint8(x * 50), uint8(y * 40), uint8(200 - x*y*5), 255})
		}
	}
	cells := decodeHalfBlocks(t, HalfBlocks(img, 5, 3, TrueColor))
	if len(cells) != 3 {
		t.Fatalf("got %d lines, want 3", len(cells))
	}
	for y, row := range cells {
		if len(row) != 5 {
			t.Fatalf("line %d has %d cells, want 5", y, len(row))
		}
		for x, c := range row {
			top, bot := rgbOf(img.At(x, 2*y)), rgbOf(img.At(x, 2*y+1))
			if c.fg != top || c.bg != bot {
				t.Errorf("cell %d,%d = fg %v bg %v, want %v %v", x, y, c.fg, c.bg, top, bot)
			}
		}
	}
}

// A large image is averaged down: each quadrant of a four-colour image must
// come out in its own colour, in both colour modes.
func TestHalfBlocksDownscaleQuadrants(t *testing.T) {
	quad := [4][3]uint8{{220, 30, 30}, {30, 200, 60}, {40, 60, 230}, {250, 250, 250}}
	img := image.NewRGBA(image.Rect(0, 0, 400, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 400; x++ {
			q := quad[(y/120)*2+x/200]
			img.SetRGBA(x, y, color.RGBA{q[0], q[1], q[2], 255})
		}
	}
	for _, mode := range []ColorMode{TrueColor, ANSI256} {
		tol := 0
		if mode == ANSI256 {
			tol = 48 // half the widest gap between xterm cube levels (0 and 95)
		}
		cells := decodeHalfBlocks(t, HalfBlocks(img, 20, 6, mode))
		for _, p := range []struct{ x, y, q int }{{0, 0, 0}, {19, 0, 1}, {2, 5, 2}, {15, 4, 3}} {
			c := cells[p.y][p.x]
			if !near(c.fg, quad[p.q], tol) || !near(c.bg, quad[p.q], tol) {
				t.Errorf("%v cell %d,%d = %v/%v, want quadrant colour %v", mode, p.x, p.y, c.fg, c.bg, quad[p.q])
			}
		}
	}
}

func TestHalfBlocksEmpty(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	if HalfBlocks(img, 0, 3, TrueColor) != "" || HalfBlocks(image.NewRGBA(image.Rectangle{}), 3, 3, TrueColor) != "" {
		t.Error("empty size or image must give empty output")
	}
}

func TestXTerm256Nearest(t *testing.T) {
	for _, c := range [][3]uint8{{0, 0, 0}, {255, 255, 255}, {128, 128, 128}, {95, 135, 175}, {10, 200, 99}, {33, 34, 35}} {
		got := xterm256(c[0], c[1], c[2])
		r, g, b := XTerm256RGB(got)
		gotErr := sq(int(r)-int(c[0])) + sq(int(g)-int(c[1])) + sq(int(b)-int(c[2]))
		for n := 16; n < 256; n++ {
			r, g, b := XTerm256RGB(n)
			if e := sq(int(r)-int(c[0])) + sq(int(g)-int(c[1])) + sq(int(b)-int(c[2])); e < gotErr {
				t.Errorf("%v: picked %d (err %d) but %d is closer (err %d)", c, got, gotErr, n, e)
				break
			}
		}
	}
}

func TestHalfBlocksGolden(t *testing.T) {
	img := screenshotLike(160, 96)
	out := HalfBlocks(img, 24, 6, TrueColor)
	cells := decodeHalfBlocks(t, out)
	// Title bar (top pixel row of the first cell row) and the background
	// of the text area (bottom-left) must show the source colours.
	if c := cells[0][3].fg; !near(c, [3]uint8{60, 63, 65}, 2) {
		t.Errorf("title bar cell = %v", c)
	}
	if c := cells[5][0].bg; !near(c, [3]uint8{30, 32, 36}, 12) {
		t.Errorf("background cell = %v", c)
	}
	golden(t, "halfblocks_truecolor_24x6", []byte(out))
	golden(t, "halfblocks_256_24x6", []byte(HalfBlocks(img, 24, 6, ANSI256)))
}
