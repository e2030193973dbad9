package session

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strings"
	"sync"

	"parley/media/pdf"
	"parley/providers"
)

// pdfPageVersion names the page-rendering rules in derived-blob keys.
const pdfPageVersion = "pdfpage1"

// defaultPageEdge is the long edge pages and frames are drawn at for a
// model that states none: a page stays legible, and fitting shrinks it.
const defaultPageEdge = 1568

// addDocument prepares a Document or Video of a user message (the
// default case of preparation.add). Like images, a part of the new
// message that cannot go refuses the turn; one in history becomes a note.
func (p *preparation) addDocument(pm *preparedMsg, i int, part Part, isNew bool) error {
	var parts []providers.Part
	var err error
	switch part := part.(type) {
	case Document:
		parts, err = p.document(part)
	case Video:
		parts, err = p.video(pm, i, part)
	default:
		return nil
	}
	if err != nil && !isNew {
		parts, err = []providers.Part{providers.TextPart{Text: fmt.Sprintf("[%s not shown: %s]", partName(part), refusalReason(err))}}, nil
	}
	if err != nil {
		return err
	}
	pm.parts = append(pm.parts, parts...)
	return nil
}

// partName is a document's or video's name, for notes.
func partName(part Part) string {
	switch part := part.(type) {
	case Document:
		return part.Name
	case Video:
		return part.Name
	}
	return "attachment"
}

// refusalReason is the line of a refusal, or of its cause.
func refusalReason(err error) string {
	var r *RefusalError
	if errors.As(err, &r) && r.Err != nil {
		return oneLine(r.Err.Error())
	}
	return oneLine(err.Error())
}

// ctx is the preparation's context (Prepare's or Run's).
func (p *preparation) context() context.Context {
	if p.ctx == nil {
		return context.Background()
	}
	return p.ctx
}

// document sends a Document as its plan says.
func (p *preparation) document(d Document) ([]providers.Part, error) {
	t := p.t
	if t.Store == nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: attachments need a store", d.Name), nil)
	}
	plan := t.Plan(d)
	if plan.Err != nil {
		return nil, plan.Err
	}
	data, err := t.Store.Blob(d.Blob)
	if err != nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: %s", d.Name, oneLine(err.Error())), err)
	}
	if !d.IsPDF() {
		return []providers.Part{providers.TextPart{Text: fence(d, data)}}, nil
	}
	if plan.Mode == SendNative && len(plan.Pages) == d.Pages {
		return []providers.Part{providers.DocumentPart{MIME: mimePDF, Name: d.Name, Data: data}}, nil
	}
	if t.Docs == nil || t.Docs.PDF == nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: no PDF renderer is set up", d.Name), nil)
	}
	doc, err := t.Docs.PDF.Open(p.context(), data)
	if err != nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: %s", d.Name, oneLine(err.Error())), err)
	}
	defer doc.Close()
	switch plan.Mode {
	case SendNative:
		return p.pdfSubset(d, doc, plan)
	case SendPages:
		return p.pdfPages(d, doc, plan)
	}
	return p.pdfText(d, doc, plan, pagesHeader(d, plan, "its text layer"))
}

// pagesHeader tells the model which pages it gets and how, so page
// numbers in its answer mean the document's.
func pagesHeader(d Document, plan SendPlan, how string) string {
	word := "pages"
	if len(plan.Pages) == 1 {
		word = "page"
	}
	h := fmt.Sprintf("[%s: %s %s of %d, as %s", d.Name, word, pageList(plan.Pages), d.Pages, how)
	if plan.Omitted > 0 {
		h += fmt.Sprintf("; %d pages left out", plan.Omitted)
	}
	return h + "]"
}

// pdfSubset sends the chosen pages as a PDF of their own.
func (p *preparation) pdfSubset(d Document, doc *pdf.Doc, plan SendPlan) ([]providers.Part, error) {
	c := p.t.capsOrZero()
	sub, err := doc.Extract(plan.Pages)
	if err != nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: %s", d.Name, oneLine(err.Error())), err)
	}
	if c.MaxPDFBytes > 0 && int64(len(sub)) > c.MaxPDFBytes {
		return nil, refuse(fmt.Sprintf("%s: pages %s are %s; %s reads PDFs of up to %s: choose fewer pages",
			d.Name, pageList(plan.Pages), mb(int64(len(sub))), p.t.modelName(), mb(c.MaxPDFBytes)), nil)
	}
	return []providers.Part{
		providers.TextPart{Text: pagesHeader(d, plan, "a PDF of those pages")},
		providers.DocumentPart{MIME: mimePDF, Name: d.Name, Data: sub},
	}, nil
}

