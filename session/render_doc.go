package session

import (
	"context"
	"fmt"

	"parley/media/pdf"
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

// previewVersion names the preview rendering rules in derived-blob keys.
const previewVersion = "pdfpreview1"

// FirstPage is page 1 of the PDF d drawn with its long edge at edge
// pixels (PagePreview): the transcript's preview of a document.
func (s *Store) FirstPage(ctx context.Context, tools *DocTools, d Document, edge int) (Image, error) {
	return s.PagePreview(ctx, tools, d, 1, edge)
}

// PagePreview is page n (1-based) of the PDF d drawn with its long edge at
// edge pixels, kept as a derived blob of the PDF: a thumbnail for the
// transcript and the inspect dialog, made once and reused whenever it is
// shown.
func (s *Store) PagePreview(ctx context.Context, tools *DocTools, d Document, n, edge int) (Image, error) {
	key := fmt.Sprintf("%s;page=%d;edge=%d", previewVersion, n, edge)
	name := fmt.Sprintf("%s p.%d", d.Name, n)
	if img, ok := s.cachedDerived(d.Blob, key); ok {
		img.Name = name
		return img, nil
	}
	if !d.IsPDF() || n < 1 || n > d.Pages {
		return Image{}, fmt.Errorf("%s: no page %d", d.Name, n)
	}
	if tools == nil || tools.PDF == nil {
		return Image{}, fmt.Errorf("%s: no PDF renderer is set up", d.Name)
	}
	data, err := s.Blob(d.Blob)
	if err != nil {
		return Image{}, fmt.Errorf("%s: %w", d.Name, err)
	}
	doc, err := tools.PDF.Open(ctx, data)
	if err != nil {
		return Image{}, fmt.Errorf("%s: %w", d.Name, err)
	}
	defer doc.Close()
	raw, err := doc.Render(n-1, edge, edge*edge)
	if err != nil {
		return Image{}, fmt.Errorf("%s page %d: %w", d.Name, n, err)
	}
	return s.storeDerivedPNG(d.Blob, key, name, pdf.Compact(raw))
}
