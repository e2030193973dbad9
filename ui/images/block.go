package images

import (
	"strings"

	"parley/media/termimg"
	"parley/session"
	"parley/ui/graphics"
	"parley/ui/transcript"
)

// Indent is the column images start at: the markdown body's indent.
const Indent = 2

// Block is where one image sits among an entry's rendered lines: Rows
// reserved lines (0 for a text chip) followed by one caption line.
type Block struct {
	Line       int // first line inside the entry
	Img        session.Image
	Cols, Rows int
	// Status is the owning message's: a partial stage of a message that
	// stopped (cancelled, failed, interrupted) is captioned as such.
	Status session.Status
}

// Blocks are one entry's image blocks, in order, and per image the last
// block that had something on screen: while a new stage of that image is
// being encoded, that one is drawn instead of blank rows (see standIn).
// The zero value is empty and ready.
type Blocks struct {
	list  []Block
	shown []Block
}

// Reset forgets the blocks (not what was shown) before a new layout.
func (b *Blocks) Reset() { b.list = b.list[:0] }

// Add records the next image's block.
func (b *Blocks) Add(x Block) { b.list = append(b.list, x) }

// Len is the number of blocks.
func (b *Blocks) Len() int { return len(b.list) }

// At is block i.
func (b *Blocks) At(i int) Block { return b.list[i] }

// List is the blocks in order (a copy).
func (b *Blocks) List() []Block { return append([]Block(nil), b.list...) }

// Ref names one image of the transcript: its entry's blocks and its index
// among them. The zero Ref names none.
type Ref struct {
	Blocks *Blocks
	I      int
}

// Slot is an image's visible part: rows [First, First+Count) of the image
// shown from screen row Row (0 = the top of the area drawn), column Col;
// Caption is the screen row of its caption, or -1.
type Slot struct {
	Ref          Ref
	B            Block
	Row, Col     int
	First, Count int
	Caption      int
	// next is the image's current stage while B is the stage shown before
	// it, drawn until next has something to draw (see standIn); zero
	// otherwise.
	next Block
}

// current is the slot's image as it is now (not the stage drawn for it
// while that one is encoded).
func (sl Slot) current() Block {
	if sl.next.Rows > 0 {
		return sl.next
	}
	return sl.B
}

// Fit is the image's size in cells at transcript width w: bounded by the
// max rows and the width, aspect kept with the real cell size. 0×0 means
// a text chip (no store, protocol none, unknown size, cannot be drawn).
func (s *Images) Fit(img session.Image, w int) (cols, rows int) {
	if s.Protocol() == graphics.None || img.Width <= 0 || img.Height <= 0 || s.failed[img.Blob] != "" {
		return 0, 0
	}
	cw, ch := s.Cell()
	maxCols := min(w-Indent, termimg.MaxPlaceholderSpan)
	return termimg.FitCells(img.Width, img.Height, maxCols, min(s.maxRows, termimg.MaxPlaceholderSpan), cw, ch)
}

// Caption is the line under an image of a message in status, and the
// whole chip when the image is not drawn: its name, size in pixels and
// bytes, and why it is missing. A partial stage left by a generation that
// stopped says so rather than "generating image…" forever. A selected
// image's caption lists its keys.
func (s *Images) Caption(img session.Image, status session.Status, selected bool) string {
	text := transcript.ImageCaption(img, status, s.failed[img.Blob])
	if selected {
		return s.styles.HelpKey.Render(text + " · enter/o view · s save · c copy path · a attach")
	}
	return s.styles.Muted.Render(text)
}

// EntrySlots appends the image parts of one entry in view: the entry's
// first line is at screen row row of an area height rows tall.
func (s *Images) EntrySlots(out []Slot, bs *Blocks, row, height int) []Slot {
	for bi, b := range bs.list {
		top := row + b.Line
		first, last := max(0, -top), min(b.Rows, height-top)
		capRow := top + b.Rows
		if capRow < 0 || capRow >= height {
			capRow = -1
		}
		if last <= first && capRow < 0 {
			continue
		}
		draw, next := s.standIn(bs, bi, b)
		out = append(out, Slot{Ref: Ref{Blocks: bs, I: bi}, B: draw, next: next,
			Row: top + first, Col: Indent, First: first, Count: max(last-first, 0), Caption: capRow})
	}
	return out
}

// NearSlots appends one entry's images whole, for Sync's near: images
// off screen to encode ahead. They are never placed (their row is -1).
func (s *Images) NearSlots(out []Slot, bs *Blocks) []Slot {
	for bi, b := range bs.list {
		if b.Rows > 0 {
			out = append(out, Slot{Ref: Ref{Blocks: bs, I: bi}, B: b, Row: -1, Col: Indent, Count: b.Rows, Caption: -1})
		}
	}
	return out
}

