package markdown

import (
	"strconv"
	"strings"

	gansi "charm.land/glamour/v2/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// A tight top-level list of one-line-or-wrapped items is, to glamour, one
// flowing text: each item's bullet (or number) and inline runs written
// into the list's buffer, "\n" between items, the whole wrapped once at
// the list's width with glamour's block breakpoints, then indented (no
// hanging indent: glamour v2.0.1 ansi/blockelement.go, listitem.go). The
// fast path writes the same text and wraps it the same way; nested lists,
// loose lists, task items and anything with a link go to glamour.

// listBreaks are the characters glamour's block wrap may break after.
const listBreaks = " ,.;-+|"

// listBlock is a top-level list's style as glamour builds it: the list's
// own block with its indent defaulting to 0.
func listBlock(s gansi.StyleConfig) gansi.StyleBlock {
	b := s.List.StyleBlock
	if b.Indent == nil {
		var zero uint
		b.Indent = &zero
	}
	return b
}

// listStart reports whether md starts with a top-level list item.
func listStart(md string) bool {
	l, _, _ := strings.Cut(md, "\n")
	return indent(l) == 0 && isListItem(l)
}

// renderList draws md when it is a tight list of plain items, or reports
// false.
func (ps *paraStyle) renderList(md string, width int) ([]string, bool) {
	if !ps.list.ok || width-ps.list.shrink < 1 {
		return nil, false
	}
	src := []byte(md)
	doc := ps.parse.Parse(text.NewReader(src))
	l, ok := doc.FirstChild().(*ast.List)
	if !ok || doc.ChildCount() != 1 || !l.IsTight {
		return nil, false
	}
	var b strings.Builder
	var n uint
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		n++
		tb, ok := it.FirstChild().(*ast.TextBlock)
		if !ok || it.ChildCount() != 1 {
			return nil, false
		}
		if l.IsOrdered() {
			e := n
			if l.Start != 1 {
				e += uint(l.Start) - 1 // glamour's arithmetic, wrap-around included
			}
			base(&b, ps.list.prim, ps.enum, strconv.FormatUint(uint64(e), 10), "", nil)
		} else {
			base(&b, ps.list.prim, ps.item, "", "", nil)
		}
		if !ps.inlines(&b, tb, src, &ps.list) {
			return nil, false
		}
		if it.NextSibling() != nil {
			b.WriteByte('\n')
		}
	}
	return ps.list.lines(b.String(), width, listBreaks)
}
