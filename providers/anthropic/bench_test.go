package anthropic_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/anthropic"
)

// BenchmarkStream measures one whole streamed reply of n text deltas
// through the real SDK and a local fake server; compare the per-delta cost
// of the sizes to see that it does not grow with reply length.
func BenchmarkStream(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("deltas=%d", n), func(b *testing.B) {
			var body bytes.Buffer
			pieces := make([]string, n)
			for i := range pieces {
				pieces[i] = "tok "
			}
			for _, e := range reply(pieces...) {
				fmt.Fprintf(&body, "event: %s\ndata: %s\n\n", e.name, e.data)
			}
			f := newFake(b, func(w http.ResponseWriter, r *http.Request, _ int) {
				w.Header().Set("Content-Type", "text/event-stream")
				w.Write(body.Bytes())
			})
			p, err := anthropic.New(f.settings())
			if err != nil {
				b.Fatal(err)
			}
			req := simpleRequest()
			b.ReportAllocs()
			for b.Loop() {
				got := 0
				for ev, err := range p.Stream(b.Context(), req) {
					if err != nil {
						b.Fatal(err)
					}
					if ev.Kind == providers.EventText {
						got++
					}
				}
				if got != n {
					b.Fatalf("%d deltas, want %d", got, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/delta")
		})
	}
}
