package termimg

import (
	"bytes"
	"image"
	"image/color"

	"github.com/mattn/go-sixel"
)

// Fixed sixel palette: a 6×6×6 colour cube whose levels (0, 20, …, 100 %)
// are exact in sixel's percent colour space, plus greyLevels greys between
// them, because screenshots are mostly text on grey-ish backgrounds. 256
// registers is what xterm in VT340 mode offers. A fixed palette means no
// per-image palette search (median cut costs ~100 ms at 800×450) and
// identical colours across re-encodes of slices of one image.
const (
	cubeSteps  = 6
	greyLevels = 40
	// PaletteSize is the number of colour registers sixel output uses.
	PaletteSize = cubeSteps*cubeSteps*cubeSteps + greyLevels
)

// sixelPalette builds the fixed palette: cube first, then the greys.
func sixelPalette() color.Palette {
	p := make(color.Palette, 0, PaletteSize)
	for r := 0; r < cubeSteps; r++ {
		for g := 0; g < cubeSteps; g++ {
			for b := 0; b < cubeSteps; b++ {
				p = append(p, color.RGBA{uint8(r * 51), uint8(g * 51), uint8(b * 51), 0xff})
			}
		}
	}
	for k := 1; k <= greyLevels; k++ {
		v := uint8((k*255 + (greyLevels+1)/2) / (greyLevels + 1))
		p = append(p, color.RGBA{v, v, v, 0xff})
	}
	return p
}

// sixelIndex maps a pixel to the nearest entry of sixelPalette by direct
// arithmetic (no search): the nearest cube colour per channel, or the
// nearest extra grey to the pixel's mean, whichever is closer.
func sixelIndex(r, g, b uint8) uint8 {
	ri, gi, bi := (int(r)+25)/51, (int(g)+25)/51, (int(b)+25)/51
	cubeErr := sq(int(r)-ri*51) + sq(int(g)-gi*51) + sq(int(b)-bi*51)
	if cubeErr == 0 {
		return uint8(ri*36 + gi*6 + bi)
	}
	// The nearest grey is the one nearest the mean; the mean falls between
	// two grey levels, so try both.
	sum := int(r) + int(g) + int(b)
	best, bestErr := -1, cubeErr
	for k := sum * (greyLevels + 1) / (3 * 255); k <= sum*(greyLevels+1)/(3*255)+1; k++ {
		if k < 1 || k > greyLevels {
			continue
		}
		v := (k*255 + (greyLevels+1)/2) / (greyLevels + 1)
		if e := sq(int(r)-v) + sq(int(g)-v) + sq(int(b)-v); e < bestErr {
			best, bestErr = k, e
		}
	}
	if best > 0 {
		return uint8(cubeSteps*cubeSteps*cubeSteps + best - 1)
	}
	return uint8(ri*36 + gi*6 + bi)
}

// SixelFrame is an image scaled to its on-screen pixel size and mapped to
// the fixed palette. Keep one to re-encode slices of a partly visible image
// (EncodeRows) without scaling or mapping it again.
type SixelFrame struct {
	img *image.Paletted
}

// NewSixelFrame scales img to pxW×pxH pixels and maps it to the fixed
// palette. Transparent pixels become black.
func NewSixelFrame(img image.Image, pxW, pxH int) *SixelFrame {
	if pxW <= 0 || pxH <= 0 || img.Bounds().Empty() {
		return &SixelFrame{img: image.NewPaletted(image.Rectangle{}, sixelPalette())}
	}
	src := resize(img, pxW, pxH)
	dst := image.NewPaletted(image.Rect(0, 0, pxW, pxH), sixelPalette())
	for y := 0; y < pxH; y++ {
		row := src.Pix[y*src.Stride : y*src.Stride+pxW*4]
		out := dst.Pix[y*dst.Stride : y*dst.Stride+pxW]
		for x := range out {
			out[x] = sixelIndex(row[x*4], row[x*4+1], row[x*4+2])
		}
	}
	return &SixelFrame{img: dst}
}

// Size returns the frame's size in pixels.
func (f *SixelFrame) Size() (w, h int) {
	return f.img.Rect.Dx(), f.img.Rect.Dy()
}

// Encode returns the whole frame as one sixel sequence, DCS … ST framed:
// ESC P 0;0;8 q, raster attributes, the palette as "#n;2;r;g;b"
// registers, the bands, and ESC \. An empty frame gives nil.
func (f *SixelFrame) Encode() []byte {
	return encodePaletted(f.img)
}

// EncodeRows encodes only the pixel rows of cell rows [firstRow,
// firstRow+nRows) for cells cellH pixels high, clipped to the frame: what a
// partly scrolled-out image needs. It returns nil when nothing is left.
func (f *SixelFrame) EncodeRows(firstRow, nRows, cellH int) []byte {
	if nRows <= 0 || cellH <= 0 {
		return nil
	}
	r := f.img.Rect
	y0 := max(r.Min.Y+firstRow*cellH, r.Min.Y)
	y1 := min(r.Min.Y+(firstRow+nRows)*cellH, r.Max.Y)
	if y0 >= y1 {
		return nil
	}
	return encodePaletted(f.img.SubImage(image.Rect(r.Min.X, y0, r.Max.X, y1)).(*image.Paletted))
}

// encodePaletted hands a paletted image to go-sixel, which uses the palette
// as is (no quantization) when it has at most 256 colours.
func encodePaletted(p *image.Paletted) []byte {
	if p.Rect.Empty() {
		return nil
	}
	var buf bytes.Buffer
	// The only error source is the writer; bytes.Buffer never fails.
	_ = sixel.NewEncoder(&buf).Encode(p)
	return buf.Bytes()
}

// Sixel encodes img scaled to pxW×pxH pixels as one sixel sequence with the
// fixed palette. See SixelFrame.Encode for the framing.
func Sixel(img image.Image, pxW, pxH int) []byte {
	return NewSixelFrame(img, pxW, pxH).Encode()
}

// SixelRows encodes only cell rows [firstRow, firstRow+nRows) of img scaled
// to pxW×pxH, for cells cellH pixels high. Prefer a kept SixelFrame when the
// same image is re-encoded while scrolling.
func SixelRows(img image.Image, pxW, pxH, firstRow, nRows, cellH int) []byte {
	return NewSixelFrame(img, pxW, pxH).EncodeRows(firstRow, nRows, cellH)
}
