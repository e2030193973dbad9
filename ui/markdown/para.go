package markdown

import (
	"html"
	"strings"

	gansi "charm.land/glamour/v2/ansi"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// paraStyle draws a block that is one plain paragraph (text, emphasis,
// strikethrough, code spans) without glamour's block writers.
//
// Why: glamour passes every block through a wrap and its indent, margin
// and padding writers twice, once as the paragraph and once as the
// document around it (ansi.BlockElement.Finish; the document is always
// built with Margin set), each parsing every byte again. For text that is
// already wrapped the second pass changes nothing a terminal shows, and
// in a long reply those passes are most of glamour's time. Here the
// inline runs are styled exactly as glamour's elements style them
// (baseelement.go, emphasis.go, codespan.go of glamour v2.0.1), wrapped
// once with the same lipgloss.Wrap, and indented with the same columns;
// para_test.go checks cell by cell, for every built-in style, that the
// screen is glamour's. Anything else (links, HTML, images, a style with
// formats, casing or visible padding) goes to glamour.
type paraStyle struct {
	ok                 bool
	para               gansi.StylePrimitive // the paragraph's, cascaded from the document
	text, emph, strong gansi.StylePrimitive
	strike, code       gansi.StylePrimitive
	indent, shrink     int // columns before the text; columns the wrap width loses
	parse              parser.Parser
}

// newParaStyle decides once per style whether the fast path can draw its
// paragraphs exactly as glamour does.
func newParaStyle(s gansi.StyleConfig) *paraStyle {
	doc, p := s.Document, s.Paragraph
	para := cascadePrim(doc.StylePrimitive, p.StylePrimitive, false)
	ps := &paraStyle{para: para, text: s.Text, emph: s.Emph, strong: s.Strong, strike: s.Strikethrough,
		code: cascadePrim(para, s.Code.StylePrimitive, false)}
	in := uintOr(doc.Indent) + uintOr(p.Indent)
	mg := uintOr(doc.Margin) + uintOr(p.Margin)
	ps.indent, ps.shrink = in+mg, in+2*mg
	ps.ok = onlyNewlines(doc.BlockPrefix) && onlyNewlines(doc.BlockSuffix) && doc.Prefix == "" && doc.Suffix == "" &&
		(doc.IndentToken == nil || uintOr(doc.Indent)+uintOr(doc.Margin) == 0) && p.IndentToken == nil &&
		p.BlockPrefix == "" && p.BlockSuffix == "" && p.Prefix == "" && p.Suffix == "" &&
		invisibleOnBlank(doc.StylePrimitive) && invisibleOnBlank(ps.para)
	for _, q := range []gansi.StylePrimitive{ps.para, s.Text, s.Emph, s.Strong, s.Strikethrough, ps.code} {
		ps.ok = ps.ok && q.Format == "" && !isSet(q.Upper) && !isSet(q.Lower) && !isSet(q.Title)
	}
	if ps.ok {
		ps.parse = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
			goldmark.WithParserOptions(parser.WithAutoHeadingID())).Parser()
	}
	return ps
}

