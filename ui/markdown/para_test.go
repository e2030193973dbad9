package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/colorprofile"
)

// paraFixtures are paragraphs the fast path draws, with every mark it
// handles, nested, escaped, entity-coded, wrapping and not.
var paraFixtures = []string{
	"Plain words only.",
	"A paragraph with **bold**, *emphasis*, ~~strike~~, `code` and enough words after them that it wraps over more than one line of the terminal.",
	"Nested ***bold italic*** and **bold with *italic inside* it** and *italic with **bold** inside*, then `code in **no** bold`.",
	"**A whole bold paragraph that is long enough to wrap at the narrow widths this test draws it at, twice or more.**",
	"Escapes \\*not emphasis\\* and \\`not code\\` and a backslash \\\\ and entities &amp; &lt;b&gt; &copy; &#169;.",
	"A soft\nline break and a hard  \nline break and a backslash\\\nbreak.",
	"`code span that is much longer than the narrowest width so it has to be broken` then text.",
	"~~struck **bold** inside~~ and *~~struck in emphasis~~* and **`code in bold`**.",
	"Supercalifragilisticexpialidocious-words-joined-by-hyphens-that-are-longer-than-a-line and more.",
	"Ünïcödé wörds, 漢字の文章, and emoji 🙂 mixed with **bold 漢字** that wraps somewhere.",
	"Snake_case_names and 2*3*4 arithmetic and a lone * star and _under_ and __double under__.",
	"1984 was a year, and 3.14 is not a list item.",
}

// notParagraphs must go to glamour: the fast path declines them.
var notParagraphs = []string{
	"# Heading", "- item", "1. item", "> quote", "```\ncode\n```", "    indented code",
	"A [link](https://example.com) here.", "An autolink https://example.com here.", "Mail me@example.com now.",
	"Inline <b>html</b>.", "An ![image](x.png).", "Setext\n======", "a | b\n--|--\n1 | 2",
}

// TestFastParagraphLooksLikeGlamour: for every built-in style and several
// widths, a paragraph drawn by the fast path shows the same cells as the
// lean style through glamour (which TestLeanPaddingLooksTheSame ties to
// glamour's own style).
func TestFastParagraphLooksLikeGlamour(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	paras := append(append([]string(nil), paraFixtures...), randomParagraphs(rnd, 80)...)
	for name, style := range styles.DefaultStyles {
		t.Run(name, func(t *testing.T) {
			lean := leanPadding(*style)
			ps := newParaStyle(lean)
			taken := 0
			for _, md := range paras {
				for _, width := range []int{100, 80, 44, 23, 11} {
					lines, ok := ps.render(md, width)
					if !ok {
						if name == "dark" && width == 80 {
							t.Logf("declined: %q", md)
						}
						continue
					}
					taken++
					got, want := cells(strings.Join(lines, "\n")), glamourCells(t, lean, md, width)
					if fmt.Sprint(got) != fmt.Sprint(want) {
						t.Fatalf("width %d, %q:\n fast    %v\n glamour %v", width, md, got, want)
					}
				}
			}
			if name == "dark" && taken < len(paras)*5-5 {
				t.Errorf("the fast path drew %d of %d paragraphs × widths in the dark style", taken, len(paras)*5)
			}
			t.Logf("%s: the fast path drew %d of %d", name, taken, len(paras)*5)
		})
	}
}

// TestFastParagraphDeclinesOtherBlocks: headings, lists, links, HTML and
// the rest are left to glamour.
func TestFastParagraphDeclinesOtherBlocks(t *testing.T) {
	ps := newParaStyle(leanPadding(*styles.DefaultStyles["dark"]))
	for _, md := range notParagraphs {
		if _, ok := ps.render(md, 80); ok {
			t.Errorf("the fast path drew %q", md)
		}
	}
	if _, ok := ps.render("fine", 80); !ok {
		t.Error("the fast path declined a plain paragraph")
	}
}

// TestRendererUsesTheFastPathForParagraphs: a reply's paragraphs look the
// same through the Renderer (fast path) as through glamour alone, in the
// 256-colour profile too.
func TestRendererUsesTheFastPathForParagraphs(t *testing.T) {
	for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256} {
		r := newTestRenderer(t, p)
		slow := newTestRenderer(t, p)
		slow.para = &paraStyle{} // never takes a block
		for _, md := range paraFixtures {
			if got, want := r.Render(md, 60), slow.Render(md, 60); fmt.Sprint(cells(got)) != fmt.Sprint(cells(want)) {
				t.Errorf("profile %v, %q:\n fast    %q\n glamour %q", p, md, got, want)
			}
		}
	}
}

// randomParagraphs mixes words, marks and breaks at random.
func randomParagraphs(rnd *rand.Rand, n int) []string {
	words := strings.Fields("the quick brown fox jumps over lazy dogs while streaming replies wrap at the edge of narrow terminals")
	marks := []string{"**%s**", "*%s*", "~~%s~~", "`%s`", "***%s***", "**%s *%s***", "_%s_", "%s\n", "%s  \n", "%s-%s", "%s, %s."}
	var out []string
	for range n {
		var b strings.Builder
		for j := range 5 + rnd.IntN(30) {
			if j > 0 {
				b.WriteByte(' ')
			}
			w := words[rnd.IntN(len(words))]
			if rnd.IntN(4) == 0 {
				m := marks[rnd.IntN(len(marks))]
				args := []any{w, words[rnd.IntN(len(words))]}
				w = fmt.Sprintf(m, args[:strings.Count(m, "%s")]...)
			}
			b.WriteString(w)
		}
		out = append(out, strings.TrimSpace(b.String()))
	}
	return out
}
