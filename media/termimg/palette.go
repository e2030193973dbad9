package termimg

import (
	"image"
	"image/color"
)

// Per-image sixel palette. One global palette bands photos (a 6×6×6 cube
// has 51-level steps); a palette made for each image follows its colours.
// It is made once per SixelFrame, so re-encoding slices of a partly
// visible image costs only the sixel encode.
//
// How: a histogram over 5-6-5 bit colour bins (from at most histSamples
// pixels), median cut down to PaletteSize boxes, each box's colour the
// mean of the pixels in it, then a 65536-entry lookup table from bin to
// the nearest palette entry, so mapping a pixel is one table read.
// An image with at most PaletteSize distinct bins (most screenshots) keeps
// every colour, as exactly as sixel's percent registers can say it.

// PaletteSize is the most colour registers sixel output uses: what xterm
// in VT340 mode offers.
const PaletteSize = 256

// histSamples bounds the pixels the histogram counts; larger images are
// sampled on a regular grid (pixels off it are still mapped exactly, see
// paletteMap.index).
const histSamples = 1 << 18

// nearestBudget bounds bins × palette entries for the exact nearest-entry
// pass; beyond it (noisy photos with tens of thousands of bins) each bin
// keeps its median-cut box, which is close.
const nearestBudget = 1 << 22

// colourBin is one 5-6-5 histogram bin: its pixel count and the sums of
// its pixels' channels (for exact box means).
type colourBin struct {
	key     uint16
	n       uint32
	r, g, b uint64
}

// channel is the bin's centre on axis c (0 red, 1 green, 2 blue), 0–255.
func (b *colourBin) channel(c int) int {
	switch c {
	case 0:
		return int(b.key>>11) << 3
	case 1:
		return int(b.key>>5&0x3f) << 2
	}
	return int(b.key&0x1f) << 3
}

// binKey is the 5-6-5 bin of a colour.
func binKey(r, g, b uint8) uint16 {
	return uint16(r>>3)<<11 | uint16(g>>2)<<5 | uint16(b>>3)
}

// paletteMap is an image's palette and its bin lookup table.
type paletteMap struct {
	pal color.Palette
	rgb [][3]int32 // pal as ints, for distances
	lut []int16    // bin → palette index; -1 = not computed yet
}

// newPaletteMap builds the palette of src.
func newPaletteMap(src *image.RGBA) *paletteMap {
	bins := histogram(src)
	boxes := medianCut(bins, PaletteSize)
	m := &paletteMap{lut: make([]int16, 1<<16)}
	for i := range m.lut {
		m.lut[i] = -1
	}
	for _, box := range boxes {
		var n, r, g, b uint64
		for _, bn := range box {
			n += uint64(bn.n)
			r, g, b = r+bn.r, g+bn.g, b+bn.b
		}
		c := [3]int32{snapPercent(int32((r + n/2) / n)), snapPercent(int32((g + n/2) / n)), snapPercent(int32((b + n/2) / n))}
		m.rgb = append(m.rgb, c)
		m.pal = append(m.pal, color.RGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), 0xff})
	}
	if len(m.pal) == 0 {
		m.pal = color.Palette{color.RGBA{0, 0, 0, 0xff}}
		m.rgb = [][3]int32{{0, 0, 0}}
	}
	exact := len(bins)*len(m.pal) <= nearestBudget
	for i, box := range boxes {
		for _, bn := range box {
			if exact {
				m.lut[bn.key] = int16(m.nearest(int32(bn.r/uint64(bn.n)), int32(bn.g/uint64(bn.n)), int32(bn.b/uint64(bn.n))))
			} else {
				m.lut[bn.key] = int16(i)
			}
		}
	}
	return m
}

// histogram counts src's pixels (on a grid when it is large) per bin.
func histogram(src *image.RGBA) []colourBin {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	step := 1
	for (w/step)*(h/step) > histSamples {
		step++
	}
	idx := make([]int32, 1<<16) // bin → position in bins + 1
	var bins []colourBin
	for y := 0; y < h; y += step {
		row := src.Pix[y*src.Stride:]
		for x := 0; x < w; x += step {
			r, g, b := row[x*4], row[x*4+1], row[x*4+2]
			k := binKey(r, g, b)
			i := idx[k]
			if i == 0 {
				bins = append(bins, colourBin{key: k})
				i = int32(len(bins))
				idx[k] = i
			}
			bn := &bins[i-1]
			bn.n++
			bn.r, bn.g, bn.b = bn.r+uint64(r), bn.g+uint64(g), bn.b+uint64(b)
		}
	}
	return bins
}