// Overlay draws the slots' images over their reserved lines: half-blocks
// or kitty placeholders as text, blank cells where a sixel or iTerm2 image
// will be placed, the caption highlighted when the image is sel.
func (s *Images) Overlay(slots []Slot, lines []string, sel Ref) {
	for _, sl := range slots {
		selected := sl.selectedBy(sel)
		prefix := s.gutter(selected)
		for k := range sl.Count {
			if r := sl.Row + k; r >= 0 && r < len(lines) {
				lines[r] = prefix + s.RowText(sl, sl.First+k)
			}
		}
		if sl.Caption >= 0 && sl.Caption < len(lines) && selected {
			cur := sl.current()
			lines[sl.Caption] = prefix + s.Caption(cur.Img, cur.Status, true)
		}
	}
}

// selectedBy reports whether sel names the slot's image.
func (sl Slot) selectedBy(sel Ref) bool { return sel.Blocks != nil && sel == sl.Ref }

// gutter is what Overlay draws left of an image's rows: the selection bar
// when the image is selected, blanks otherwise. The placement of a sixel
// or iTerm2 image depends on which (placed.selected).
func (s *Images) gutter(selected bool) string {
	if selected {
		return s.styles.HelpKey.Render("▌") + " "
	}
	return strings.Repeat(" ", Indent)
}

// RowText is row k of a slot's image as text: kitty placeholders once the
// image is in the terminal, blanks where a sixel or iTerm2 encode is
// ready to be placed, else the half-block thumbnail, and blank cells of
// the image's size until that is encoded.
func (s *Images) RowText(sl Slot, k int) string {
	b := sl.B
	switch p := s.Protocol(); p {
	case graphics.Kitty:
		key := s.key(b, p, 0, 0)
		if s.sent[key] {
			if r, ok := s.cache.Get(key); ok && k < len(r.Lines) {
				return r.Lines[k]
			}
		}
	case graphics.Sixel, graphics.ITerm2:
		if _, ok := s.cache.Get(s.sliceKey(sl, p)); ok {
			return strings.Repeat(" ", b.Cols)
		}
	}
	if r, ok := s.cache.Get(s.key(b, graphics.Blocks, 0, 0)); ok && k < len(r.Lines) {
		return r.Lines[k]
	}
	return strings.Repeat(" ", b.Cols)
}

// key is the cache key of an encode of b with protocol p; count > 0 asks
// for rows [first, first+count) only.
func (s *Images) key(b Block, p graphics.Protocol, first, count int) graphics.Key {
	cw, ch := s.Cell()
	return graphics.Key{Blob: b.Img.Blob, Cols: b.Cols, Rows: b.Rows, CellW: cw, CellH: ch,
		Protocol: p, First: first, Count: count}
}

// sliceKey is the key of what a sixel or iTerm2 slot shows: the whole
// image, or only its visible rows.
func (s *Images) sliceKey(sl Slot, p graphics.Protocol) graphics.Key {
	if sl.First == 0 && sl.Count == sl.B.Rows {
		return s.key(sl.B, p, 0, 0)
	}
	return s.key(sl.B, p, sl.First, sl.Count)
}

// Drawable reports whether b has anything but blank rows to show now: its
// half-block thumbnail, its kitty image in the terminal, or its sixel or
// iTerm2 encode.
func (s *Images) Drawable(b Block) bool {
	p := s.Protocol()
	if p == graphics.None || b.Rows == 0 || b.Img.Blob == "" {
		return false
	}
	if _, ok := s.cache.Get(s.key(b, graphics.Blocks, 0, 0)); ok {
		return true
	}
	switch p {
	case graphics.Kitty:
		return s.sent[s.key(b, p, 0, 0)]
	case graphics.Sixel, graphics.ITerm2:
		_, ok := s.cache.Get(s.key(b, p, 0, 0))
		return ok
	}
	return false
}

// remember records, on the slot's blocks, the stage the slot has on
// screen once it has something to draw, for standIn. It runs in Sync
// (after each Update), never while drawing.
func (s *Images) remember(sl Slot) {
	cur, bs := sl.current(), sl.Ref.Blocks
	if bs == nil || !s.Drawable(cur) {
		return
	}
	for len(bs.shown) <= sl.Ref.I {
		bs.shown = append(bs.shown, Block{})
	}
	bs.shown[sl.Ref.I] = cur
}

// standIn returns what to draw for image bi of bs, laid out as b. A new
// generation stage (a new blob in the same place) has nothing to draw
// until its encode comes back, at least one frame later; drawing blank
// rows meanwhile made the picture flicker at every stage. So while b has
// nothing to draw, the stage shown before is drawn in its place, with b
// as next, to encode. Only a stage of the same size in cells stands in
// (partial images of one generation share the final size), and only
// while it still has its own encode.
func (s *Images) standIn(bs *Blocks, bi int, b Block) (draw, next Block) {
	if bi >= len(bs.shown) {
		return b, Block{}
	}
	prev := bs.shown[bi]
	if prev.Img.Blob == b.Img.Blob || prev.Cols != b.Cols || prev.Rows != b.Rows ||
		s.Drawable(b) || !s.Drawable(prev) {
		return b, Block{}
	}
	prev.Line, prev.Status = b.Line, b.Status
	return prev, b
}

// Next is the image's current stage while the slot draws the stage shown
// before it (see standIn); the zero Block otherwise.
func (sl Slot) Next() Block { return sl.next }
