package session

import (
	"bufio"
	"fmt"

	"parley/media/sanitize"
)

// docJSONPart converts a Document or Video for the JSON export.
func docJSONPart(p Part, blobs BlobLocator) (ExportJSONPart, bool) {
	switch p := p.(type) {
	case Document:
		path, _ := blobs(p.Blob)
		return ExportJSONPart{Type: kindDocument, Blob: p.Blob, Path: path, MIME: p.MIME,
			Name: sanitize.String(p.Name), Bytes: p.Bytes, Pages: p.Pages,
			PageRange: sanitize.String(p.PageRange), Lines: p.Lines}, true
	case Video:
		path, _ := blobs(p.Blob)
		return ExportJSONPart{Type: kindVideo, Blob: p.Blob, Path: path, MIME: p.MIME,
			Name: sanitize.String(p.Name), Bytes: p.Bytes, Width: p.Width, Height: p.Height,
			DurationMS: p.Duration.Milliseconds(), Transcript: sanitize.String(p.Transcript)}, true
	}
	return ExportJSONPart{}, false
}

// writeDocPart writes a document or video as a link to its file with what
// it is: "[report.pdf · PDF, 12 pages](…)", "[main.go · 120 lines](…)",
// "[clip.mp4 · video 0:07.5](…)".
func writeDocPart(w *bufio.Writer, p Part, blobs BlobLocator) {
	switch p := p.(type) {
	case Document:
		label := mdLine(p.Name)
		if p.IsPDF() {
			label += fmt.Sprintf(" · PDF, %d pages", p.Pages)
			if p.PageRange != "" {
				label += ", pages " + mdLine(p.PageRange) + " chosen"
			}
		} else {
			label += fmt.Sprintf(" · %d lines", p.Lines)
		}
		w.WriteString(mediaRef("", label, p.Blob, blobs) + "\n")
	case Video:
		label := mdLine(p.Name) + " · video " + clock(p.Duration)
		w.WriteString(mediaRef("", label, p.Blob, blobs) + "\n")
		if p.Transcript != "" {
			w.WriteString("\n> *Audio transcript:* " + mdLine(sanitize.String(p.Transcript)) + "\n")
		}
	}
}
