package chat

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/transcript"
	"parley/ui/tray"
)

// This file is what a document or a video in a message shows in the
// transcript: a chip line with its facts, then for a PDF its first page
// as an inline image (drawn like any image, through ui/images) and for a
// text file its first lines, collapsed. The previews are made in Cmds,
// keyed by the part's blob so every message holding the file shares one,
// and kept by previews, which the draw holds for the entries.

// previewLines is how many of a text file's first lines the transcript
// shows; expandedLines how many once the message is expanded (x on it):
// enough to read a log's or a file's start without opening it, bounded
// so a 60 MB log does not become the transcript.
const (
	previewLines  = 4
	expandedLines = 200
)

// previewEdge is the long edge, in pixels, page 1 is drawn at for the
// preview: a thumbnail, not the page as sent.
const previewEdge = 512

// previewCols bounds the preview image's width in cells, so a portrait
// page stays a thumbnail beside the conversation.
const previewCols = 36

// previewTimeout bounds making one preview (PDFium's start included).
const previewTimeout = time.Minute

// preview is one document's preview; lines for a text file, page for a
// PDF. A preview that cannot be made is just not shown: the chip line
// says what the file is either way.
type preview struct {
	lines []string // sanitized
	page  *session.Image
}

// previews are the previews made so far, by blob, and the blobs asked
// for (so each is made once).
type previews struct {
	byBlob map[string]preview
	asked  map[string]bool
}

// previewMsg is a preview made for blob.
type previewMsg struct {
	blob string
	p    preview
}

// fetch returns the Cmds that make the previews of the documents among
// parts not asked for yet.
func (ps *previews) fetch(store *session.Store, docs *session.DocTools, parts []session.Part) tea.Cmd {
	if store == nil {
		return nil
	}
	if ps.asked == nil {
		ps.asked, ps.byBlob = map[string]bool{}, map[string]preview{}
	}
	var cmds []tea.Cmd
	for _, p := range parts {
		d, ok := p.(session.Document)
		if !ok || d.Blob == "" || ps.asked[d.Blob] {
			continue
		}
		ps.asked[d.Blob] = true
		cmds = append(cmds, func() tea.Msg { return previewMsg{blob: d.Blob, p: makePreview(store, docs, d)} })
	}
	return tea.Batch(cmds...)
}

// makePreview renders page 1 of a PDF or reads a text file's first lines.
func makePreview(store *session.Store, docs *session.DocTools, d session.Document) preview {
	if d.IsPDF() {
		ctx, cancel := context.WithTimeout(context.Background(), previewTimeout)
		defer cancel()
		img, err := store.FirstPage(ctx, docs, d, previewEdge)
		if err != nil {
			return preview{}
		}
		img.Name = sanitize.String(img.Name)
		return preview{page: &img}
	}
	data, err := store.Blob(d.Blob)
	if err != nil {
		return preview{}
	}
	var lines []string
	for l := range strings.Lines(string(data)) {
		if len(lines) == expandedLines {
			break
		}
		lines = append(lines, sanitize.String(strings.TrimRight(l, "\r\n")))
	}
	return preview{lines: lines}
}

// add keeps a made preview; the entries holding its blob draw it next.
func (ps *previews) add(msg previewMsg) {
	if ps.byBlob == nil {
		ps.byBlob = map[string]preview{}
	}
	ps.byBlob[msg.blob] = msg.p
}

// messageParts are the parts of every message, for fetch.
func messageParts(msgs []session.Message) []session.Part {
	var out []session.Part
	for _, m := range msgs {
		out = append(out, m.Parts...)
	}
	return out
}

// appendDocs draws the entry's documents and videos after its body: a
// chip line each, a PDF's first page (its rows reserved like any image's)
// and a text file's first lines.
func (e *Entry) appendDocs(lines []string, w int, d *draw) []string {
	if e.kind != transcript.KindMessage {
		return lines
	}
	for _, p := range e.msg.Parts {
		switch p.(type) {
		case session.Document, session.Video:
		default:
			continue
		}
		chip := "▤ " + sanitize.String(tray.Facts(p))
		lines = append(lines, "  "+d.styles.HeaderMeta.Render(ansi.Truncate(chip, max(w-2, 1), "…")))
		doc, ok := p.(session.Document)
		if !ok || d.docs == nil {
			continue
		}
		pv, ok := d.docs.byBlob[doc.Blob]
		switch {
		case !ok:
		case pv.page != nil:
			lines = e.appendImage(lines, 0, *pv.page, min(w, previewCols+imageIndent), d)
		default:
			head := pv.lines
			if !e.expanded {
				head = head[:min(len(head), previewLines)]
			}
			lines = appendTextPreview(lines, head, doc.Lines, w, d)
		}
	}
	return lines
}

// toggleExpanded expands or folds the entry's text previews; false when
// it has none to expand.
func (e *Entry) toggleExpanded() bool {
	for _, p := range e.msg.Parts {
		if doc, ok := p.(session.Document); ok && !doc.IsPDF() && doc.Lines > previewLines {
			e.expanded = !e.expanded
			e.invalidate()
			return true
		}
	}
	return false
}

// appendTextPreview is a text file's first lines, muted and indented,
// then how many more there are.
func appendTextPreview(lines, head []string, total, w int, d *draw) []string {
	for _, l := range head {
		lines = append(lines, "    "+d.styles.Muted.Render(ansi.Truncate(l, max(w-4, 1), "…")))
	}
	if more := total - len(head); more > 0 {
		lines = append(lines, "    "+d.styles.Muted.Render(ansi.Truncate("… "+plural(more, "more line"), max(w-4, 1), "…")))
	}
	return lines
}

// plural is "1 more line", "12 more lines".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
