package images

import (
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/termimg"
	"parley/session"
)

// viewer shows one image fitted to the whole terminal.
type viewer struct {
	img session.Image
}

// Open shows img in the full-screen viewer.
func (s *Images) Open(img session.Image) { s.viewer = &viewer{img: img} }

// Viewing reports whether the viewer is open.
func (s *Images) Viewing() bool { return s.viewer != nil }

// ViewerKey is the viewer's key layer: it takes every key, and Close
// closes it.
func (s *Images) ViewerKey(msg tea.KeyPressMsg) {
	if key.Matches(msg, s.keys.Close) {
		s.viewer = nil
	}
}

// ViewerFit fits the image into the box, scaling small images up too: the
// viewer (and the inspect dialog) is for looking closely.
func ViewerFit(imgW, imgH, maxCols, maxRows, cw, ch int) (cols, rows int) {
	if imgW <= 0 || imgH <= 0 || maxCols <= 0 || maxRows <= 0 {
		return 0, 0
	}
	scale := math.Min(float64(maxCols*cw)/float64(imgW), float64(maxRows*ch)/float64(imgH))
	cols = int(math.Round(float64(imgW) * scale / float64(cw)))
	rows = int(math.Round(float64(imgH) * scale / float64(ch)))
	return min(max(cols, 1), maxCols), min(max(rows, 1), maxRows)
}

// FitBox is img scaled to fill at most maxCols×maxRows cells, the way the
// viewer shows it; false when it is not drawn at all (protocol none,
// unknown size, cannot be decoded).
func (s *Images) FitBox(img session.Image, maxCols, maxRows int) (Block, bool) {
	// Fit's checks (protocol, known size, no failure) say whether it can
	// be drawn at all.
	if c, _ := s.Fit(img, maxCols+Indent); c == 0 {
		return Block{}, false
	}
	cw, ch := s.Cell()
	cols, rows := ViewerFit(img.Width, img.Height, min(maxCols, termimg.MaxPlaceholderSpan),
		min(maxRows, termimg.MaxPlaceholderSpan), cw, ch)
	return Block{Img: img, Cols: cols, Rows: rows}, cols > 0 && rows > 0
}

// ViewerSlots is the viewer's one image, centred above the hint line.
func (s *Images) ViewerSlots(width, height int) []Slot {
	v := s.viewer
	if v == nil || height < 3 {
		return nil
	}
	b := Block{Img: v.img}
	if c, _ := s.Fit(v.img, width+Indent); c > 0 {
		cw, ch := s.Cell()
		b.Cols, b.Rows = ViewerFit(v.img.Width, v.img.Height, width, height-2, cw, ch)
	}
	return []Slot{{B: b, Row: (height - 1 - b.Rows) / 2, Col: (width - b.Cols) / 2,
		Count: b.Rows, Caption: -1}}
}

// ViewerView draws the viewer in width×height: the image (or its chip)
// centred, and a hint on the last row.
func (s *Images) ViewerView(width, height int) string {
	lines := make([]string, height)
	for _, sl := range s.ViewerSlots(width, height) {
		pad := strings.Repeat(" ", max(sl.Col, 0))
		for k := range sl.Count {
			lines[sl.Row+k] = pad + s.RowText(sl, k)
		}
		if sl.Count == 0 {
			lines[height/2] = "  " + s.Caption(sl.B.Img, session.StatusStreaming, false)
		}
	}
	hint := s.Caption(s.viewer.img, session.StatusStreaming, false) + s.styles.Muted.Render(" · esc close")
	lines[height-1] = ansi.Truncate(hint, width, "…")
	return strings.Join(lines, "\n")
}

// Viewed is the image the viewer shows, if it is open.
func (s *Images) Viewed() (session.Image, bool) {
	if s.viewer == nil {
		return session.Image{}, false
	}
	return s.viewer.img, true
}
