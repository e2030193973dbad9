// Package markdown renders chat replies as terminal markdown with glamour,
// including syntax-highlighted code, both for complete messages (Render)
// and for replies that are still streaming in (Stream).
//
// Streaming cost: a reply is split into top-level blocks (see blocks.go).
// A block is rendered with glamour once, when it is complete, and cached;
// only the open tail is re-rendered per update. Glamour is far too slow for
// the tail: measured on this machine, one 400-character paragraph takes
// ~225 µs and a 40-line Go code block ~2.4 ms (chroma), against a budget of
// 25 µs per token (20,000 tokens in 0.5 s). So the open tail is drawn by a
// fast path (tail.go: word wrap at glamour's paragraph margin, an open code
// fence as indented plain text, ~5 µs for the same paragraph) and switches to
// the glamour render the moment its block completes. The fast path caches the
// complete source lines of the tail, so the work per token is bounded by the
// length of the current source line, not by the reply. A complete block
// that is one plain paragraph or a tight list of plain items (text,
// emphasis, strikethrough, code spans) skips glamour's block writers
// (para.go, list.go): styled like glamour's inline elements and wrapped
// once, it shows the same cells at a fraction of the cost; every other
// block is glamour's.
//
// Input is expected to have passed media/sanitize already. The output holds
// no escape sequence other than SGR styling: glamour's OSC 8 hyperlinks are
// removed (Bubble Tea drops OSC anyway, and the link text stays).
//
// A Renderer and its Streams are not safe for concurrent use; they belong to
// the goroutine that runs the UI's Update and View.
package markdown

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"strings"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/colorprofile"
)

// Options configure a Renderer.
type Options struct {
	// Style is a glamour standard style name: "dark", "light", "ascii",
	// "notty", "dracula", "pink", "tokyo-night". Empty means "dark".
	// Ignored when StyleConfig is set.
	Style string
	// StyleConfig, when not nil, is the full glamour style to use (for
	// example one built by the themes package).
	StyleConfig *gansi.StyleConfig
	// Profile is the colour profile of the output: colorprofile.TrueColor,
	// ANSI256, ANSI or ASCII (no colours, bold/italic kept) or NoTTY (no
	// styling at all). It is fixed, never detected, so output is
	// deterministic. The zero value (Unknown) means TrueColor.
	Profile colorprofile.Profile
	// CacheEntries bounds Render's cache of whole messages (default 512).
	CacheEntries int
}

// Renderer renders markdown at any width. It keeps one glamour TermRenderer
// per width (they are expensive to build) and a bounded cache of rendered
// messages.
type Renderer struct {
	style   gansi.StyleConfig
	profile colorprofile.Profile
	margin  int // left margin of a paragraph, in cells
	codePad int // left margin of a code block, in cells
	terms   map[int]*glamour.TermRenderer
	cache   *lru
	seed    maphash.Seed
	stats   Stats
	para    *paraStyle // plain paragraphs without glamour's writers: para.go
}

// Stats counts the complete blocks a Renderer has drawn (by glamour or,
// for plain paragraphs, without its block writers); tests use it to show
// that streaming work grows linearly with the reply.
type Stats struct {
	Calls int // complete blocks drawn
	Bytes int // their markdown bytes
}

// NewRenderer returns a Renderer for opts, or an error naming an unknown
// style or profile.
func NewRenderer(opts Options) (*Renderer, error) {
	var style gansi.StyleConfig
	switch {
	case opts.StyleConfig != nil:
		style = *opts.StyleConfig
	default:
		name := opts.Style
		if name == "" {
			name = styles.DarkStyle
		}
		s, ok := styles.DefaultStyles[name]
		if !ok {
			return nil, fmt.Errorf("markdown: unknown style %q (want dark, light, ascii, notty, dracula, pink or tokyo-night)", name)
		}
		style = *s
	}
	profile := opts.Profile
	if profile == colorprofile.Unknown {
		profile = colorprofile.TrueColor
	}
	if profile > colorprofile.TrueColor {
		return nil, fmt.Errorf("markdown: unknown colour profile %d", profile)
	}
	entries := opts.CacheEntries
	if entries <= 0 {
		entries = 512
	}
	docMargin := uintOr(style.Document.Margin) + uintOr(style.Document.Indent)
	lean := leanPadding(style) // the same cells, less work for glamour: style.go
	return &Renderer{
		style:   lean,
		para:    newParaStyle(lean),
		profile: profile,
		margin:  docMargin + uintOr(style.Paragraph.Margin),
		codePad: docMargin + uintOr(style.CodeBlock.Margin) + uintOr(style.CodeBlock.Indent),
		terms:   make(map[int]*glamour.TermRenderer),
		cache:   newLRU(entries),
		seed:    maphash.MakeSeed(),
	}, nil
}

