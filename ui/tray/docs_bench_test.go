package tray

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/media/pdf/pdftest"
	"parley/providers"
	"parley/session"
)

// BenchmarkPDFChipAppears times what stands between attaching a PDF and
// its chip with the page count and size on screen: the attach Cmd (read
// the file, open it with PDFium, count the pages, look for a text layer
// in the first five, store the blob), the tray taking the chip, and the
// label planned for the model. The renderer is started first, as the
// chat prewarms it at launch. Issue 12 asks for ≤ 100 ms.
func BenchmarkPDFChipAppears(b *testing.B) {
	for _, pages := range []int{3, 20, 2000} {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			st, err := session.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			docs := session.NewDocTools(pdftest.CacheDir())
			defer docs.Close()
			if err := docs.Prewarm(context.Background()); err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "deck.pdf")
			if err := os.WriteFile(path, pdftest.Pages(pages), 0o600); err != nil {
				b.Fatal(err)
			}
			caps := providers.LookupCaps(providers.ProtocolOllama, "llava")
			turn := &session.Turn{Store: st, Caps: &caps, Docs: docs, Model: "llava"}
			b.ResetTimer()
			for b.Loop() {
				tr := New()
				tr.Update(Attach(st, docs, []string{path}, "")().(Msg))
				tr.SetPlanner(turn)
				tr.Relabel(caps, true, "ollama/llava")
				if tr.Len() != 1 || !strings.Contains(tr.Chips()[0].Label(), fmt.Sprintf("%d pages", pages)) {
					b.Fatalf("chip %q", tr.Chips()[0].Label())
				}
			}
		})
	}
}
