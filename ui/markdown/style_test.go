package markdown

import (
	"fmt"
	"testing"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
)

// styleFixture has every kind of block and mark the styles colour.
const styleFixture = "# Title\n\n## Section\n\nA paragraph with **bold**, *emphasis*, ~~strike~~, `code` and a " +
	"[link](https://example.com) that wraps over more than one line of the terminal at this width.\n\n" +
	"- one\n- two with `code`\n  - nested\n    1. deep\n- [ ] task\n- [x] done\n\n" +
	"1. first\n2. second\n\n> a quote with **bold**\n>\n> - and a list\n>\n> > nested\n\n" +
	"- item with a quote:\n\n  > inside\n\n" +
	"| a | b |\n|---|---|\n| 1 | **2** |\n\n```go\nfunc main() {}\n```\n\n---\n\nterm\n: definition\n\n###### small\n"

// glamourCells renders md with style at width straight through glamour
// and returns what a terminal shows (fidelity_test.go's cells).
func glamourCells(t *testing.T, style gansi.StyleConfig, md string, width int) [][]cell {
	t.Helper()
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(width),
		glamour.WithChromaFormatter("terminal16m"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := tr.Render(md)
	if err != nil {
		t.Fatal(err)
	}
	return cells(keepSGR(out))
}

// TestLeanPaddingLooksTheSame: with the lean style every cell shows the
// same character in the same style as with glamour's own, for every
// built-in style (a plain blank cell may only lose its invisible
// foreground colour).
func TestLeanPaddingLooksTheSame(t *testing.T) {
	for name, style := range styles.DefaultStyles {
		t.Run(name, func(t *testing.T) {
			for _, md := range []string{styleFixture, genReply(600)} {
				for _, width := range []int{60, 100} {
					want, got := glamourCells(t, *style, md, width), glamourCells(t, leanPadding(*style), md, width)
					if len(got) != len(want) {
						t.Fatalf("width %d: %d rows with the lean style, %d with glamour's", width, len(got), len(want))
					}
					for i := range got {
						if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
							t.Fatalf("width %d row %d:\n lean    %v\n glamour %v", width, i+1, got[i], want[i])
						}
					}
				}
			}
		})
	}
}

// TestLeanPaddingWhereItShows: the dark style loses its document colour;
// a document with a background, or a quote with its own colour, keeps the
// style as it is.
func TestLeanPaddingWhereItShows(t *testing.T) {
	if got := leanPadding(*styles.DefaultStyles["dark"]); got.Document.Color != nil {
		t.Errorf("the dark style's document colour was kept: %q", *got.Document.Color)
	}
	bg, own := "234", "99"
	withBg := *styles.DefaultStyles["dark"]
	withBg.Document.BackgroundColor = &bg
	ownQuote := *styles.DefaultStyles["dark"]
	ownQuote.BlockQuote.Color = &own
	for name, s := range map[string]gansi.StyleConfig{"document background": withBg, "quote colour": ownQuote} {
		if got := leanPadding(s); got.Document.Color == nil {
			t.Errorf("%s: the document colour was moved", name)
		}
	}
}
