package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// wrapStarts word-wraps plain text s (sanitized markdown source, so no
// escape sequences) greedily into rows of at most limit cells and returns
// the offset where each row after the first starts. Rows break after
// spaces; a word longer than a row is broken at the limit. Spaces may run
// past the limit (they are trimmed from row ends).
//
// Greedy wrapping only ever changes the last row when text is appended,
// and wrapping s[k:] from a row start k gives the same later rows as
// wrapping all of s: the fast path relies on both to wrap a growing line
// in time proportional to its last row.
func wrapStarts(s string, limit int) []int {
	var starts []int
	row, word, w := 0, 0, 0 // row start, start of the current word, row width
	for pos := 0; pos < len(s); {
		r, size := rune(s[pos]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[pos:])
		}
		if r == ' ' {
			w++
			pos += size
			word = pos
			continue
		}
		rw := cellWidth(r)
		if w+rw > limit && pos > row {
			if word > row {
				row = word // move the current word to a new row
				w = plainWidth(s[word:pos])
			} else {
				row, w = pos, 0 // break a word that is longer than a row
			}
			word = row
			starts = append(starts, row)
		}
		w += rw
		pos += size
	}
	return starts
}

func cellWidth(r rune) int {
	if r < utf8.RuneSelf {
		return 1
	}
	return runewidth.RuneWidth(r)
}

func plainWidth(s string) int {
	w := 0
	for _, r := range s {
		w += cellWidth(r)
	}
	return w
}

// growingLine wraps the last, still growing, source line of the tail. It
// keeps the rows that can no longer change and re-wraps only from the start
// of the last row.
type growingLine struct {
	pos   int      // offset of the line in the text, or -1
	row   int      // offset in the line where the last row starts
	fixed []string // rows before it, padded
}

// rows returns the padded rows of line l (which starts at pos in the text).
func (g *growingLine) rows(l string, pos, limit int, first, next string) []string {
	if g.pos != pos || g.row > len(l) {
		g.pos, g.row, g.fixed = pos, 0, g.fixed[:0]
	}
	// wrapStarts answers offsets relative to base, the start of the first
	// row still open; several rows can close in one update (a big chunk, a
	// merged frame), so each one is cut relative to base, not to the
	// previous cut.
	base := g.row
	for _, st := range wrapStarts(l[base:], limit) {
		g.fixed = append(g.fixed, g.pad(first, next)+strings.TrimRight(l[g.row:base+st], " "))
		g.row = base + st
	}
	last := g.pad(first, next) + strings.TrimRight(l[g.row:], " ")
	return append(g.fixed[:len(g.fixed):len(g.fixed)], last)
}

func (g *growingLine) pad(first, next string) string {
	if g.row == 0 {
		return first
	}
	return next
}
