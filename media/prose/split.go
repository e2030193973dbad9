// Package prose turns a markdown reply into the sentences a speech engine
// should read: markup stripped, code blocks, tables and URLs replaced by a
// short spoken mention ("code block, 12 lines"), cut into sentences as the
// reply streams in.
//
// The Splitter is incremental: each Write scans only the bytes it adds
// (plus the conversion of the segment it completes), so feeding a reply
// token by token costs O(reply length) in total, not O(length²).
package prose

import (
	"bytes"
	"strconv"
	"strings"
)

// maxRun is how many bytes of running text without a sentence end are
// allowed before the Splitter cuts at a space anyway: speech endpoints cap
// their input (OpenAI at 4096 characters) and a long run delays the first
// audio.
const maxRun = 600

// compactAt is the size of consumed input past which the buffer is shifted
// down, keeping memory bounded by the unfinished line.
const compactAt = 4096

// Splitter cuts streaming markdown into speakable sentences. The zero value
// is ready to use; it is not safe for concurrent use.
type Splitter struct {
	buf      []byte // input not yet consumed: the current line from lineAt
	lineAt   int    // start of the current line in buf
	segAt    int    // start of the unconverted part of the current line
	pos      int    // next byte to scan
	prefixed bool   // the current line's block prefix has been handled
	kind     lineKind

	// balance of the current segment: never cut inside a link or code span
	brackets, parens int
	inCode           bool

	fence     string // the open fence marker ("```", "~~~"), "" when none
	fenceLang string
	fenceN    int // lines inside the open fence
	tableN    int // rows of the open table (0 = not in a table)

	// work counts bytes scanned, classified and converted, so a test can
	// check that the cost per delta does not grow with the reply.
	work int

	sent []byte   // the sentence being built, as prose
	conv []byte   // scratch for inline conversion
	out  []string // sentences completed by the current call
}

type lineKind int

const (
	lineText lineKind = iota
	lineHeading
	lineFence // fence open/close, or a line inside a fence
	lineTable
	lineRule
)

// Write adds a delta of markdown and returns the sentences it completed, in
// order. The returned slice is reused by the next call.
func (s *Splitter) Write(delta string) []string {
	s.out = s.out[:0]
	s.buf = append(s.buf, delta...)
	s.scan()
	s.compact()
	return s.out
}

// Flush ends the text: whatever is left (an unfinished sentence, an open
// code block or table) is returned as the last sentences.
func (s *Splitter) Flush() []string {
	s.out = s.out[:0]
	if s.pos > s.lineAt || s.lineAt < len(s.buf) {
		s.buf = append(s.buf, '\n')
		s.scan()
	}
	s.closeTable()
	if s.fence != "" {
		s.emit(codeMention(s.fenceLang, s.fenceN))
		s.fence = ""
	}
	s.endSentence()
	s.buf, s.lineAt, s.segAt, s.pos = s.buf[:0], 0, 0, 0
	return s.out
}

// FromMarkdown converts a whole markdown text to speakable prose: its
// sentences joined by single spaces.
func FromMarkdown(md string) string {
	var s Splitter
	all := append([]string(nil), s.Write(md)...)
	all = append(all, s.Flush()...)
	return strings.Join(all, " ")
}

// Sentences converts a whole markdown text into its speakable sentences.
func Sentences(md string) []string {
	var s Splitter
	all := append([]string(nil), s.Write(md)...)
	return append(all, s.Flush()...)
}

// scan walks the bytes added since the last call.
func (s *Splitter) scan() {
	for s.pos < len(s.buf) {
		if !s.prefixed && (!s.classify() || s.pos >= len(s.buf)) {
			return // the line's start is still ambiguous: wait for more
		}
		c := s.buf[s.pos]
		s.work++
		if c == '\n' {
			s.endLine()
			continue
		}
		s.pos++
		if s.kind != lineText && s.kind != lineHeading {
			continue // fences, tables and rules are handled per line
		}
		s.track(c)
		if s.pos-s.segAt > maxRun {
			s.forceCut()
		} else if s.terminator(c) && s.balanced() {
			end, wait := s.boundaryAfter()
			if wait {
				s.pos-- // look at this terminator again when more arrives
				return
			}
			if end {
				s.cut(true)
			}
		}
	}
}

// track updates the balance counters with one scanned byte.
func (s *Splitter) track(c byte) {
	switch {
	case c == '`':
		s.inCode = !s.inCode
	case s.inCode:
	case c == '[':
		s.brackets++
	case c == ']' && s.brackets > 0:
		s.brackets--
		if s.pos < len(s.buf) && s.buf[s.pos] == '(' {
			s.parens++ // the link's URL follows
			s.pos++
		}
	case c == '(' && s.parens > 0:
		s.parens++
	case c == ')' && s.parens > 0:
		s.parens--
	}
}

func (s *Splitter) balanced() bool { return s.brackets == 0 && s.parens == 0 && !s.inCode }

