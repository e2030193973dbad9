package prose

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	cases := []struct {
		name string
		md   string
		want []string
	}{
		{"plain", "Hello there. How are you? Fine!", []string{"Hello there.", "How are you?", "Fine!"}},
		{"emphasis", "This is **very** _important_ and ~~gone~~ `x := 1` here.", []string{"This is very important and gone x := 1 here."}},
		{"snake case kept", "Set max_tokens now.", []string{"Set max_tokens now."}},
		{"heading ends a sentence", "# Title\nBody text follows.", []string{"Title", "Body text follows."}},
		{"wrapped paragraph", "One sentence that\nwraps a line. Next one.", []string{"One sentence that wraps a line.", "Next one."}},
		{"blank line ends paragraph", "No period here\n\nSecond paragraph", []string{"No period here", "Second paragraph"}},
		{"bullets", "Steps:\n- first item\n- second item\n1. numbered\n2) other", []string{"Steps:", "first item", "second item", "numbered", "other"}},
		{"code block", "Look:\n```go\nfunc main() {\n\tprintln(1)\n}\n```\nDone.", []string{"Look:", "go code block, 3 lines", "Done."}},
		{"code block without language", "~~~\none\n~~~", []string{"code block, 1 line"}},
		{"unclosed code block", "See:\n```\na\nb", []string{"See:", "code block, 2 lines"}},
		{"table", "Data:\n| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\nAfter.", []string{"Data:", "table, 2 rows", "After."}},
		{"link", "Read [the docs](https://go.dev/doc). Then go.", []string{"Read the docs.", "Then go."}},
		{"bare url", "See https://www.example.com/a/b?c=d. It helps.", []string{"See link to example.com.", "It helps."}},
		{"autolink", "Mail <https://example.org/x> now.", []string{"Mail link to example.org now."}},
		{"image", "![a cat](cat.png) Nice.", []string{"image: a cat Nice."}},
		{"abbreviations", "Use e.g. Go or Dr. Who. Also J. Smith wrote it.", []string{"Use e.g. Go or Dr. Who.", "Also J. Smith wrote it."}},
		{"decimal", "Pi is 3.14 roughly. Yes.", []string{"Pi is 3.14 roughly.", "Yes."}},
		{"closing quote", `He said "stop." Then left.`, []string{`He said "stop."`, "Then left."}},
		{"bold sentence", "**Note.** Read this.", []string{"Note.", "Read this."}},
		{"rule and quote", "> quoted words.\n\n---\nEnd", []string{"quoted words.", "End"}},
		{"html and entities", "A <b>bold</b> &amp; <br/> safe claim.", []string{"A bold & safe claim."}},
		{"control sequences", "Red \x1b[31mtext\x1b[0m here.", []string{"Red text here."}},
		{"footnote", "A fact[^1]. More.", []string{"A fact.", "More."}},
		{"long inline code", "Run `" + strings.Repeat("x", 50) + "` now.", []string{"Run code now."}},
		{"ellipsis", "Wait… what?", []string{"Wait…", "what?"}},
		{"escaped", `Use \*stars\* here.`, []string{"Use *stars* here."}},
		{"punctuation only", "---\n***\n", nil},
		{"hashtag", "#go is nice.", []string{"#go is nice."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Sentences(tc.md)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.md, got, tc.want)
			}
		})
	}
}

// TestStreamingMatchesWhole feeds the same text in every chunk size: the
// sentences must not depend on where the deltas were cut.
func TestStreamingMatchesWhole(t *testing.T) {
	md := sampleReply(3)
	want := Sentences(md)
	for _, size := range []int{1, 2, 3, 5, 7, 16, 64} {
		var s Splitter
		var got []string
		for i := 0; i < len(md); i += size {
			got = append(got, s.Write(md[i:min(i+size, len(md))])...)
		}
		got = append(got, s.Flush()...)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("chunk size %d:\n got %q\nwant %q", size, got, want)
		}
	}
}

// TestFirstSentenceEarly: a sentence is returned as soon as the byte after
// its terminator arrives, before the line ends.
func TestFirstSentenceEarly(t *testing.T) {
	var s Splitter
	if got := s.Write("Hello there."); len(got) != 0 {
		t.Fatalf("emitted %q before the sentence end was certain", got)
	}
	if got := s.Write(" How"); !reflect.DeepEqual(got, []string{"Hello there."}) {
		t.Fatalf("got %q, want the first sentence", got)
	}
	if got := s.Write(" are you"); len(got) != 0 {
		t.Fatalf("emitted %q mid-sentence", got)
	}
	if got := s.Flush(); !reflect.DeepEqual(got, []string{"How are you"}) {
		t.Fatalf("Flush = %q", got)
	}
}

func TestLongRunIsCut(t *testing.T) {
	md := strings.Repeat("word ", 400) // 2000 bytes, no sentence end
	got := Sentences(md)
	if len(got) < 3 {
		t.Fatalf("a 2000-byte run gave %d sentences", len(got))
	}
	for _, g := range got {
		if len(g) > maxRun {
			t.Errorf("sentence of %d bytes", len(g))
		}
	}
	if strings.Join(got, " ") != strings.TrimSpace(md) {
		t.Error("cutting lost or changed words")
	}
}

func TestFromMarkdown(t *testing.T) {
	got := FromMarkdown("# Hi\n\nSee **this**:\n\n```\nx\n```\n")
	if want := "Hi See this: code block, 1 line"; got != want {
		t.Errorf("FromMarkdown = %q, want %q", got, want)
	}
}

// TestWorkPerDeltaIsLinear feeds replies of two sizes token by token and
// compares the bytes the splitter scanned and converted per input byte:
// per-token work must not grow with the reply's length.
func TestWorkPerDeltaIsLinear(t *testing.T) {
	work := func(md string) float64 {
		var s Splitter
		steps := 0
		for i := 0; i < len(md); i += 4 {
			before := s.work
			s.Write(md[i:min(i+4, len(md))])
			steps += s.work - before
		}
		s.Flush()
		return float64(steps) / float64(len(md))
	}
	small, large := work(sampleReply(5)), work(sampleReply(80))
	if large > 2*small+1 {
		t.Fatalf("work per byte grew from %.2f to %.2f with a 16x longer reply", small, large)
	}
}

// sampleReply is a markdown reply of n sections with every construct the
// splitter handles.
func sampleReply(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "## Section %d\n\nThis is **sentence one** of part %d. It has a [link](https://example.com/%d) and `code`.\n", i, i, i)
		b.WriteString("Another sentence wraps\nacross lines! Does it work? Yes, e.g. like this.\n\n")
		b.WriteString("- a bullet point\n- another one with https://go.dev/x.\n\n```go\nfunc f() {}\n```\n\n")
		b.WriteString("| k | v |\n|---|---|\n| a | 1 |\n\n> A quote. With two sentences.\n\n")
	}
	return b.String()
}
