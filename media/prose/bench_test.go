package prose

import "testing"

// reply5k is about 5,000 tokens of markdown (~20 KB at ~4 bytes a token).
var reply5k = func() string {
	s := sampleReply(1)
	n := 20000/len(s) + 1
	return sampleReply(n)
}()

// BenchmarkFromMarkdown5kTokens converts a whole 5k-token reply (goal ≤ 5 ms).
func BenchmarkFromMarkdown5kTokens(b *testing.B) {
	b.SetBytes(int64(len(reply5k)))
	for b.Loop() {
		FromMarkdown(reply5k)
	}
}

// BenchmarkSplitterStreaming5kTokens feeds the same reply in 4-byte deltas,
// as a stream delivers it.
func BenchmarkSplitterStreaming5kTokens(b *testing.B) {
	b.SetBytes(int64(len(reply5k)))
	for b.Loop() {
		var s Splitter
		for i := 0; i < len(reply5k); i += 4 {
			s.Write(reply5k[i:min(i+4, len(reply5k))])
		}
		s.Flush()
	}
}
