package termimg

import (
	"bytes"
	"image"
	"image/color"

	"github.com/mattn/go-sixel"
)

// SixelFrame is an image scaled to its on-screen pixel size and mapped to
// a palette made for it (palette.go). Keep one to re-encode slices of a
// partly visible image (EncodeRows) without scaling, building the palette
// or mapping it again; every slice uses the same registers.
type SixelFrame struct {
	img *image.Paletted
}

// NewSixelFrame scales img to pxW×pxH pixels, builds its palette of at
// most PaletteSize colours and maps it. Transparent pixels become black.
func NewSixelFrame(img image.Image, pxW, pxH int) *SixelFrame {
	if pxW <= 0 || pxH <= 0 || img.Bounds().Empty() {
		return &SixelFrame{img: image.NewPaletted(image.Rectangle{}, color.Palette{color.Black})}
	}
	src := resize(img, pxW, pxH)
	return &SixelFrame{img: newPaletteMap(src).mapImage(src)}
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

// Sixel encodes img scaled to pxW×pxH pixels as one sixel sequence with
// the image's own palette. See SixelFrame.Encode for the framing.
func Sixel(img image.Image, pxW, pxH int) []byte {
	return NewSixelFrame(img, pxW, pxH).Encode()
}

// SixelRows encodes only cell rows [firstRow, firstRow+nRows) of img scaled
// to pxW×pxH, for cells cellH pixels high. Prefer a kept SixelFrame when the
// same image is re-encoded while scrolling.
func SixelRows(img image.Image, pxW, pxH, firstRow, nRows, cellH int) []byte {
	return NewSixelFrame(img, pxW, pxH).EncodeRows(firstRow, nRows, cellH)
}
