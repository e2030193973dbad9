package markdown

import "strings"

// span is a top-level block: text[start:end], without its final newline.
type span struct{ start, end int }

// blockKind says what may continue a block after a blank line.
type blockKind uint8

const (
	kindOther    blockKind = iota // ends at a blank line
	kindList                      // continues with indented lines and list items
	kindIndented                  // indented code: continues with indented lines
)

// splitter finds complete top-level blocks in a growing markdown text. It
// looks at each line once, so the total work is linear in the text.
//
// Splitting is only safe where rendering the parts separately looks the
// same as rendering the whole, so it is conservative: it splits at blank
// lines outside fenced code, before and after ATX headings and after a
// closing fence; a list keeps blank-separated items and indented
// continuation lines in one block, and so does indented code. Keeping too
// much together costs only speed, never correctness. (Link reference
// definitions that come after their use are not resolved across blocks.)
type splitter struct {
	scan    int       // start of the next line to look at
	start   int       // start of the open block, or -1
	end     int       // end of its last non-blank line
	blank   bool      // blank lines seen after the open block
	kind    blockKind // of the open block
	fence   byte      // '`' or '~' while inside a fenced code block
	fenceN  int       // length of the opening fence
	done    []span    // complete blocks, in order
	hasOpen bool      // start is valid
}

// feed looks at the complete lines of text not seen yet, then at the
// partial last line, recording blocks that became complete.
func (s *splitter) feed(text string) {
	for {
		nl := strings.IndexByte(text[s.scan:], '\n')
		if nl < 0 {
			break
		}
		lineEnd := s.scan + nl
		s.line(text[s.scan:lineEnd], s.scan, lineEnd)
		s.scan = lineEnd + 1
	}
	s.partial(text[s.scan:])
}

// tailStart returns where the text not yet in a complete block begins.
func (s *splitter) tailStart() int {
	if s.hasOpen {
		return s.start
	}
	return s.scan
}

// finish closes the open block at the end of the text.
func (s *splitter) finish(text string) {
	if s.scan < len(text) {
		s.line(text[s.scan:], s.scan, len(text))
		s.scan = len(text)
	}
	s.close()
	s.fence = 0
}

func (s *splitter) close() {
	if s.hasOpen {
		s.done = append(s.done, span{s.start, s.end})
		s.hasOpen = false
	}
	s.blank, s.kind = false, kindOther
}

func (s *splitter) open(pos int) {
	s.start, s.end, s.hasOpen, s.blank, s.kind = pos, pos, true, false, kindOther
}

// line handles one complete line at text[pos:end].
func (s *splitter) line(l string, pos, end int) {
	if s.fence != 0 {
		s.end = end
		if closesFence(l, s.fence, s.fenceN) {
			s.fence = 0
			if s.kind != kindList {
				s.close() // nothing after a closed fence joins it
			}
		}
		return
	}
	if isBlank(l) {
		if s.hasOpen {
			s.blank = true
			if s.kind == kindOther {
				s.close() // nothing after a blank line joins a paragraph, table, quote…
			}
		}
		return
	}
	if s.hasOpen && s.blank && !continues(s.kind, l) {
		s.close()
	}
	if isHeading(l) && s.kind != kindList {
		s.close() // an ATX heading is a block of its own
		s.open(pos)
		s.end = end
		s.close()
		return
	}
	if !s.hasOpen {
		s.open(pos)
		if indent(l) >= 4 {
			s.kind = kindIndented
		}
	}
	s.blank = false
	s.end = end
	if c, n := opensFence(l); n > 0 {
		s.fence, s.fenceN = c, n
	} else if isListItem(l) {
		s.kind = kindList
	}
}

// partial handles the unfinished last line: once its first character shows
// that it does not continue a list or indented code after a blank line, the
// open block is complete and can be rendered without waiting for the line
// to end.
func (s *splitter) partial(l string) {
	if !s.hasOpen || !s.blank || s.fence != 0 || l == "" {
		return
	}
	c := l[0]
	if c == ' ' || c == '\t' || c == '-' || c == '*' || c == '+' || (c >= '0' && c <= '9') {
		return // may continue the block; wait for more
	}
	s.close()
}

// continues reports whether line l, after blank lines, belongs to a block
// of kind k.
func continues(k blockKind, l string) bool {
	switch k {
	case kindList:
		return indent(l) > 0 || isListItem(l)
	case kindIndented:
		return indent(l) >= 4
	}
	return false
}

func isBlank(l string) bool { return strings.TrimLeft(l, " \t\r") == "" }

// indent returns the width of l's leading whitespace (a tab counts 4).
func indent(l string) int {
	n := 0
	for _, c := range []byte(l) {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}

// isHeading reports an ATX heading: up to 3 spaces, 1–6 '#', then a space
// or the end of the line.
func isHeading(l string) bool {
	if indent(l) >= 4 {
		return false
	}
	t := strings.TrimLeft(l, " ")
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(t) || t[n] == ' ' || t[n] == '\t')
}

// isListItem reports a bullet ("- ", "* ", "+ ") or ordered ("1. ", "1) ")
// list item that is not a thematic break, at any indentation.
func isListItem(l string) bool {
	t := strings.TrimLeft(l, " \t")
	if t == "" {
		return false
	}
	if c := t[0]; c == '-' || c == '*' || c == '+' {
		return (len(t) == 1 || t[1] == ' ' || t[1] == '\t') && !isThematicBreak(t)
	}
	n := 0
	for n < len(t) && n < 9 && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	if n == 0 || n >= len(t) || (t[n] != '.' && t[n] != ')') {
		return false
	}
	return n+1 == len(t) || t[n+1] == ' ' || t[n+1] == '\t'
}

// isThematicBreak reports a line of three or more '-', '*' or '_' (spaces
// allowed between them).
func isThematicBreak(t string) bool {
	var c byte
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case ' ', '\t':
		case '-', '*', '_':
			if c != 0 && t[i] != c {
				return false
			}
			c = t[i]
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// opensFence returns the fence character and length when l opens a fenced
// code block (``` or ~~~, any indentation so that fences inside list items
// count too; a backtick fence's info string has no backtick).
func opensFence(l string) (byte, int) {
	t := strings.TrimLeft(l, " \t")
	if len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return 0, 0
	}
	c := t[0]
	n := 0
	for n < len(t) && t[n] == c {
		n++
	}
	if n < 3 || (c == '`' && strings.IndexByte(t[n:], '`') >= 0) {
		return 0, 0
	}
	return c, n
}

// closesFence reports whether l closes a fence of n characters c.
func closesFence(l string, c byte, n int) bool {
	t := strings.TrimRight(strings.TrimLeft(l, " \t"), " \t\r")
	if len(t) < n {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != c {
			return false
		}
	}
	return true
}