// boundaryAfter reports whether the terminator just scanned (at pos-1) ends
// a sentence: closing quotes or brackets may follow, then whitespace. wait
// says the bytes that decide have not arrived yet (the next Write rescans
// from the terminator: a few bytes at most).
func (s *Splitter) boundaryAfter() (end, wait bool) {
	i := s.pos
	for i < len(s.buf) && i-s.pos < 4 && isCloser(s.buf[i]) {
		i++
	}
	if i >= len(s.buf) {
		return false, true
	}
	if c := s.buf[i]; c != ' ' && c != '\t' && c != '\n' {
		return false, false
	}
	if isAbbreviation(s.buf[s.segAt:s.pos]) {
		return false, false
	}
	s.pos = i
	return true, false
}

// cut converts the current segment and appends it to the sentence; with
// end, the sentence is complete.
func (s *Splitter) cut(end bool) {
	s.appendProse(s.buf[s.segAt:s.pos])
	s.segAt = s.pos
	s.brackets, s.parens, s.inCode = 0, 0, false
	if end {
		s.endSentence()
	}
}

// forceCut breaks an over-long run at its last space.
func (s *Splitter) forceCut() {
	seg := s.buf[s.segAt:s.pos]
	if i := bytes.LastIndexByte(seg, ' '); i > 0 {
		end := s.pos
		s.pos = s.segAt + i + 1
		s.cut(true)
		s.pos = end
		return
	}
	s.cut(true)
}

// endLine finishes the current line (buf[pos] is its '\n').
func (s *Splitter) endLine() {
	switch s.kind {
	case lineFence, lineRule:
	case lineTable:
		s.tableN++
		if isTableRule(s.buf[s.lineAt:s.pos]) {
			s.tableN-- // the |---|---| row under the header
		}
	default:
		s.cut(false)
		if s.kind == lineHeading {
			s.endSentence()
		} else {
			s.sent = append(s.sent, ' ')
		}
	}
	if s.kind == lineFence && s.fence != "" {
		s.fenceN++ // the opening line counts from -1
	}
	s.pos++
	s.lineAt, s.segAt = s.pos, s.pos
	s.prefixed = false
	s.brackets, s.parens, s.inCode = 0, 0, false
}

// emit ends the current sentence and adds a whole one after it.
func (s *Splitter) emit(text string) {
	s.endSentence()
	s.out = append(s.out, text)
}

// endSentence moves the sentence being built to the output if it has
// anything to say.
func (s *Splitter) endSentence() {
	t := bytes.TrimSpace(s.sent)
	if hasWord(t) {
		s.out = append(s.out, string(t))
	}
	s.sent = s.sent[:0]
}

// closeTable emits the mention of a table that just ended.
func (s *Splitter) closeTable() {
	if s.tableN == 0 {
		return
	}
	n := s.tableN - 1 // the header row is not a data row
	s.tableN = 0
	s.emit("table, " + count(max(n, 0), "row"))
}

// compact drops consumed input so memory stays bounded by the open line.
func (s *Splitter) compact() {
	if s.lineAt < compactAt || s.lineAt < len(s.buf)/2 {
		return
	}
	n := copy(s.buf, s.buf[s.lineAt:])
	s.buf = s.buf[:n]
	s.pos -= s.lineAt
	s.segAt -= s.lineAt
	s.lineAt = 0
}

func codeMention(lang string, lines int) string {
	if lang != "" {
		return lang + " code block, " + count(lines, "line")
	}
	return "code block, " + count(lines, "line")
}

func count(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// terminator reports whether c, just scanned, ends a sentence: '.', '!',
// '?', or the last byte of '…' (U+2026, E2 80 A6).
func (s *Splitter) terminator(c byte) bool {
	switch c {
	case '.', '!', '?':
		return true
	case 0xA6:
		return s.pos >= 3 && s.buf[s.pos-3] == 0xE2 && s.buf[s.pos-2] == 0x80
	}
	return false
}

func isCloser(c byte) bool {
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '*' || c == '_'
}

// abbreviations end in a period without ending a sentence (lower case).
var abbreviations = []string{"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "cf", "approx", "no", "fig"}

// isAbbreviation reports whether seg (ending in '.') ends with an
// abbreviation, an initial ("J.") or a number's dot ("1." in "step 1. ");
// only the last word is looked at.
func isAbbreviation(seg []byte) bool {
	if len(seg) == 0 || seg[len(seg)-1] != '.' {
		return false
	}
	w := seg[:len(seg)-1]
	if i := bytes.LastIndexAny(w, " \t(\"'"); i >= 0 {
		w = w[i+1:]
	}
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true
	}
	lw := strings.ToLower(string(w))
	for _, a := range abbreviations {
		if lw == a {
			return true
		}
	}
	return false
}

// hasWord reports whether b holds a letter or digit: punctuation alone is
// not worth a speech request.
func hasWord(b []byte) bool {
	for _, c := range b {
		if isWordChar(c) {
			return true
		}
	}
	return false
}
