package imaging

import (
	"bytes"
	"image"
	"image/png"
)

// TilePlan is an image cut into tiles, in reading order (left to right,
// then top to bottom).
type TilePlan struct {
	Rows, Cols int
	Rects      []image.Rectangle
	// XHeight is the text's x-height in each tile as the model sees it
	// (after fit); Whole is the same for the image sent in one piece.
	XHeight, Whole float64
}

// Count is the number of tiles (0 for no plan).
func (p TilePlan) Count() int { return len(p.Rects) }

// tileGrids are the cuts PlanTiles tries (rows, columns), fewest tiles
// first: 2 to 4 crops, as rows, columns or a 2×2 grid.
func tileGrids() [][2]int { return [][2]int{{2, 1}, {1, 2}, {3, 1}, {1, 3}, {2, 2}, {4, 1}, {1, 4}} }

// PlanTiles decides whether text-heavy img is better sent as tiles: when
// fitting it whole (fit gives the size a w×h image is sent at) leaves its
// text under minX pixels of x-height (or under its own, if smaller: tiles
// are never scaled up), it returns the fewest tiles (2 to 4) that bring
// the text to that size and read at least a third larger than whole, or
// failing that the grid of at most four that reads best, if it reads at
// least a third larger. ok is false when the image should go whole. Cuts
// snap to blank rows or columns near the even split, so lines of text are
// not cut through.
func PlanTiles(img *image.RGBA, lay TextLayout, fit func(w, h int) (int, int), minX float64) (TilePlan, bool) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	seen := func(tw, th int) float64 {
		fw, _ := fit(tw, th)
		return lay.XHeight * float64(fw) / float64(tw)
	}
	whole := seen(w, h)
	minX = min(minX, lay.XHeight) // tiles are never scaled up
	if !lay.TextHeavy || whole >= minX {
		return TilePlan{}, false
	}
	lum := luminance(img)
	bg := modeOf(lum)
	var best TilePlan
	for _, g := range tileGrids() {
		p := TilePlan{Rows: g[0], Cols: g[1], Whole: whole}
		p.Rects = gridRects(lum, w, h, bg, g[0], g[1])
		p.XHeight = seen(p.Rects[0].Dx(), p.Rects[0].Dy())
		for _, r := range p.Rects[1:] {
			p.XHeight = min(p.XHeight, seen(r.Dx(), r.Dy()))
		}
		if p.XHeight >= minX && p.XHeight >= whole*4/3 {
			return p, true
		}
		if p.XHeight > best.XHeight {
			best = p
		}
	}
	return best, best.XHeight >= whole*4/3
}

// gridRects cuts w×h into rows×cols rectangles in reading order.
func gridRects(lum []uint8, w, h int, bg uint8, rows, cols int) []image.Rectangle {
	ys := cuts(h, rows, func(y int) bool { return blankRow(lum, w, y, bg) })
	xs := cuts(w, cols, func(x int) bool { return blankCol(lum, w, h, x, bg) })
	var out []image.Rectangle
	for r := range rows {
		for c := range cols {
			out = append(out, image.Rect(xs[c], ys[r], xs[c+1], ys[r+1]))
		}
	}
	return out
}

// cuts splits [0, n) into k parts, moving each inner cut to the nearest
// blank line within a quarter of a part of the even split.
func cuts(n, k int, blank func(int) bool) []int {
	out := []int{0}
	for i := 1; i < k; i++ {
		even, reach := i*n/k, n/k/4
		at := even
		for d := 0; d <= reach; d++ {
			if blank(even - d) {
				at = even - d
				break
			}
			if blank(even + d) {
				at = even + d
				break
			}
		}
		out = append(out, at)
	}
	return append(out, n)
}

func blankRow(lum []uint8, w, y int, bg uint8) bool {
	for _, l := range lum[y*w : (y+1)*w] {
		if isInk(l, bg) {
			return false
		}
	}
	return true
}

func blankCol(lum []uint8, w, h, x int, bg uint8) bool {
	for y := range h {
		if isInk(lum[y*w+x], bg) {
			return false
		}
	}
	return true
}

// Crop returns the part r of img as a PNG: lossless, so that fitting the
// tile for the model is the only change made to it.
func Crop(img *image.RGBA, r image.Rectangle) ([]byte, error) {
	var buf bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img.SubImage(r))
	return buf.Bytes(), err
}
