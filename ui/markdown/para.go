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
// strikethrough, code spans), or a tight list of them (list.go), without
// glamour's block writers.
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
	para, list         flowBlock
	text, emph, strong gansi.StylePrimitive
	strike             gansi.StylePrimitive
	item, enum         gansi.StylePrimitive // a bullet's and a number's (list.go)
	parse              parser.Parser
}

// flowBlock is a block whose inline runs glamour wraps as one text: a
// paragraph or a tight list.
type flowBlock struct {
	ok             bool
	prim           gansi.StylePrimitive // its own, cascaded from the document
	code           gansi.StylePrimitive // a code span's inside it
	indent, shrink int                  // columns before the text; columns the wrap width loses
}

// newFlowBlock cascades b from the document as glamour does (indent and
// margin are b's own, not inherited) and checks that nothing the fast
// path does not draw (affixes, indent tokens, visible padding) is set.
func newFlowBlock(s gansi.StyleConfig, b gansi.StyleBlock) flowBlock {
	doc := s.Document
	f := flowBlock{prim: cascadePrim(doc.StylePrimitive, b.StylePrimitive, false)}
	f.code = cascadePrim(f.prim, s.Code.StylePrimitive, false)
	in := uintOr(doc.Indent) + uintOr(b.Indent)
	mg := uintOr(doc.Margin) + uintOr(b.Margin)
	f.indent, f.shrink = in+mg, in+2*mg
	f.ok = onlyNewlines(doc.BlockPrefix) && onlyNewlines(doc.BlockSuffix) && doc.Prefix == "" && doc.Suffix == "" &&
		(doc.IndentToken == nil || uintOr(doc.Indent)+uintOr(doc.Margin) == 0) && b.IndentToken == nil &&
		b.BlockPrefix == "" && b.BlockSuffix == "" && b.Prefix == "" && b.Suffix == "" &&
		invisibleOnBlank(doc.StylePrimitive) && invisibleOnBlank(f.prim) && plainPrim(f.prim) && plainPrim(f.code)
	return f
}

// plainPrim reports whether q has no format or casing, which the fast
// path does not apply.
func plainPrim(q gansi.StylePrimitive) bool {
	return q.Format == "" && !isSet(q.Upper) && !isSet(q.Lower) && !isSet(q.Title)
}

// newParaStyle decides once per style whether the fast path can draw its
// paragraphs and lists exactly as glamour does.
func newParaStyle(s gansi.StyleConfig) *paraStyle {
	ps := &paraStyle{para: newFlowBlock(s, s.Paragraph), list: newFlowBlock(s, listBlock(s)),
		text: s.Text, emph: s.Emph, strong: s.Strong, strike: s.Strikethrough, item: s.Item, enum: s.Enumeration}
	inl := plainPrim(s.Text) && plainPrim(s.Emph) && plainPrim(s.Strong) && plainPrim(s.Strikethrough)
	ps.para.ok = ps.para.ok && inl
	ps.list.ok = ps.list.ok && inl && plainPrim(s.Item) && plainPrim(s.Enumeration)
	if ps.para.ok || ps.list.ok {
		ps.parse = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
			goldmark.WithParserOptions(parser.WithAutoHeadingID())).Parser()
	}
	return ps
}

// render draws md (one block, tabs expanded) at width, or reports false
// when it is not a paragraph or list the fast path draws like glamour.
func (ps *paraStyle) render(md string, width int) ([]string, bool) {
	if ps.parse == nil || strings.ContainsAny(md, "[]<>@|") || strings.Contains(md, "://") || strings.Contains(md, "www.") {
		return nil, false
	}
	if listStart(md) {
		return ps.renderList(md, width)
	}
	if !ps.para.ok || width-ps.para.shrink < 1 || !plainStart(md) {
		return nil, false
	}
	src := []byte(md)
	doc := ps.parse.Parse(text.NewReader(src))
	p, ok := doc.FirstChild().(*ast.Paragraph)
	if !ok || doc.ChildCount() != 1 {
		return nil, false
	}
	var b strings.Builder
	if !ps.inlines(&b, p, src, &ps.para) || strings.TrimSpace(b.String()) == "" {
		return nil, false
	}
	return ps.para.lines(strings.ReplaceAll(b.String(), "\n", " "), width, "")
}

