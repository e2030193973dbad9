package termimg

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"
)

// The global palette sixel used before per-image palettes (a 6×6×6 cube
// plus 40 greys), kept here as the baseline the per-image palette must
// beat on photos.
const (
	oldCubeSteps  = 6
	oldGreyLevels = 40
)

func oldGlobalPalette() [][3]int {
	var p [][3]int
	for r := range oldCubeSteps {
		for g := range oldCubeSteps {
			for b := range oldCubeSteps {
				p = append(p, [3]int{r * 51, g * 51, b * 51})
			}
		}
	}
	for k := 1; k <= oldGreyLevels; k++ {
		v := (k*255 + (oldGreyLevels+1)/2) / (oldGreyLevels + 1)
		p = append(p, [3]int{v, v, v})
	}
	return p
}

// photoLike is smooth two-dimensional colour gradients (sky, skin, shade)
// with a little deterministic noise: where one global palette bands.
func photoLike(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(3, 4))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			n := rng.IntN(7) - 3
			r := 120 + 90*math.Sin(fx*2.1+fy) + float64(n)
			g := 100 + 70*math.Cos(fy*2.7-fx) + float64(n)
			b := 140 + 60*math.Sin(fx*fy*5) + float64(n)
			img.SetRGBA(x, y, color.RGBA{clamp8(r), clamp8(g), clamp8(b), 255})
		}
	}
	return img
}

func clamp8(v float64) uint8 { return uint8(min(max(v, 0), 255)) }

// meanError is the mean Euclidean RGB distance between src and the colours
// mapped to.
func meanError(src *image.RGBA, at func(x, y int) [3]int) float64 {
	var sum float64
	b := src.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := src.RGBAAt(x, y)
			m := at(x, y)
			sum += math.Sqrt(float64(sq(int(c.R)-m[0]) + sq(int(c.G)-m[1]) + sq(int(c.B)-m[2])))
		}
	}
	return sum / float64(b.Dx()*b.Dy())
}

// TestPerImagePaletteKeepsPhotoColours: a photo-like gradient mapped with
// its own palette stays close to the original, and much closer than with
// the old global palette, as decoded back from the sixel output.
func TestPerImagePaletteKeepsPhotoColours(t *testing.T) {
	const w, h = 320, 180
	src := photoLike(w, h)
	got := decodeSixel(t, Sixel(src, w, h))
	perImage := meanError(src, func(x, y int) [3]int {
		c := rgbOf(got.At(x, y))
		return [3]int{int(c[0]), int(c[1]), int(c[2])}
	})
	old := oldGlobalPalette()
	global := meanError(src, func(x, y int) [3]int {
		c := src.RGBAAt(x, y)
		best, bestD := old[0], math.MaxInt
		for _, p := range old {
			if d := sq(int(c.R)-p[0]) + sq(int(c.G)-p[1]) + sq(int(c.B)-p[2]); d < bestD {
				best, bestD = p, d
			}
		}
		return best
	})
	t.Logf("mean RGB error: per-image palette %.2f, old global palette %.2f", perImage, global)
	if perImage > 6 {
		t.Errorf("per-image palette mean error %.2f, want ≤ 6", perImage)
	}
	if perImage > global*0.6 {
		t.Errorf("per-image palette (%.2f) is not clearly better than the global one (%.2f)", perImage, global)
	}
}

// TestPaletteKeepsFewColoursExact: an image with at most PaletteSize
// colours (a screenshot) maps every pixel to its own colour, as exact as
// sixel's percent registers allow.
func TestPaletteKeepsFewColoursExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var colours []color.RGBA
	for range 200 {
		colours = append(colours, color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255})
	}
	src := image.NewRGBA(image.Rect(0, 0, 200, 120))
	for y := range 120 {
		for x := range 200 {
			src.SetRGBA(x, y, colours[(x/3+y/5*7)%len(colours)])
		}
	}
	m := newPaletteMap(src)
	p := m.mapImage(src)
	for y := 0; y < 120; y++ {
		for x := 0; x < 200; x++ {
			a, b := rgbOf(p.At(x, y)), rgbOf(src.At(x, y))
			for c := range 3 {
				if int32(a[c]) != snapPercent(int32(b[c])) {
					t.Fatalf("pixel %d,%d: mapped %v, source %v", x, y, a, b)
				}
			}
		}
	}
	if len(m.pal) > PaletteSize {
		t.Errorf("palette has %d entries", len(m.pal))
	}
	// What the terminal decodes is within 1.3 levels of the source.
	got := decodeSixel(t, Sixel(src, 200, 120))
	for _, pt := range []image.Point{{0, 0}, {57, 33}, {199, 119}} {
		if a, b := rgbOf(got.At(pt.X, pt.Y)), rgbOf(src.At(pt.X, pt.Y)); !near(a, b, 2) {
			t.Errorf("decoded %v at %v, source %v", a, pt, b)
		}
	}
}

// TestPaletteMapsUnsampledBins: pixels off the histogram's sampling grid
// (a big frame) still map to a nearest entry.
func TestPaletteMapsUnsampledBins(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 1200, 600)) // > histSamples: sampled
	for i := 0; i < len(src.Pix); i += 4 {
		src.Pix[i], src.Pix[i+3] = 200, 255
	}
	src.SetRGBA(1, 1, color.RGBA{0, 0, 250, 255}) // off the grid
	m := newPaletteMap(src)
	p := m.mapImage(src)
	if c := rgbOf(p.At(1, 1)); c != [3]uint8{uint8(snapPercent(200)), 0, 0} {
		// The only palette colour is red: the lone blue pixel maps to it.
		t.Errorf("unsampled pixel maps to %v", c)
	}
	if len(m.pal) != 1 {
		t.Errorf("palette %v, want the one sampled colour", m.pal)
	}
}
