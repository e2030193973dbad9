package ui

import (
	"strings"

	"parley/media/termimg"
	"parley/session"
	"parley/ui/graphics"
	"parley/ui/transcript"
)

// imageIndent is the column images start at: the markdown body's indent.
const imageIndent = 2

// imgBlock is where one image sits among an entry's rendered lines: rows
// reserved lines (0 for a text chip) followed by one caption line.
type imgBlock struct {
	line       int // first line inside the entry
	img        session.Image
	cols, rows int
	// status is the owning message's: a partial stage of a message that
	// stopped (cancelled, failed, interrupted) is captioned as such.
	status session.Status
}

// appendImages lays out the entry's images below its text at width w and
// records where they are; the transcript draws them over those lines.
func (e *entry) appendImages(lines []string, w int, d *drawCtx) []string {
	e.blocks = e.blocks[:0]
	for _, img := range imageParts(e.msg) {
		cols, rows := d.imgs.fit(img, w)
		e.blocks = append(e.blocks, imgBlock{line: len(lines), img: img, cols: cols, rows: rows, status: e.msg.Status})
		for range rows {
			lines = append(lines, "")
		}
		lines = append(lines, strings.Repeat(" ", imageIndent)+d.imgs.captionFor(d, img, e.msg.Status, false))
	}
	return lines
}

// fit is the image's size in cells at transcript width w: bounded by the
// max rows and the width, aspect kept with the real cell size. 0×0 means a
// text chip (no store, protocol none, unknown size).
func (s *imageState) fit(img session.Image, w int) (cols, rows int) {
	if s.protocol() == graphics.None || img.Width <= 0 || img.Height <= 0 || s.failed[img.Blob] != "" {
		return 0, 0
	}
	cw, ch := s.cell()
	maxCols := min(w-imageIndent, termimg.MaxPlaceholderSpan)
	return termimg.FitCells(img.Width, img.Height, maxCols, min(s.maxRows, termimg.MaxPlaceholderSpan), cw, ch)
}

// caption is the line under an image, and the whole chip when the image is
// not drawn: its name, size in pixels and bytes, and why it is missing.
// The image is taken as live (a partial stage is still generating); see
// captionFor.
func (s *imageState) caption(d *drawCtx, img session.Image, selected bool) string {
	return s.captionFor(d, img, session.StatusStreaming, selected)
}

// captionFor is caption for an image of a message in status: a partial
// stage left by a generation that stopped says so rather than
// "generating image…" forever.
func (s *imageState) captionFor(d *drawCtx, img session.Image, status session.Status, selected bool) string {
	why := ""
	if s != nil {
		why = s.failed[img.Blob]
	}
	text := transcript.ImageCaption(img, status, why)
	if selected {
		return d.styles.HelpKey.Render(text + " · enter/o view · s save · c copy path · a attach")
	}
	return d.styles.Muted.Render(text)
}

// imageRef names one image of the transcript: the entry and the index of
// the image among its blocks.
type imageRef struct {
	e  *entry
	i  int
	ok bool
}

// slot is an image's visible part: rows [first, first+count) of the image
// shown from screen row row (0 = the top of the transcript), column col;
// caption is the screen row of its caption, or -1.
type slot struct {
	ref          imageRef
	b            imgBlock
	row, col     int
	first, count int
	caption      int
	// next is the image's current stage while b is the stage shown before
	// it, drawn until next has something to draw (see standIn); zero
	// otherwise.
	next imgBlock
}

// visibleSlots lists the image parts in view; it only walks the visible
// entries, whose layout is cached.
func visibleSlots(t *entryList, d *drawCtx) []slot {
	var out []slot
	for v := range t.Visible {
		e, row, height := v.Entry, v.Row, t.Height()
		for bi, b := range e.blocks {
			top := row + b.line
			first, last := max(0, -top), min(b.rows, height-top)
			capRow := top + b.rows
			if capRow < 0 || capRow >= height {
				capRow = -1
			}
			if last <= first && capRow < 0 {
				continue
			}
			draw, next := d.imgs.standIn(e, bi, b)
			out = append(out, slot{ref: imageRef{e: e, i: bi, ok: true}, b: draw, next: next,
				row: top + first, col: imageIndent, first: first, count: max(last-first, 0), caption: capRow})
		}
	}
	return out
}

// overlay draws the visible images over their reserved lines: half-blocks
// or kitty placeholders as text, blank cells where a sixel or iTerm2 image
// will be placed, the caption highlighted when selected.
func (s *imageState) overlay(t *entryList, d *drawCtx, lines []string) {
	if s == nil {
		return
	}
	for _, sl := range visibleSlots(t, d) {
		sel := s.sel.ok && s.sel.e == sl.ref.e && s.sel.i == sl.ref.i
		prefix := strings.Repeat(" ", imageIndent)
		if sel {
			prefix = d.styles.HelpKey.Render("▌") + " "
		}
		for k := range sl.count {
			if r := sl.row + k; r >= 0 && r < len(lines) {
				lines[r] = prefix + s.rowText(sl, sl.first+k)
			}
		}
		if sl.caption >= 0 && sl.caption < len(lines) && sel {
			cur := sl.current()
			lines[sl.caption] = prefix + s.captionFor(d, cur.img, cur.status, true)
		}
	}
}

// rowText is row k of an image as text: kitty placeholders once the image
// is in the terminal, blanks where a sixel or iTerm2 encode is ready to be
// placed, else the half-block preview (blank until it is encoded).
func (s *imageState) rowText(sl slot, k int) string {
	b := sl.b
	switch p := s.protocol(); p {
	case graphics.Kitty:
		key := s.key(b, p, 0, 0)
		if s.sent[key] {
			if r, ok := s.cache.Get(key); ok && k < len(r.Lines) {
				return r.Lines[k]
			}
		}
	case graphics.Sixel, graphics.ITerm2:
		if _, ok := s.cache.Get(s.sliceKey(sl, p)); ok {
			return strings.Repeat(" ", b.cols)
		}
	}
	if r, ok := s.cache.Get(s.key(b, graphics.Blocks, 0, 0)); ok && k < len(r.Lines) {
		return r.Lines[k]
	}
	return strings.Repeat(" ", b.cols)
}

// key is the cache key of an encode of b with protocol p; count > 0 asks
// for rows [first, first+count) only.
func (s *imageState) key(b imgBlock, p graphics.Protocol, first, count int) graphics.Key {
	cw, ch := s.cell()
	return graphics.Key{Blob: b.img.Blob, Cols: b.cols, Rows: b.rows, CellW: cw, CellH: ch,
		Protocol: p, First: first, Count: count}
}

// sliceKey is the key of what a sixel or iTerm2 slot shows: the whole
// image, or only its visible rows.
func (s *imageState) sliceKey(sl slot, p graphics.Protocol) graphics.Key {
	if sl.first == 0 && sl.count == sl.b.rows {
		return s.key(sl.b, p, 0, 0)
	}
	return s.key(sl.b, p, sl.first, sl.count)
}
