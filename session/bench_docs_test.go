package session

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"parley/media/pdf/pdftest"
	"parley/providers"
)

// textPages is an n-page PDF of full pages of text (40 lines each).
func textPages(n int) []byte {
	pages := make([]pdftest.Page, n)
	for i := range pages {
		var b strings.Builder
		for l := range 40 {
			fmt.Fprintf(&b, "Page %d line %d: the quick brown fox jumps over the lazy dog.\n", i+1, l+1)
		}
		pages[i] = pdftest.Page{Text: b.String()}
	}
	return pdftest.Build(pages, pdftest.Options{})
}

// benchPrepare prepares an n-page text PDF for a model that reads images
// but not PDFs (Claude's image limits, PDF off): render, encode and fit
// every page, read the text layer. Each iteration uses a fresh store, so
// nothing comes from the derived cache.
func benchPrepare(b *testing.B, n int) {
	d := docTools(b)
	if err := d.Prewarm(context.Background()); err != nil {
		b.Fatal(err)
	}
	data := textPages(n)
	caps := providers.LookupCaps(providers.ProtocolAnthropic, "claude-sonnet-4-5")
	caps.PDF = false
	for b.Loop() {
		b.StopTimer()
		s := openTest(b)
		part, err := s.Attach(context.Background(), data, "r.pdf", d, AttachOptions{})
		if err != nil {
			b.Fatal(err)
		}
		turn := &Turn{Store: s, Model: "m", Caps: &caps, Docs: d}
		b.StartTimer()
		if err := turn.Prepare(context.Background(), nil, []Part{part}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepare20PagesForVisionModel: the goal is ≤ 3 s.
func BenchmarkPrepare20PagesForVisionModel(b *testing.B) { benchPrepare(b, 20) }

// BenchmarkPreparePage1ForVisionModel: one page at the size sent (≤ 1568
// px, 1.15 MP); the goal is ≤ 300 ms.
func BenchmarkPreparePage1ForVisionModel(b *testing.B) { benchPrepare(b, 1) }

// BenchmarkAttachPDF is what the tray waits for before showing a chip:
// open a 20-page PDF, count pages, look for a text layer, store it.
func BenchmarkAttachPDF(b *testing.B) {
	d := docTools(b)
	if err := d.Prewarm(context.Background()); err != nil {
		b.Fatal(err)
	}
	data := textPages(20)
	s := openTest(b)
	for b.Loop() {
		if _, err := s.Attach(context.Background(), data, "r.pdf", d, AttachOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
