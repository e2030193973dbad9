package session

import (
	"context"
	"fmt"
)

// RenderPages draws pages of the PDF d as t's model will get them (the
// page images of SendPages) and keeps them as derived blobs, so the send
// that follows reuses them instead of rendering while the user waits. The
// chat calls it in Cmds a few pages at a time, to show progress on the
// chip. A part that is not a PDF, or a Turn without a store or renderer,
// has nothing to draw.
func (t *Turn) RenderPages(ctx context.Context, d Document, pages []int) error {
	if !d.IsPDF() || t.Store == nil || t.Docs == nil || t.Docs.PDF == nil || len(pages) == 0 {
		return nil
	}
	data, err := t.Store.Blob(d.Blob)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	doc, err := t.Docs.PDF.Open(ctx, data)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	defer doc.Close()
	p := &preparation{t: t, ctx: ctx}
	_, err = p.pageImages(d, doc, pages)
	return err
}
