// Package termimg turns images into terminal escape output: kitty Unicode
// placeholders, sixel, iTerm2 inline images and Unicode half-blocks. Every
// encoder is pure and deterministic, so the output can be cached and
// compared against golden files; deciding which protocol a terminal speaks
// is ui/graphics' job.
package termimg

import "math"

// Default cell size in pixels, used when the terminal's is unknown.
const (
	DefaultCellW = 8
	DefaultCellH = 16
)

// FitCells returns the size in cells at which an imgW×imgH pixel image is
// shown inside a box of at most maxCols×maxRows cells, keeping its aspect
// ratio on screen by using the real cell size (cellW×cellH pixels; zero or
// negative means 8×16). It never scales up: a small image keeps its pixel
// size, so icons don't blow up into blurry blocks. The result is at least
// 1×1 for any non-empty image and 0×0 for an empty image or box.
func FitCells(imgW, imgH, maxCols, maxRows, cellW, cellH int) (cols, rows int) {
	if imgW <= 0 || imgH <= 0 || maxCols <= 0 || maxRows <= 0 {
		return 0, 0
	}
	if cellW <= 0 || cellH <= 0 {
		cellW, cellH = DefaultCellW, DefaultCellH
	}
	scale := math.Min(1, math.Min(
		float64(maxCols*cellW)/float64(imgW),
		float64(maxRows*cellH)/float64(imgH)))
	cols = int(math.Round(float64(imgW) * scale / float64(cellW)))
	rows = int(math.Round(float64(imgH) * scale / float64(cellH)))
	return min(max(cols, 1), maxCols), min(max(rows, 1), maxRows)
}