// medianCut splits the bins into at most n boxes: each step splits the box
// with the largest count × (widest channel range)² at the median pixel of
// that channel. Boxes share bins' backing array. Each box's score is
// computed once, when it is made: rescanning every box on every split cost
// boxes × bins (a noisy photo: most of an image's encode time).
func medianCut(bins []colourBin, n int) [][]colourBin {
	if len(bins) == 0 {
		return nil
	}
	boxes := []cutBox{newCutBox(bins)}
	for len(boxes) < n {
		best, bestScore := -1, uint64(0)
		for i, b := range boxes {
			if b.score > bestScore {
				best, bestScore = i, b.score
			}
		}
		if best < 0 {
			break // every box is one bin
		}
		a, b := splitBox(boxes[best].bins, boxes[best].axis)
		boxes[best] = newCutBox(a)
		boxes = append(boxes, newCutBox(b))
	}
	out := make([][]colourBin, len(boxes))
	for i, b := range boxes {
		out[i] = b.bins
	}
	return out
}

// cutBox is one median-cut box with the channel it would be split on and
// its score (0 for a single bin, which cannot be split).
type cutBox struct {
	bins  []colourBin
	axis  int
	score uint64
}

func newCutBox(bins []colourBin) cutBox {
	b := cutBox{bins: bins}
	if len(bins) < 2 {
		return b
	}
	axis, span := widestChannel(bins)
	var cnt uint64
	for _, bn := range bins {
		cnt += uint64(bn.n)
	}
	b.axis, b.score = axis, cnt*uint64(span*span)
	return b
}

// widestChannel is the channel with the largest range of bin centres.
func widestChannel(box []colourBin) (axis, span int) {
	for c := range 3 {
		lo, hi := 255, 0
		for i := range box {
			v := box[i].channel(c)
			lo, hi = min(lo, v), max(hi, v)
		}
		if hi-lo > span {
			axis, span = c, hi-lo
		}
	}
	return axis, span
}

// splitBox cuts box along axis where half its pixels lie on each side,
// both halves non-empty: bins up to the channel value that holds the
// median pixel go left (or, when that is the top value, the bins below
// it). It partitions in place by counting the 256 channel values instead
// of sorting: a noisy photo's first boxes hold tens of thousands of bins.
func splitBox(box []colourBin, axis int) ([]colourBin, []colourBin) {
	var counts [256]uint64
	var total uint64
	for i := range box {
		counts[box[i].channel(axis)] += uint64(box[i].n)
		total += uint64(box[i].n)
	}
	cut, acc := 0, uint64(0)
	for v, n := range counts {
		acc += n
		if n > 0 && acc*2 >= total {
			cut = v
			break
		}
	}
	if acc == total {
		cut-- // the median is in the top value: keep it whole on the right
	}
	left := 0
	for j := range box {
		if box[j].channel(axis) <= cut {
			box[left], box[j] = box[j], box[left]
			left++
		}
	}
	return box[:left:left], box[left:]
}

// snapPercent moves a channel value to the nearest one sixel can carry:
// registers are given in percent, and go-sixel truncates v·100/255, which
// would darken every colour by up to 2.5 levels. The value returned is the
// smallest whose truncated percent is the nearest percent to v, so what
// the terminal decodes is within 1.3 levels of v.
func snapPercent(v int32) int32 {
	p := (v*100 + 127) / 255
	return (p*255 + 99) / 100
}

// nearest is the palette entry closest to r, g, b (squared distance).
func (m *paletteMap) nearest(r, g, b int32) int {
	best, bestD := 0, int32(1<<30)
	for i, c := range m.rgb {
		dr, dg, db := c[0]-r, c[1]-g, c[2]-b
		if d := dr*dr + dg*dg + db*db; d < bestD {
			best, bestD = i, d
		}
		if bestD == 0 {
			break
		}
	}
	return best
}

// index maps a pixel through the table; a bin the (sampled) histogram
// never saw is looked up once and remembered.
func (m *paletteMap) index(r, g, b uint8) uint8 {
	k := binKey(r, g, b)
	if i := m.lut[k]; i >= 0 {
		return uint8(i)
	}
	i := m.nearest(int32(r), int32(g), int32(b))
	m.lut[k] = int16(i)
	return uint8(i)
}

// mapImage maps src to a paletted image with the palette.
func (m *paletteMap) mapImage(src *image.RGBA) *image.Paletted {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dst := image.NewPaletted(image.Rect(0, 0, w, h), m.pal)
	for y := 0; y < h; y++ {
		row := src.Pix[y*src.Stride : y*src.Stride+w*4]
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := range out {
			out[x] = m.index(row[x*4], row[x*4+1], row[x*4+2])
		}
	}
	return dst
}
