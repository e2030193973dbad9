package markdown

import (
	"slices"
	"strings"
	"testing"
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
