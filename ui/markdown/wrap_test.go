package markdown

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

func fullRows(l string, limit int) []string {
	var rows []string
	row := 0
	for _, st := range wrapStarts(l, limit) {
		rows = append(rows, strings.TrimRight(l[row:st], " "))
		row = st
	}
	return append(rows, strings.TrimRight(l[row:], " "))
}

func TestWrapStarts(t *testing.T) {
	got := fullRows("the quick brown fox jumps", 10)
	want := []string{"the quick", "brown fox", "jumps"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	got = fullRows("abcdefghijklmnop qr", 6)
	want = []string{"abcdef", "ghijkl", "mnop", "qr"}
	if !slices.Equal(got, want) {
		t.Fatalf("long word: got %q, want %q", got, want)
	}
	got = fullRows("世界世界世界 ok", 4)
	want = []string{"世界", "世界", "世界", "ok"}
	if !slices.Equal(got, want) {
		t.Fatalf("wide runes: got %q, want %q", got, want)
	}
}

// TestGrowingLineMatchesFullWrap grows a line a byte at a time: the
// incremental rows must always equal wrapping the prefix from scratch.
func TestGrowingLineMatchesFullWrap(t *testing.T) {
	line := "  Streaming text with averyveryverylongwordthatmustbreak, 世界 wide runes,   extra   spaces and more words to wrap."
	for _, limit := range []int{1, 5, 12, 30} {
		g := growingLine{pos: -1}
		for i := 1; i <= len(line); i++ {
			l := strings.ToValidUTF8(line[:i], "")
			got := g.rows(l, 0, limit, "", "")
			if want := fullRows(l, limit); !slices.Equal(got, want) {
				t.Fatalf("limit %d, prefix %d: got %q, want %q", limit, i, got, want)
			}
		}
	}
}

// A big chunk (or a frame that merges many tokens) can close several rows
// of the open line in one update; the rows must still equal a full wrap.
func TestGrowingLineManyRowsAtOnce(t *testing.T) {
	line := strings.Repeat("word ", 60) + "tail"
	for _, limit := range []int{7, 20, 40} {
		for _, step := range []int{1, 37, 150, len(line)} {
			g := growingLine{pos: -1}
			for i := step; ; i += step {
				i = min(i, len(line))
				got := g.rows(line[:i], 0, limit, "", "")
				if want := fullRows(line[:i], limit); !slices.Equal(got, want) {
					t.Fatalf("limit %d, step %d, prefix %d: got %q, want %q", limit, step, i, got, want)
				}
				if i == len(line) {
					break
				}
			}
		}
	}
}

// A stream resized while its open line spans several rows re-wraps it at
// the new width without panicking.
func TestStreamResizeMidLine(t *testing.T) {
	r, err := NewRenderer(Options{Style: "dark", Profile: colorprofile.Ascii})
	if err != nil {
		t.Fatal(err)
	}
	s := r.NewStream()
	s.Append("Intro\n\n")
	_ = s.Lines(80)
	s.Append(strings.Repeat("word ", 60)) // one source line, one update
	for _, w := range []int{80, 120, 41, 40, 20, 120} {
		for _, row := range s.Lines(w) {
			if ansi.StringWidth(row) > w {
				t.Fatalf("width %d: row %q is %d wide", w, row, ansi.StringWidth(row))
			}
		}
		s.Append("more words ")
	}
}
