package markdown

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// streamReply streams toks through a fresh Stream, calling frame after
// every token, and returns the Stream.
func streamReply(b *testing.B, toks []string, frame func(*Stream)) {
	r := newTestRenderer(b, colorprofile.TrueColor)
	s := r.NewStream()
	for _, tok := range toks {
		s.Append(tok)
		frame(s)
	}
	s.Finish()
	frame(s)
}

// BenchmarkStream streams a generated markdown reply token by token (~4
// bytes each) and reports ns/token. Lines is the per-frame path the
// transcript uses (it slices the visible window), Window joins the last 40
// rows as a following transcript does; View joins the whole rendering into
// one string every token, which is linear in the reply by nature.
func BenchmarkStream(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		toks := tokens(genReply(n), 4)
		b.Run(fmt.Sprintf("Lines/%dk", n/1000), func(b *testing.B) {
			for b.Loop() {
				streamReply(b, toks, func(s *Stream) { _ = s.Lines(100) })
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(toks)), "ns/token")
		})
		b.Run(fmt.Sprintf("Window/%dk", n/1000), func(b *testing.B) {
			for b.Loop() {
				streamReply(b, toks, func(s *Stream) {
					// Follow the bottom of the reply, as the transcript does.
					_ = s.Window(100, len(s.Lines(100))-40, 40)
				})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(toks)), "ns/token")
		})
		b.Run(fmt.Sprintf("View/%dk", n/1000), func(b *testing.B) {
			for b.Loop() {
				streamReply(b, toks, func(s *Stream) { _ = s.View(100) })
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(toks)), "ns/token")
		})
	}
}

// BenchmarkRender renders a whole 2k-token reply once (cache defeated).
func BenchmarkRender(b *testing.B) {
	md := genReply(2000)
	r := newTestRenderer(b, colorprofile.TrueColor)
	w := 80
	for b.Loop() {
		w = 80 + (w+1)%40 // a new width each time: no cache hit
		_ = r.Render(md, w)
	}
}
