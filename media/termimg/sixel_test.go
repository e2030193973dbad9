package termimg

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-sixel"
)

func decodeSixel(t *testing.T, data []byte) image.Image {
	t.Helper()
	var img image.Image
	if err := sixel.NewDecoder(bytes.NewReader(data)).Decode(&img); err != nil {
		t.Fatalf("decoding our sixel: %v", err)
	}
	return img
}

func checkSixelFraming(t *testing.T, data []byte, w, h int) {
	t.Helper()
	s := string(data)
	head := fmt.Sprintf("\x1bP0;0;8q\"1;1;%d;%d", w, h)
	if !strings.HasPrefix(s, head) {
		t.Errorf("sixel starts %q, want prefix %q", s[:min(len(s), 30)], head)
	}
	if !strings.HasSuffix(s, "\x1b\\") {
		t.Error("sixel does not end with ST (ESC \\)")
	}
	regs := regexp.MustCompile(`#(\d+);2;(\d+);(\d+);(\d+)`).FindAllStringSubmatch(s, -1)
	if len(regs) == 0 || len(regs) > PaletteSize {
		t.Errorf("got %d colour register definitions, want 1..%d", len(regs), PaletteSize)
	}
	if strings.Count(s, "\x1b") != 2 {
		t.Errorf("sixel body contains stray ESC bytes (%d ESCs)", strings.Count(s, "\x1b"))
	}
}

// Colours exactly on the palette must survive an encode/decode round trip;
// a gradient must come back within the palette's quantization error.
func TestSixelRoundTrip(t *testing.T) {
	const w, h = 48, 30
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	blocks := [][3]uint8{{255, 0, 0}, {0, 153, 255}, {51, 51, 51}, {255, 255, 204}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := blocks[x*len(blocks)/w]
			if y >= h/2 { // lower half: grey-blue gradient
				c = [3]uint8{uint8(x * 5), uint8(x * 5), uint8(100 + x*3)}
			}
			img.SetRGBA(x, y, color.RGBA{c[0], c[1], c[2], 255})
		}
	}
	data := Sixel(img, w, h)
	checkSixelFraming(t, data, w, h)
	got := decodeSixel(t, data)
	if b := got.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("decoded size %v, want %dx%d", b, w, h)
	}
	for _, p := range []image.Point{{0, 0}, {13, 5}, {30, 14}, {47, 1}} {
		want := blocks[p.X*len(blocks)/w]
		if c := rgbOf(got.At(p.X, p.Y)); !near(c, want, 3) {
			t.Errorf("pixel %v = %v, want %v", p, c, want)
		}
	}
	for _, x := range []int{0, 10, 25, 40, 47} {
		want := rgbOf(img.At(x, 20))
		if c := rgbOf(got.At(x, 20)); !near(c, want, 26) {
			t.Errorf("gradient pixel %d = %v, want about %v", x, c, want)
		}
	}
}

// EncodeRows must give exactly the frame's pixel rows of the visible cells.
func TestSixelRows(t *testing.T) {
	img := screenshotLike(90, 76)
	frame := NewSixelFrame(img, 90, 76)
	full := decodeSixel(t, frame.Encode())
	const cellH = 19
	part := frame.EncodeRows(1, 2, cellH)
	checkSixelFraming(t, part, 90, 2*cellH)
	slice := decodeSixel(t, part)
	if slice.Bounds().Dy() != 2*cellH {
		t.Fatalf("slice is %d px high, want %d", slice.Bounds().Dy(), 2*cellH)
	}
	for y := 0; y < 2*cellH; y += 7 {
		for x := 0; x < 90; x += 11 {
			if a, b := rgbOf(slice.At(x, y)), rgbOf(full.At(x, cellH+y)); a != b {
				t.Fatalf("slice pixel %d,%d = %v, full image has %v", x, y, a, b)
			}
		}
	}
	// Clipped at the bottom: rows 3..5 of a 4-row image leave one row.
	if got := decodeSixel(t, frame.EncodeRows(3, 3, cellH)).Bounds().Dy(); got != 76-3*cellH {
		t.Errorf("clipped slice is %d px high, want %d", got, 76-3*cellH)
	}
	if frame.EncodeRows(5, 2, cellH) != nil || frame.EncodeRows(0, 0, cellH) != nil {
		t.Error("slices outside the image must be nil")
	}
	if !bytes.Equal(SixelRows(img, 90, 76, 1, 2, cellH), part) {
		t.Error("SixelRows differs from SixelFrame.EncodeRows")
	}
}

func TestSixelEmpty(t *testing.T) {
	if Sixel(image.NewRGBA(image.Rectangle{}), 10, 10) != nil || Sixel(screenshotLike(10, 10), 0, 10) != nil {
		t.Error("empty image or size must give nil")
	}
}

func TestSixelGolden(t *testing.T) {
	data := Sixel(screenshotLike(160, 90), 40, 24)
	checkSixelFraming(t, data, 40, 24)
	golden(t, "sixel_40x24", data)
}
