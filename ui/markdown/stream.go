package markdown

import "strings"

// Stream renders one reply while it streams in. Complete blocks are
// rendered with glamour once per width and kept; only the open tail is
// redrawn per update, with the fast path. Call Finish when the reply ends
// so its last block gets the glamour render too; the final view then equals
// Renderer.Render of the whole text.
//
// The cost of Append and of Lines is bounded by the size of the open block
// (its last source line for the fast path), not by the reply. View joins
// all lines, so it costs a copy of the whole rendered reply; per-frame
// callers that show a window of the reply should use Lines.
type Stream struct {
	r        *Renderer
	text     strings.Builder // grows only; String() does not copy
	split    splitter
	finished bool

	width    int      // width of the rendered blocks
	rendered int      // blocks in lines
	lines    []string // rendered complete blocks, "" between blocks
	tail     tail
}

// NewStream returns a Stream for a new reply.
func (r *Renderer) NewStream() *Stream {
	return &Stream{r: r, split: splitter{start: -1}}
}

// Append adds the next piece of the reply. Text appended after Finish is
// ignored.
func (s *Stream) Append(delta string) {
	if s.finished || delta == "" {
		return
	}
	s.text.WriteString(delta)
	s.split.feed(s.text.String())
}

// Finish marks the reply complete: its last block is rendered with glamour
// from now on.
func (s *Stream) Finish() {
	if s.finished {
		return
	}
	s.finished = true
	s.split.finish(s.text.String())
}

// Text returns the markdown appended so far.
func (s *Stream) Text() string { return s.text.String() }

// Lines returns the rendered reply at width columns, one row per element,
// without trailing newlines. The slice and its backing array belong to the
// Stream and are only valid until the next call on it; copy what you keep.
// A new width re-renders the complete blocks once.
func (s *Stream) Lines(width int) []string {
	width = max(width, minWidth)
	if width != s.width {
		s.width, s.rendered, s.lines = width, 0, s.lines[:0]
	}
	text := s.text.String()
	for _, b := range s.split.done[s.rendered:] {
		s.lines = appendBlock(s.lines, s.r.renderLines(text[b.start:b.end], width))
	}
	s.rendered = len(s.split.done)
	if s.finished {
		return s.lines[:len(s.lines):len(s.lines)]
	}
	rows := s.tail.view(s.r, text, s.split.tailStart(), width)
	if len(rows) == 0 {
		return s.lines[:len(s.lines):len(s.lines)]
	}
	// Append into the spare capacity of s.lines without changing its
	// length: the next complete block overwrites these rows.
	out := s.lines
	if len(out) > 0 {
		out = append(out, "")
	}
	return append(out, rows...)
}

// View returns the rendered reply at width columns as one string (lines
// joined by "\n"). It copies the whole rendering; see Lines.
func (s *Stream) View(width int) string {
	return strings.Join(s.Lines(width), "\n")
}

// Window returns rows [top, top+height) of the rendering at width joined
// by "\n" (clipped to the rows that exist). Its cost is that of Lines plus
// the window, so a transcript that shows only the visible rows of a
// streaming reply pays per frame for the open tail and the screen, never
// for the whole reply.
func (s *Stream) Window(width, top, height int) string {
	lines := s.Lines(width)
	top = min(max(top, 0), len(lines))
	end := min(top+max(height, 0), len(lines))
	return strings.Join(lines[top:end], "\n")
}