func uintOr(p *uint) int {
	if p == nil {
		return 0
	}
	return int(*p)
}

// Stats returns the glamour work done so far.
func (r *Renderer) Stats() Stats { return r.stats }

// Render renders a complete message at width columns (minimum 10). It
// renders block by block exactly like a finished Stream, so a reply does not
// change when it stops streaming; blocks are separated by one empty line,
// there are no leading or trailing blank lines, and lines are joined by "\n"
// with no final newline. Results are cached by (text, width).
func (r *Renderer) Render(md string, width int) string {
	width = max(width, minWidth)
	key := cacheKey{hash: maphash.String(r.seed, md), size: len(md), width: width}
	if out, ok := r.cache.get(key); ok {
		return out
	}
	var sp splitter
	sp.start = -1
	sp.feed(md)
	sp.finish(md)
	var lines []string
	for _, b := range sp.done {
		lines = appendBlock(lines, r.renderLines(md[b.start:b.end], width))
	}
	out := strings.Join(lines, "\n")
	r.cache.put(key, out)
	return out
}

// appendBlock appends a rendered block, one empty line after the previous.
func appendBlock(lines, block []string) []string {
	if len(block) == 0 {
		return lines
	}
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	return append(lines, block...)
}

// minWidth keeps glamour's wrap width positive on tiny terminals.
const minWidth = 10

// keepTermBytes is the largest block after which the glamour renderer that
// drew it is kept (see renderLines).
const keepTermBytes = 4 << 10

// renderLines renders md with glamour and normalizes the result into lines:
// no leading or trailing blank lines, blank lines empty, only SGR escapes,
// colours converted to the profile. If glamour fails, the fast path's plain
// rendering is used so no text is lost.
func (r *Renderer) renderLines(md string, width int) []string {
	r.stats.Calls++
	r.stats.Bytes += len(md)
	exp := expandTabs(md)
	if lines, ok := r.para.render(exp, width); ok {
		return r.finishLines(strings.Join(lines, "\n"))
	}
	out, err := r.term(width).Render(exp)
	if len(md) > keepTermBytes {
		// glamour's renderer keeps the buffers of the block it rendered
		// last: ansi.BlockStack.Pop only reslices, so the popped elements
		// and their bytes.Buffers stay reachable from the stack's array
		// (glamour v2.0.1 ansi/blockstack.go:22). Those hold far more
		// than the block's markdown, since every padding cell is styled
		// (2–4 MB for a 25 KB list: retain_test.go), so after a big block
		// the renderer is dropped; building one again costs ~16 µs.
		delete(r.terms, width)
	}
	if err != nil {
		var t tail
		return t.render(r, md, width)
	}
	return r.finishLines(keepSGR(out))
}

// finishLines converts out to the colour profile and splits it into
// normalized lines without padding.
func (r *Renderer) finishLines(out string) []string {
	if r.profile != colorprofile.TrueColor {
		var buf bytes.Buffer
		w := colorprofile.Writer{Forward: &buf, Profile: r.profile}
		_, _ = w.WriteString(out) // a bytes.Buffer does not fail
		out = buf.String()
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = trimPadding(l)
	}
	return normalize(lines)
}

// term returns the glamour renderer for width, building it once.
func (r *Renderer) term(width int) *glamour.TermRenderer {
	if tr, ok := r.terms[width]; ok {
		return tr
	}
	tr, err := glamour.NewTermRenderer(
		glamour.WithStyles(r.style),
		glamour.WithWordWrap(width),
		// Highlight in 24-bit colour; colorprofile converts it down.
		glamour.WithChromaFormatter("terminal16m"),
	)
	if err != nil {
		// Only style-loading options can fail and WithStyles does not.
		panic(fmt.Sprintf("markdown: glamour renderer: %v", err))
	}
	r.terms[width] = tr
	return tr
}

// normalize trims leading and trailing blank lines, so that blocks
// rendered one by one join like the whole document does.
func normalize(lines []string) []string {
	start, end := 0, len(lines)
	for start < end && lines[start] == "" {
		start++
	}
	for end > start && lines[end-1] == "" {
		end--
	}
	return lines[start:end]
}
