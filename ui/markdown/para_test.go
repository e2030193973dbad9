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

// listFixtures are tight lists the fast path draws.
var listFixtures = []string{
	"- one\n- two\n- three",
	"* star **bold** item\n* another with `code` and *emphasis* that is long enough to wrap around at the narrower widths",
	"+ plus\n+ items",
	"1. first\n2. second with ~~strike~~\n3. third item that goes on and on until it wraps past the edge of a narrow terminal",
	"3. starts at three\n4. then four",
	"0. starts at zero\n1. then one",
	"1) parenthesis\n2) style",
	"- an item with a soft\n  line break inside it",
	"- item 1: the quick `brown` fox\n- item 2: jumps, over; the-lazy+dog.and.more-words,joined;by+breaks",
}

// notParagraphs must go to glamour: the fast path declines them.
var notParagraphs = []string{
	"# Heading", "- a\n  - nested", "- loose\n\n- list", "- [ ] task", "- [link](x) item", "-\n- empty first", "> quote", "```\ncode\n```", "    indented code",
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
	paras = append(append(paras, listFixtures...), randomLists(rnd, 30)...)
	handWritten := map[string]bool{}
	for _, md := range append(append([]string(nil), paraFixtures...), listFixtures...) {
		handWritten[md] = true // no run of spaces that could overflow a line
	}
	for name, style := range styles.DefaultStyles {
		t.Run(name, func(t *testing.T) {
			lean := leanPadding(*style)
			ps := newParaStyle(lean)
			taken := 0
			for _, md := range paras {
				for _, width := range []int{100, 80, 44, 23, 11} {
					lines, ok := ps.render(md, width)
					if !ok {
						if name == "dark" && width >= 44 && handWritten[md] {
							t.Errorf("declined at width %d: %q", width, md)
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
			// Some lines overflow at width 11 (glamour would wrap them
			// again): those are declined, but nine in ten must be drawn.
			if name == "dark" && taken*10 < len(paras)*5*9 {
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
	for _, md := range []string{"fine", "- fine\n- too", "1. fine"} {
		if _, ok := ps.render(md, 80); !ok {
			t.Errorf("the fast path declined %q", md)
		}
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
		for _, md := range append(append([]string(nil), paraFixtures...), listFixtures...) {
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

// randomLists makes tight lists of random paragraphs, bulleted or numbered.
func randomLists(rnd *rand.Rand, n int) []string {
	items := randomParagraphs(rnd, n*3)
	var out []string
	for i := range n {
		var b strings.Builder
		for j := range 1 + rnd.IntN(3) {
			if j > 0 {
				b.WriteByte('\n')
			}
			if i%2 == 0 {
				b.WriteString("- ")
			} else {
				fmt.Fprintf(&b, "%d. ", j+1)
			}
			b.WriteString(strings.ReplaceAll(items[i*3+j], "\n", " "))
		}
		out = append(out, b.String())
	}
	return out
}
