package sanitize

import (
	"strings"
	"testing"
)

var (
	cleanText = strings.Repeat("The quick brown fox jumps over the lazy dog. Ünïcödé 世界\n\t", 2000)
	dirtyText = strings.Repeat("The \x1b[1mquick\x1b[0m brown\r\n fox \x1b]0;title\x07jumps\u009b2J over\x00 the lazy dog.\n", 2000)
)

func BenchmarkStringClean(b *testing.B) {
	b.SetBytes(int64(len(cleanText)))
	for b.Loop() {
		_ = String(cleanText)
	}
}

func BenchmarkStringDirty(b *testing.B) {
	b.SetBytes(int64(len(dirtyText)))
	for b.Loop() {
		_ = String(dirtyText)
	}
}

// BenchmarkFilterTokens streams dirty text in 4-byte chunks, like tokens.
func BenchmarkFilterTokens(b *testing.B) {
	b.SetBytes(int64(len(dirtyText)))
	for b.Loop() {
		var f Filter
		for i := 0; i < len(dirtyText); i += 4 {
			_ = f.Write(dirtyText[i:min(i+4, len(dirtyText))])
		}
		_ = f.Flush()
	}
}