// render draws md (one block, tabs expanded) at width, or reports false
// when it is not a paragraph the fast path draws like glamour.
func (ps *paraStyle) render(md string, width int) ([]string, bool) {
	w := width - ps.shrink
	if !ps.ok || w < 1 || !plainStart(md) || strings.ContainsAny(md, "[]<>@|") ||
		strings.Contains(md, "://") || strings.Contains(md, "www.") {
		return nil, false
	}
	src := []byte(md)
	doc := ps.parse.Parse(text.NewReader(src))
	p, ok := doc.FirstChild().(*ast.Paragraph)
	if !ok || doc.ChildCount() != 1 {
		return nil, false
	}
	var b strings.Builder
	for n := p.FirstChild(); n != nil; n = n.NextSibling() {
		if !ps.inline(&b, n, src, nil) {
			return nil, false
		}
	}
	blk := b.String()
	if strings.TrimSpace(blk) == "" {
		return nil, false
	}
	flow := lipgloss.Wrap(strings.ReplaceAll(blk, "\n", " "), w, "")
	pad := strings.Repeat(" ", ps.indent)
	lines := strings.Split(flow, "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return lines, true
}

// inline appends n styled as glamour's element for it would write it
// into the paragraph's buffer; over is the style an enclosing emphasis
// imposes (StyleOverrideRender), nil outside one.
func (ps *paraStyle) inline(b *strings.Builder, n ast.Node, src []byte, over *gansi.StylePrimitive) bool {
	switch n := n.(type) {
	case *ast.Text:
		s := string(n.Segment.Value(src))
		if n.HardLineBreak() || n.SoftLineBreak() {
			s += "\n"
		}
		ps.base(b, ps.text, html.UnescapeString(s), over)
	case *east.Strikethrough:
		ps.base(b, ps.strike, html.UnescapeString(string(n.Text(src))), over) //nolint:staticcheck // glamour reads it so
	case *ast.CodeSpan:
		t := html.UnescapeString(string(n.Text(src))) //nolint:staticcheck // glamour reads it so
		renderText(b, ps.code, ps.code.Prefix+t+ps.code.Suffix)
	case *ast.Emphasis:
		st := ps.emph
		if n.Level > 1 {
			st = ps.strong
		}
		if over != nil {
			st = cascadePrims(st, *over)
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if !ps.inline(b, c, src, &st) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

// base draws a BaseElement: its block affixes in the paragraph's style,
// its affixes and token in its own (glamour's doRender).
func (ps *paraStyle) base(b *strings.Builder, own gansi.StylePrimitive, token string, over *gansi.StylePrimitive) {
	st1, st2 := ps.para, cascadePrim(ps.para, own, false)
	if over != nil {
		st1, st2 = cascadePrims(ps.para, *over), cascadePrims(st2, *over)
	}
	renderText(b, st1, st2.BlockPrefix)
	renderText(b, st2, st2.Prefix)
	renderText(b, st2, escapeReplacer.Replace(token))
	renderText(b, st2, st2.Suffix)
	renderText(b, st1, st2.BlockSuffix)
}

// renderText styles s as glamour's renderText does (casing is excluded
// by newParaStyle).
func renderText(b *strings.Builder, r gansi.StylePrimitive, s string) {
	if s == "" {
		return
	}
	st := ansi.Style{}
	if r.Color != nil {
		st = st.ForegroundColor(lipgloss.Color(*r.Color))
	}
	if r.BackgroundColor != nil {
		st = st.BackgroundColor(lipgloss.Color(*r.BackgroundColor))
	}
	if isSet(r.Underline) {
		st = st.Underline(true)
	}
	if isSet(r.Bold) {
		st = st.Bold()
	}
	if isSet(r.Italic) {
		st = st.Italic(true)
	}
	if isSet(r.CrossedOut) {
		st = st.Strikethrough(true)
	}
	if isSet(r.Inverse) {
		st = st.Reverse(true)
	}
	if isSet(r.Blink) {
		st = st.Blink(true)
	}
	b.WriteString(st.Styled(s))
}

// escapeReplacer undoes markdown's backslash escapes as glamour does.
var escapeReplacer = strings.NewReplacer(
	"\\\\", "\\", "\\`", "`", "\\*", "*", "\\_", "_", "\\{", "{", "\\}", "}",
	"\\[", "[", "\\]", "]", "\\<", "<", "\\>", ">", "\\(", "(", "\\)", ")",
	"\\#", "#", "\\+", "+", "\\-", "-", "\\.", ".", "\\!", "!", "\\|", "|",
)

// cascadePrim is glamour's cascadeStylePrimitive: the child's attributes
// where set, the parent's otherwise; toBlock also takes the parent's
// affixes and format where the child has none.
func cascadePrim(parent, child gansi.StylePrimitive, toBlock bool) gansi.StylePrimitive {
	s := child
	pick := func(c, p *bool) *bool {
		if c != nil {
			return c
		}
		return p
	}
	s.Color, s.BackgroundColor = child.Color, child.BackgroundColor
	if s.Color == nil {
		s.Color = parent.Color
	}
	if s.BackgroundColor == nil {
		s.BackgroundColor = parent.BackgroundColor
	}
	s.Underline, s.Bold = pick(child.Underline, parent.Underline), pick(child.Bold, parent.Bold)
	s.Upper, s.Lower, s.Title = pick(child.Upper, parent.Upper), pick(child.Lower, parent.Lower), pick(child.Title, parent.Title)
	s.Italic, s.CrossedOut = pick(child.Italic, parent.Italic), pick(child.CrossedOut, parent.CrossedOut)
	s.Faint, s.Conceal = pick(child.Faint, parent.Faint), pick(child.Conceal, parent.Conceal)
	s.Inverse, s.Blink = pick(child.Inverse, parent.Inverse), pick(child.Blink, parent.Blink)
	if !toBlock {
		return s // the child's affixes and format, as s started
	}
	or := func(c, p string) string {
		if c != "" {
			return c
		}
		return p
	}
	s.BlockPrefix, s.BlockSuffix = or(child.BlockPrefix, parent.BlockPrefix), or(child.BlockSuffix, parent.BlockSuffix)
	s.Prefix, s.Suffix, s.Format = or(child.Prefix, parent.Prefix), or(child.Suffix, parent.Suffix), or(child.Format, parent.Format)
	return s
}

// cascadePrims is glamour's cascadeStylePrimitives: left to right from an
// empty style, each taking block affixes from what came before.
func cascadePrims(s ...gansi.StylePrimitive) gansi.StylePrimitive {
	var r gansi.StylePrimitive
	for _, v := range s {
		r = cascadePrim(r, v, true)
	}
	return r
}

// plainStart reports whether md may be a paragraph rather than a
// heading, list, quote, fence, table, HTML or indented code. It only
// spares those blocks a second parse: the parsed tree decides.
func plainStart(md string) bool {
	if md == "" {
		return false
	}
	switch c := md[0]; {
	case c == ' ' || c == '\t' || c == '#' || c == '>' || c == '|' || c == '<' || c == '=':
		return false
	case c == '`' || c == '~':
		return !strings.HasPrefix(md, strings.Repeat(string(c), 3))
	case c == '-' || c == '+' || c == '*':
		return len(md) > 1 && md[1] != ' ' && md[1] != '\t' && md[1] != '\n' && !strings.HasPrefix(md, "---")
	case c >= '0' && c <= '9':
		i := strings.IndexFunc(md, func(r rune) bool { return r < '0' || r > '9' })
		return i < 0 || (md[i] != '.' && md[i] != ')')
	}
	return true
}

func onlyNewlines(s string) bool { return strings.Trim(s, "\n") == "" }

func isSet(b *bool) bool { return b != nil && *b }

// invisibleOnBlank reports whether p styles blank cells invisibly, so the
// padding glamour writes in it need not be written.
func invisibleOnBlank(p gansi.StylePrimitive) bool {
	return p.BackgroundColor == nil && !isSet(p.Underline) && !isSet(p.Inverse) && !isSet(p.CrossedOut)
}
