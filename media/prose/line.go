package prose

import (
	"bytes"
	"strings"
)

// maxPrefixWait bounds how far into a line classify looks for its newline
// when the start is ambiguous ("---" could be a rule or text): past it the
// line is text, so a pathological line cannot make every Write rescan it.
const maxPrefixWait = 64

// classify decides what the line starting at lineAt is, from its first
// bytes, and skips its block markup. It returns false when the bytes so far
// cannot tell (the caller waits for more).
func (s *Splitter) classify() bool {
	rest := s.buf[s.lineAt:]
	ind := 0
	for ind < len(rest) && (rest[ind] == ' ' || rest[ind] == '\t') {
		ind++
	}
	if ind == len(rest) {
		return false
	}
	rest = rest[ind:]
	nl := bytes.IndexByte(rest, '\n')
	whole := nl >= 0 || len(rest) > maxPrefixWait
	if nl < 0 {
		nl = len(rest)
	}
	line := rest[:nl]
	s.work += ind + len(line)
	kind, skip, ok := s.lineKindOf(line, whole)
	if !ok {
		return false
	}
	if kind != lineTable {
		s.closeTable()
	}
	s.kind, s.prefixed = kind, true
	s.segAt = s.lineAt + ind + skip
	s.pos = max(s.pos, s.segAt)
	return true
}

// lineKindOf classifies one line (complete when whole) and returns how many
// bytes of block markup to skip; ok is false when it cannot tell yet.
func (s *Splitter) lineKindOf(line []byte, whole bool) (kind lineKind, skip int, ok bool) {
	if s.fence != "" {
		return s.fenceLine(line, whole)
	}
	if len(line) == 0 {
		s.endSentence() // a blank line ends the paragraph
		return lineText, 0, true
	}
	switch c := line[0]; {
	case c == '`' || c == '~':
		return s.fenceOpen(line, whole)
	case c == '|':
		if s.tableN == 0 {
			s.endSentence()
		}
		return lineTable, 0, true
	case c == '#':
		return s.headingLine(line, whole)
	case c == '>':
		n := 0
		for n < len(line) && (line[n] == '>' || line[n] == ' ') {
			n++
		}
		return lineText, n, true
	case c == '-' || c == '*' || c == '+' || c == '_':
		return s.markerLine(line, whole)
	case c >= '0' && c <= '9':
		return s.orderedLine(line, whole)
	}
	return lineText, 0, true
}

// fenceLine handles a line inside a code block: the closing fence emits
// the block's mention.
func (s *Splitter) fenceLine(line []byte, whole bool) (lineKind, int, bool) {
	if len(line) < len(s.fence) && !whole {
		return 0, 0, false
	}
	if bytes.HasPrefix(line, []byte(s.fence)) {
		s.emit(codeMention(s.fenceLang, s.fenceN))
		s.fence, s.fenceLang, s.fenceN = "", "", 0
	}
	return lineFence, 0, true
}

// fenceOpen tells a code fence ("```go") from text starting with a
// backtick or tilde.
func (s *Splitter) fenceOpen(line []byte, whole bool) (lineKind, int, bool) {
	if len(line) < 3 && !whole {
		return 0, 0, false
	}
	m := string(line[:min(3, len(line))])
	if m != "```" && m != "~~~" {
		return lineText, 0, true
	}
	if !whole {
		return 0, 0, false // the language is on the same line
	}
	s.endSentence()
	s.fence, s.fenceN = m, -1
	s.fenceLang = ""
	if f := strings.Fields(strings.Trim(string(line), "`~ \t")); len(f) > 0 {
		s.fenceLang = f[0]
	}
	return lineFence, 0, true
}

// headingLine tells a heading ("## Title") from text such as "#hashtag".
func (s *Splitter) headingLine(line []byte, whole bool) (lineKind, int, bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == len(line) && !whole {
		return 0, 0, false
	}
	if n <= 6 && (n == len(line) || line[n] == ' ' || line[n] == '\t') {
		s.endSentence()
		return lineHeading, n, true
	}
	return lineText, 0, true
}

// orderedLine tells an ordered list item ("1. ", "2) ") from text that
// starts with a number.
func (s *Splitter) orderedLine(line []byte, whole bool) (lineKind, int, bool) {
	n := 0
	for n < len(line) && n < 9 && line[n] >= '0' && line[n] <= '9' {
		n++
	}
	if n+1 >= len(line) && !whole {
		return 0, 0, false
	}
	if n+1 < len(line) && (line[n] == '.' || line[n] == ')') && line[n+1] == ' ' {
		s.endSentence()
		return lineText, n + 2, true
	}
	return lineText, 0, true
}

// markerLine tells a bullet ("- item") from a rule ("---", "* * *") and
// from emphasis at the start of a paragraph ("**Note**").
func (s *Splitter) markerLine(line []byte, whole bool) (lineKind, int, bool) {
	if len(line) < 2 && !whole {
		return 0, 0, false
	}
	if only, n := ruleMarks(line); only {
		if !whole {
			return 0, 0, false // "--" may yet become a rule or text
		}
		if n >= 3 {
			s.endSentence()
			return lineRule, 0, true
		}
	}
	if line[0] != '_' && len(line) >= 2 && line[1] == ' ' {
		s.endSentence()
		return lineText, 2, true
	}
	return lineText, 0, true
}

// ruleMarks reports whether line holds only its first byte and blanks
// (a thematic break when there are three or more: "---", "* * *"), and
// how many of that byte.
func ruleMarks(line []byte) (only bool, n int) {
	c := line[0]
	for _, b := range line {
		switch {
		case b == c:
			n++
		case b != ' ' && b != '\t' && b != '\r':
			return false, n
		}
	}
	return true, n
}

// isTableRule reports whether a table line is the |---|:--:| separator.
func isTableRule(line []byte) bool {
	line = bytes.TrimSpace(line)
	dash := false
	for _, b := range line {
		switch b {
		case '-':
			dash = true
		case '|', ':', ' ', '\t', '\r':
		default:
			return false
		}
	}
	return dash
}
