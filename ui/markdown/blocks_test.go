package markdown

import (
	"reflect"
	"slices"
	"testing"
)

func blocksOf(md string) []string {
	sp := splitter{start: -1}
	sp.feed(md)
	sp.finish(md)
	var out []string
	for _, b := range sp.done {
		out = append(out, md[b.start:b.end])
	}
	return out
}

func TestSplitterBlocks(t *testing.T) {
	cases := []struct {
		name, md string
		want     []string
	}{
		{"paragraphs", "one\ntwo\n\n\nthree", []string{"one\ntwo", "three"}},
		{"heading alone", "# H\ntext\n## H2", []string{"# H", "text", "## H2"}},
		{"fence with blanks", "```go\na\n\n\nb\n```\nafter", []string{"```go\na\n\n\nb\n```", "after"}},
		{"tilde fence, longer close", "~~~\nx\n\n~~~~\n", []string{"~~~\nx\n\n~~~~"}},
		{"backticks inside tilde fence", "~~~\n```\n\ny\n~~~", []string{"~~~\n```\n\ny\n~~~"}},
		{"loose list one block", "- a\n\n- b\n\n  more b\n- c\n\nafter", []string{"- a\n\n- b\n\n  more b\n- c", "after"}},
		{"list after paragraph", "Items:\n- a\n\n- b\n\nend", []string{"Items:\n- a\n\n- b", "end"}},
		{"ordered list", "1. a\n\n2. b", []string{"1. a\n\n2. b"}},
		{"fence in list item", "1. step\n   ```sh\n   ls\n\n   pwd\n   ```\n2. next", []string{"1. step\n   ```sh\n   ls\n\n   pwd\n   ```\n2. next"}},
		{"thematic break not list", "---\n\ntext", []string{"---", "text"}},
		{"indented code keeps blanks", "    a\n\n    b\n\nc", []string{"    a\n\n    b", "c"}},
		{"table and quote", "| a |\n|---|\n| 1 |\n\n> q\n> r", []string{"| a |\n|---|\n| 1 |", "> q\n> r"}},
		{"unclosed fence", "```\ncode\n\nmore", []string{"```\ncode\n\nmore"}},
		{"leading blanks", "\n\n  \ntext\n\n", []string{"text"}},
	}
	for _, c := range cases {
		if got := blocksOf(c.md); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: blocks %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSplitterIncremental feeds the sample split at every byte and checks
// that the blocks found match a split of the whole text, and that a block
// once reported complete is never changed.
func TestSplitterIncremental(t *testing.T) {
	text := sample + genReply(200)
	whole := splitter{start: -1}
	whole.feed(text)
	whole.finish(text)
	for step := 1; step <= 7; step += 3 {
		sp := splitter{start: -1}
		for i := step; ; i += step {
			i = min(i, len(text))
			prev := append([]span(nil), sp.done...)
			sp.feed(text[:i])
			if len(sp.done) < len(prev) || !slices.Equal(sp.done[:len(prev)], prev) {
				t.Fatalf("step %d at %d: a complete block changed", step, i)
			}
			for _, b := range sp.done {
				if b.end > i {
					t.Fatalf("block past the text")
				}
			}
			if i == len(text) {
				break
			}
		}
		sp.finish(text)
		if !reflect.DeepEqual(sp.done, whole.done) {
			t.Fatalf("step %d: incremental blocks differ from whole", step)
		}
	}
}
