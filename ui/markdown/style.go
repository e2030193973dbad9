package markdown

import (
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// leanPadding returns style with the document's foreground colour moved
// onto the blocks it contains, where a terminal shows the same cells.
//
// Why: glamour pads every line of every block to the full width one space
// at a time, each space wrapped in its block's colour (glamour v2.0.1
// ansi/margin.go:35), and the document's writers then re-wrap and re-pad
// all of it. A foreground colour on a blank cell shows nothing, so with
// the colour moved to the top-level blocks (paragraphs, headings, lists,
// quotes, tables, rules) the document's padding is written plain and
// glamour does about a quarter less work. style_test.go checks, cell by
// cell for every built-in style, that the screen is the same.
//
// The style is kept as it is where moving the colour would show: a
// document with a background or attributes, or a quote or list with a
// colour of its own (its paragraphs would take the document's instead).
func leanPadding(s gansi.StyleConfig) gansi.StyleConfig {
	fg := s.Document.Color
	if fg == nil || !fgOnly(s.Document.StylePrimitive) ||
		!sameOrUnset(s.BlockQuote.Color, fg) || !sameOrUnset(s.List.Color, fg) ||
		!sameOrUnset(s.Table.Color, fg) || !sameOrUnset(s.DefinitionList.Color, fg) {
		return s
	}
	for _, b := range []*gansi.StyleBlock{&s.Paragraph, &s.BlockQuote, &s.List.StyleBlock, &s.Heading,
		&s.Table.StyleBlock, &s.DefinitionList, &s.HTMLBlock, &s.HTMLSpan, &s.CodeBlock.StyleBlock} {
		inherit(&b.StylePrimitive, fg)
	}
	inherit(&s.HorizontalRule, fg)
	// A quote's bar is drawn in its parent's style, which at the top level
	// was the document's: it carries the colour itself now.
	if tok := s.BlockQuote.IndentToken; tok != nil {
		bar := ansi.Style{}.ForegroundColor(lipgloss.Color(*fg)).Styled(*tok)
		s.BlockQuote.IndentToken = &bar
	}
	s.Document.Color = nil
	return s
}

// fgOnly reports whether p styles nothing but the foreground colour of
// what it draws (prefixes and suffixes are text, not style).
func fgOnly(p gansi.StylePrimitive) bool {
	q := p
	q.Color, q.BlockPrefix, q.BlockSuffix, q.Prefix, q.Suffix, q.Format = nil, "", "", "", "", ""
	return q == gansi.StylePrimitive{}
}

func sameOrUnset(c, fg *string) bool { return c == nil || *c == *fg }

func inherit(p *gansi.StylePrimitive, fg *string) {
	if p.Color == nil {
		p.Color = fg
	}
}