// pdfPages sends rendered pages, each fitted like an image, then the text
// layer when there is one.
func (p *preparation) pdfPages(d Document, doc *pdf.Doc, plan SendPlan) ([]providers.Part, error) {
	how := "page images"
	if plan.WithText {
		how += ", then their text layer"
	}
	out := []providers.Part{providers.TextPart{Text: pagesHeader(d, plan, how)}}
	imgs, err := p.pageImages(d, doc, plan.Pages)
	if err != nil {
		return nil, err
	}
	for _, img := range imgs {
		part, err := p.fitImage(img, false, -1)
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	if !plan.WithText {
		return out, nil
	}
	text, err := p.pdfText(d, doc, plan, fmt.Sprintf("[text layer of %s]", d.Name))
	return append(out, text...), err
}

// pageImages draws pages for the model, cached as derived blobs of the PDF
// so that the next turn (or model) reuses them. PDFium draws one page at a
// time; encoding, the larger cost, runs on two goroutines beside it.
func (p *preparation) pageImages(d Document, doc *pdf.Doc, pages []int) ([]Image, error) {
	c, s := p.t.capsOrZero(), p.t.Store
	edge := c.MaxImageEdge
	if edge <= 0 {
		edge = defaultPageEdge
	}
	imgs := make([]Image, len(pages))
	errs := make([]error, len(pages))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	defer wg.Wait()
	for k, n := range pages {
		key := fmt.Sprintf("%s;page=%d;edge=%d;pixels=%d", pdfPageVersion, n, edge, c.MaxImagePixels)
		name := fmt.Sprintf("%s p.%d", d.Name, n)
		if img, ok := s.cachedDerived(d.Blob, key); ok {
			img.Name, imgs[k] = name, img
			continue
		}
		if err := p.context().Err(); err != nil {
			return nil, refuse("", err)
		}
		raw, err := doc.Render(n-1, edge, c.MaxImagePixels)
		if err != nil {
			return nil, refuse(fmt.Sprintf("cannot send %s page %d: %s", d.Name, n, oneLine(err.Error())), err)
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			imgs[k], errs[k] = s.storeDerivedPNG(d.Blob, key, name, pdf.Compact(raw))
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: %s", d.Name, oneLine(err.Error())), err)
	}
	return imgs, nil
}

// storeDerivedPNG encodes img as PNG and stores it as derived from src.
func (s *Store) storeDerivedPNG(src, key, name string, img image.Image) (Image, error) {
	return s.derivedImage(src, key, name, func() ([]byte, error) {
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(&buf, img); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	})
}

// pdfText sends the text layer of the plan's pages.
func (p *preparation) pdfText(d Document, doc *pdf.Doc, plan SendPlan, header string) ([]providers.Part, error) {
	var b strings.Builder
	b.WriteString(header)
	for _, n := range plan.Pages {
		text, err := doc.Text(n - 1)
		if err != nil {
			return nil, refuse(fmt.Sprintf("cannot send %s: %s", d.Name, oneLine(err.Error())), err)
		}
		fmt.Fprintf(&b, "\n\n--- page %d ---\n%s", n, text)
	}
	return []providers.Part{providers.TextPart{Text: b.String()}}, nil
}

// derivedImage returns the PNG image derived from src under key, making
// it with make (and storing it) the first time.
func (s *Store) derivedImage(src, key, name string, make func() ([]byte, error)) (Image, error) {
	if img, ok := s.cachedDerived(src, key); ok {
		img.Name = name
		return img, nil
	}
	data, err := make()
	if err != nil {
		return Image{}, err
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Image{}, fmt.Errorf("derived image: %w", err)
	}
	sha, err := s.PutBlob(data)
	if err != nil {
		return Image{}, err
	}
	img := Image{Blob: sha, MIME: "image/png", Name: name, Width: cfg.Width, Height: cfg.Height, Bytes: int64(len(data))}
	// Best effort: without the row the image is only made again next time.
	_ = s.recordFit(src, key, sha, FittedImage{MIME: img.MIME, Width: img.Width, Height: img.Height, Bytes: img.Bytes})
	return img, nil
}

// cachedDerived looks up a derived image whose blob is still there.
func (s *Store) cachedDerived(src, key string) (Image, bool) {
	var img Image
	err := s.read(func(tx *sql.Tx) error {
		return tx.QueryRow(`SELECT dst_sha, mime, width, height, bytes FROM derived
			WHERE src_sha = ? AND spec = ?`, src, key).Scan(&img.Blob, &img.MIME, &img.Width, &img.Height, &img.Bytes)
	})
	if err != nil {
		return Image{}, false
	}
	if _, ok := s.BlobFile(img.Blob); !ok {
		return Image{}, false
	}
	return img, true
}

// fence is a text file as the model reads it: its name (and the lines
// sent, when only its end goes), then the text in a fence longer than any
// run of backticks inside, tagged with its language.
func fence(d Document, data []byte) string {
	text := string(data)
	head := d.Name
	switch {
	case d.Tail > 0 && d.Tail < d.Lines:
		text = string(lastLines(data, d.Tail))
		head += fmt.Sprintf(" (last %d of %d lines)", d.Tail, d.Lines)
	case d.TailOf > 0:
		head += fmt.Sprintf(" (last %d of %d lines)", d.Lines, d.TailOf)
	}
	ticks := max(3, longestRun(text, '`')+1)
	f := strings.Repeat("`", ticks)
	return fmt.Sprintf("%s:\n%s%s\n%s\n%s", head, f, d.Lang, strings.TrimRight(text, "\n"), f)
}

// longestRun is the longest run of c in s.
func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// storedVideoTranscript is a transcript stored with any video part of the
// same recording, or "".
func (t *Turn) storedVideoTranscript(v Video) string {
	if v.Transcript != "" || t.Store == nil {
		return v.Transcript
	}
	return t.Store.latestTranscript(kindVideo, v.Blob)
}

// latestTranscript is the newest transcript in the meta of a part of kind
// whose blob is sha (audio and video rows both keep it as "transcript").
func (s *Store) latestTranscript(kind, sha string) string {
	var meta string
	err := s.read(func(tx *sql.Tx) error {
		return tx.QueryRow(`SELECT meta FROM parts WHERE kind = ? AND blob_sha = ?
			AND json_extract(meta, '$.transcript') <> '' ORDER BY id DESC LIMIT 1`, kind, sha).Scan(&meta)
	})
	if err != nil {
		return ""
	}
	var m struct {
		Transcript string `json:"transcript"`
	}
	if json.Unmarshal([]byte(meta), &m) != nil {
		return ""
	}
	return m.Transcript
}
