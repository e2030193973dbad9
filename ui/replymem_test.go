package ui

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"parley/providers/providertest"
)

// replyHeap streams an n-token reply into a fresh model and returns the
// heap the model keeps once the reply is on screen: live bytes after a
// GC, minus those before the reply. The model stays reachable so what it
// holds is counted.
func replyHeap(tb testing.TB, n int) uint64 {
	tb.Helper()
	m := streamingModel(tb)
	toks := providertest.MarkdownTokens(n)
	live0 := providertest.LiveHeap()
	feed(m, toks)
	live1 := providertest.LiveHeap()
	if !strings.Contains(plainView(m), "Println") {
		tb.Fatalf("the streamed reply is not on screen:\n%s", plainView(m))
	}
	runtime.KeepAlive(m)
	m.stopAll()
	if live1 < live0 {
		return 0
	}
	return live1 - live0
}

// BenchmarkReplyMemory reports the heap a streamed reply leaves behind
// (issue 16: a 20k-token reply adds ≤ 10 MB).
func BenchmarkReplyMemory(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprintf("tokens=%d", n), func(b *testing.B) {
			var kept uint64
			for range b.N {
				kept += replyHeap(b, n)
			}
			b.ReportMetric(float64(kept)/float64(b.N)/(1<<20), "MB-kept")
			b.ReportMetric(float64(kept)/float64(b.N)/float64(n), "B-kept/token")
		})
	}
}

// TestReplyMemoryIsLinear: what a reply keeps grows with its length, not
// faster (two sizes in one run, a generous ratio), and a 20k-token reply
// keeps well under issue 16's 10 MB.
func TestReplyMemoryIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 22,000 tokens")
	}
	small, large := replyHeap(t, 2000), replyHeap(t, 20000)
	t.Logf("heap kept: 2k tokens %.2f MB, 20k tokens %.2f MB (%.0f → %.0f B/token)",
		float64(small)/(1<<20), float64(large)/(1<<20), float64(small)/2000, float64(large)/20000)
	// No floor is asserted: the heap can shrink during a reply (the
	// markdown renderer drops its buffers after a big block), so a kept
	// size of 0 is a valid reading, not a broken measurement.
	if float64(large)/20000 > 3*float64(small)/2000+64 {
		t.Errorf("bytes kept per token grew from %.0f to %.0f (2k → 20k tokens)", float64(small)/2000, float64(large)/20000)
	}
	if large > 10<<20 {
		t.Errorf("a 20k-token reply keeps %.1f MB of heap (target ≤ 10 MB)", float64(large)/(1<<20))
	}
}
