package termimg

import (
	"flag"
	"image"
	"image/color"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/name.golden, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s: output differs from golden (%d vs %d bytes); run go test -update if intended",
			name, len(got), len(want))
	}
}

// screenshotLike draws a deterministic w×h image resembling a screenshot:
// a dark background, a title bar, a horizontal gradient strip, a vertical
// gradient panel and lines of "text" (short light runs on the background).
func screenshotLike(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var c color.RGBA
			switch {
			case y < h/12:
				c = color.RGBA{60, 63, 65, 255}
			case y < h/4:
				c = color.RGBA{uint8(x * 255 / w), uint8(128 + x*127/w), uint8(255 - x*255/w), 255}
			case x > w*3/4:
				c = color.RGBA{uint8(y * 255 / h), 40, uint8(200 - y*150/h), 255}
			default:
				c = color.RGBA{30, 32, 36, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	// text: runs of 2–7 px wide glyph strokes on rows of 12 px lines
	for line := h / 4; line+10 < h; line += 14 {
		for x := 8; x < w*3/4-8; {
			run := 2 + rng.IntN(6)
			fg := color.RGBA{200, 200, 190, 255}
			if rng.IntN(5) == 0 {
				fg = color.RGBA{97, 175, 239, 255}
			}
			for dy := 2; dy < 10; dy++ {
				for dx := 0; dx < run && x+dx < w*3/4; dx++ {
					if rng.IntN(3) > 0 {
						img.SetRGBA(x+dx, line+dy, fg)
					}
				}
			}
			x += run + 1 + rng.IntN(4)
		}
	}
	return img
}

// near reports whether two 8-bit colours differ by at most tol per channel.
func near(a, b [3]uint8, tol int) bool {
	for i := range a {
		if d := int(a[i]) - int(b[i]); d > tol || d < -tol {
			return false
		}
	}
	return true
}

func rgbOf(c color.Color) [3]uint8 {
	r, g, b, _ := c.RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}