// lines wraps the block's text as glamour's Finish does and indents it,
// or reports false when a wrapped line came out wider than the block:
// glamour's document pass would wrap that line again.
func (f *flowBlock) lines(s string, width int, breaks string) ([]string, bool) {
	w := width - f.shrink
	pad := strings.Repeat(" ", f.indent)
	lines := strings.Split(lipgloss.Wrap(s, w, breaks), "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			return nil, false
		}
		lines[i] = pad + l
	}
	return lines, true
}

// inlines appends the inline children of n, or reports false at one the
// fast path does not draw.
func (ps *paraStyle) inlines(b *strings.Builder, n ast.Node, src []byte, f *flowBlock) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if !ps.inline(b, c, src, nil, f) {
			return false
		}
	}
	return true
}

// inline appends n styled as glamour's element for it would write it
// into the paragraph's buffer; over is the style an enclosing emphasis
// imposes (StyleOverrideRender), nil outside one.
func (ps *paraStyle) inline(b *strings.Builder, n ast.Node, src []byte, over *gansi.StylePrimitive, f *flowBlock) bool {
	switch n := n.(type) {
	case *ast.Text:
		s := string(n.Segment.Value(src))
		if n.HardLineBreak() || n.SoftLineBreak() {
			s += "\n"
		}
		base(b, f.prim, ps.text, "", html.UnescapeString(s), over)
	case *east.Strikethrough:
		base(b, f.prim, ps.strike, "", html.UnescapeString(string(n.Text(src))), over) //nolint:staticcheck // glamour reads it so
	case *ast.CodeSpan:
		t := html.UnescapeString(string(n.Text(src))) //nolint:staticcheck // glamour reads it so
		renderText(b, f.code, f.code.Prefix+t+f.code.Suffix)
	case *ast.Emphasis:
		st := ps.emph
		if n.Level > 1 {
			st = ps.strong
		}
		if over != nil {
			st = cascadePrims(st, *over)
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if !ps.inline(b, c, src, &st, f) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

// base draws a BaseElement inside a block styled blk: the element's
// prefix and its style's block affixes in blk's style, its style's
// affixes and the token in its own (glamour's doRender).
func base(b *strings.Builder, blk, own gansi.StylePrimitive, prefix, token string, over *gansi.StylePrimitive) {
	st1, st2 := blk, cascadePrim(blk, own, false)
	if over != nil {
		st1, st2 = cascadePrims(blk, *over), cascadePrims(st2, *over)
	}
	renderText(b, st1, prefix)
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

// plainStart reports whether md's first line may start a paragraph, by
// the splitter's own line tests (blocks.go). It only spares a heading,
// list, fence, rule or indented code a second parse: the parsed tree
// decides. (Quotes, tables and HTML hold a character render refuses.)
func plainStart(md string) bool {
	l, _, _ := strings.Cut(md, "\n")
	fence, _ := opensFence(l)
	return !isBlank(l) && indent(l) == 0 && !isHeading(l) && !isListItem(l) && !isThematicBreak(l) && fence == 0
}

func onlyNewlines(s string) bool { return strings.Trim(s, "\n") == "" }

func isSet(b *bool) bool { return b != nil && *b }

// invisibleOnBlank reports whether p styles blank cells invisibly, so the
// padding glamour writes in it need not be written.
func invisibleOnBlank(p gansi.StylePrimitive) bool {
	return p.BackgroundColor == nil && !isSet(p.Underline) && !isSet(p.Inverse) && !isSet(p.CrossedOut)
}
