package imaging

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// textShot draws a w×h screenshot: white, with lines of dark glyph-like
// blocks lineInk pixels high every pitch pixels, in two side-by-side panes.
func textShot(w, h, lineInk, pitch int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := range h {
		if y%pitch >= lineInk {
			continue
		}
		for x := range w {
			if x > w/2-20 && x < w/2+20 { // the gutter between panes
				continue
			}
			if (x/9)%5 != 4 && (x*7+y*3)%11 < 6 {
				img.SetRGBA(x, y, color.RGBA{30, 30, 30, 255})
			}
		}
	}
	return img
}

// claudeFit is Claude Sonnet 4.5's fit (1568 px, 1.2 MP) written out, so
// this package's tests need nothing of providers.
func claudeFit(w, h int) (int, int) {
	s := math.Min(1, math.Min(1568/float64(max(w, h)), math.Sqrt(1.2e6/float64(w*h))))
	return int(float64(w) * s), int(float64(h) * s)
}

func TestAnalyzeText(t *testing.T) {
	lay := AnalyzeText(textShot(1200, 800, 14, 24))
	if !lay.TextHeavy || lay.XHeight != 7 || lay.Lines < 4*30 {
		t.Errorf("screenshot: %+v", lay)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	photo := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for i := range photo.Pix {
		photo.Pix[i] = uint8(rng.UintN(256))
	}
	if lay := AnalyzeText(photo); lay.TextHeavy {
		t.Errorf("noise is text: %+v", lay)
	}
	grad := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for y := range 400 {
		for x := range 600 {
			grad.SetRGBA(x, y, color.RGBA{uint8(x * 255 / 600), uint8(y * 255 / 400), 128, 255})
		}
	}
	if lay := AnalyzeText(grad); lay.TextHeavy {
		t.Errorf("gradient is text: %+v", lay)
	}
	if lay := AnalyzeText(image.NewRGBA(image.Rect(0, 0, 8, 8))); lay != (TextLayout{}) {
		t.Errorf("tiny: %+v", lay)
	}
}

func TestPlanTiles(t *testing.T) {
	// A 2880×1800 screenshot with 7-px x-height goes to Claude Sonnet at
	// 1385×866: the text shrinks to ~3.4 px. A 2×2 grid keeps ~6.7 px.
	img := textShot(2880, 1800, 14, 24)
	lay := AnalyzeText(img)
	p, ok := PlanTiles(img, lay, claudeFit, 8)
	if !ok || p.Rows != 2 || p.Cols != 2 || p.Count() != 4 {
		t.Fatalf("plan %+v %v", p, ok)
	}
	if p.Whole > 3.5 || p.XHeight < 6.5 {
		t.Errorf("x-height whole %.2f, tiles %.2f", p.Whole, p.XHeight)
	}
	// Reading order, covering the image exactly, cuts on blank lines.
	area := 0
	for i, r := range p.Rects {
		area += r.Dx() * r.Dy()
		if i > 0 && r.Min.Y == p.Rects[i-1].Min.Y && r.Min.X <= p.Rects[i-1].Min.X {
			t.Errorf("tile %d %v is not right of %v", i, r, p.Rects[i-1])
		}
	}
	if area != 2880*1800 {
		t.Errorf("tiles cover %d px of %d", area, 2880*1800)
	}
	cut := p.Rects[2].Min.Y
	if cut%24 < 14 {
		t.Errorf("row cut at y=%d goes through a line of text", cut)
	}
	if col := p.Rects[1].Min.X; col <= 2880/2-20 || col >= 2880/2+20 {
		t.Errorf("column cut at x=%d misses the gutter", col)
	}
	// Shrunk only a little (7 px to 6 px), text goes whole: tiles would
	// not read a third larger.
	mid := textShot(1600, 1000, 14, 24)
	if p, ok := PlanTiles(mid, AnalyzeText(mid), claudeFit, 8); ok {
		t.Errorf("marginal shrink got tiles: %+v", p)
	}
	// Text that stays readable whole, and photos, go whole.
	if _, ok := PlanTiles(img, lay, func(w, h int) (int, int) { return w, h }, 8); ok {
		t.Error("a model that takes the full size got tiles")
	}
	rng := rand.New(rand.NewPCG(2, 2))
	photo := image.NewRGBA(image.Rect(0, 0, 3000, 2000))
	for i := range photo.Pix {
		photo.Pix[i] = uint8(rng.UintN(256))
	}
	if _, ok := PlanTiles(photo, AnalyzeText(photo), claudeFit, 8); ok {
		t.Error("a photo got tiles")
	}
	crop, err := Crop(img, p.Rects[3])
	if err != nil {
		t.Fatal(err)
	}
	if info, err := Inspect(crop); err != nil || info.Width != p.Rects[3].Dx() || info.Height != p.Rects[3].Dy() {
		t.Errorf("crop: %+v %v", info, err)
	}
}

func BenchmarkAnalyzeText2880x1800(b *testing.B) {
	img := textShot(2880, 1800, 14, 24)
	for b.Loop() {
		_ = AnalyzeText(img)
	}
}

// Real glyphs: lines of basicfont's 7×13 face (x-height 6 px: 'x' spans
// rows 5–10 of its 13) read as text with an x-height near that.
func TestAnalyzeTextRealGlyphs(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 900, 600))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: basicfont.Face7x13}
	for y := 14; y < 600; y += 16 {
		d.Dot = fixed.P(4, y)
		d.DrawString("func (p *preparation) fitImage(img Image) error { return nil } // x")
	}
	lay := AnalyzeText(img)
	if !lay.TextHeavy || lay.XHeight < 4 || lay.XHeight > 7 {
		t.Errorf("basicfont text: %+v", lay)
	}
}
