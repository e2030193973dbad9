package markdown

import (
	"parley/providers/providertest"
	"runtime"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// TestBigBlockLeavesNoBuffers: rendering one big block (a 4,000-token
// list) keeps its rendered lines cached and nothing else of that size.
// glamour's renderer would keep its buffers (renderLines says why):
// 4.2 MB for this 25 KB block before they were dropped.
func TestBigBlockLeavesNoBuffers(t *testing.T) {
	var b strings.Builder
	for i := range 4000 {
		b.WriteString([]string{"Some ", "**markdown** ", "text", ".\n", "- item\n", "`code` "}[i%6])
	}
	md := b.String()
	r := newTestRenderer(t, colorprofile.TrueColor)
	_ = r.Render("warm up: *one* small block", 118) // the renderer for this width and chroma's tables
	before := providertest.LiveHeap()
	out := r.Render(md, 118)
	kept := int64(providertest.LiveHeap()) - int64(before)
	t.Logf("%d bytes of markdown, %d rendered; heap kept %d KB", len(md), len(out), kept>>10)
	if len(out) < len(md) {
		t.Fatalf("rendered %d bytes from %d of markdown: the block was not rendered", len(out), len(md))
	}
	if limit := int64(4*len(out)) + 256<<10; kept > limit {
		t.Errorf("rendering a %d KB block kept %d KB of heap (its output is %d KB)", len(md)>>10, kept>>10, len(out)>>10)
	}
	runtime.KeepAlive(r)
}
