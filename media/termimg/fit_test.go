package termimg

import "testing"

func TestFitCells(t *testing.T) {
	tests := []struct {
		name                                 string
		imgW, imgH, maxCols, maxRows, cw, ch int
		wantCols, wantRows                   int
	}{
		{"wide screenshot limited by width", 1600, 900, 80, 40, 9, 19, 80, 21},
		{"limited by rows keeps aspect", 800, 450, 200, 20, 9, 19, 75, 20},
		{"small image is not scaled up", 64, 32, 80, 20, 8, 16, 8, 2},
		{"tall image", 300, 1200, 80, 20, 10, 20, 10, 20},
		{"unknown cell size uses 8x16", 160, 160, 80, 40, 0, 0, 20, 10},
		{"tiny image still one cell", 2, 2, 80, 20, 9, 19, 1, 1},
		{"empty image", 0, 10, 80, 20, 9, 19, 0, 0},
		{"empty box", 100, 100, 0, 20, 9, 19, 0, 0},
	}
	for _, tt := range tests {
		c, r := FitCells(tt.imgW, tt.imgH, tt.maxCols, tt.maxRows, tt.cw, tt.ch)
		if c != tt.wantCols || r != tt.wantRows {
			t.Errorf("%s: FitCells = %dx%d, want %dx%d", tt.name, c, r, tt.wantCols, tt.wantRows)
		}
	}
}

// On screen the fitted box must have (nearly) the image's aspect ratio.
func TestFitCellsKeepsAspectOnScreen(t *testing.T) {
	for _, cell := range [][2]int{{9, 19}, {10, 20}, {7, 15}} {
		c, r := FitCells(1920, 1080, 120, 30, cell[0], cell[1])
		got := float64(c*cell[0]) / float64(r*cell[1])
		if want := 1920.0 / 1080.0; got < want*0.95 || got > want*1.05 {
			t.Errorf("cell %v: %dx%d cells has aspect %.3f, want %.3f", cell, c, r, got, want)
		}
	}
}
