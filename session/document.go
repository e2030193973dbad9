package session

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"parley/media/pdf"
)

// Part kinds of documents and videos as stored in parts.kind.
const (
	kindDocument = "document"
	kindVideo    = "video"
)

// Document is an attached file read as a document: a PDF (MIME
// application/pdf) or a UTF-8 text file (text/plain: source, logs, CSV,
// JSON, Markdown). The bytes live once in the blob store; how a model
// receives it (the PDF itself, page images and the text layer, the text
// layer alone, or a fenced block) is decided at send time from the model's
// caps (see PlanDocument).
type Document struct {
	Blob  string // SHA-256 of the stored bytes
	MIME  string // application/pdf or text/plain
	Name  string // file name shown to the user and the model
	Bytes int64  // size of the stored bytes

	// PDFs.
	Pages   int  // page count
	HasText bool // the pages looked at when attaching have a text layer
	// PageRange is the user's choice of pages ("1-5", "2,4-6"); "" means
	// all, up to the cap on rendered pages.
	PageRange string
	// Unlocked marks a PDF attached with its password: the stored copy
	// has the password removed.
	Unlocked bool

	// Text files.
	Lines int    // line count of the stored text
	Lang  string // fence language tag from the name ("go", "log"; "" none)
	// Tail, when > 0, sends only the last Tail lines.
	Tail int
	// TailOf is the line count of the original file when only its end was
	// stored (it was over the size cap); 0 when the whole file is stored.
	TailOf int
}

func (Document) part() {}

// IsPDF reports whether d is a PDF (else it is a text file).
func (d Document) IsPDF() bool { return d.MIME == mimePDF }

// Video is an attached video. Gemini receives the file itself; other
// vision models receive keyframes with their times and the audio track as
// a voice note (audio where the model takes it, else its transcript).
type Video struct {
	Blob     string // SHA-256 of the video bytes
	MIME     string // video/mp4, video/webm, video/quicktime, video/x-matroska
	Name     string
	Bytes    int64
	Duration time.Duration
	Width    int
	Height   int
	// AudioBlob is the audio track as a 16 kHz mono WAV blob ("" when the
	// video has none, or ffmpeg was not there to extract it).
	AudioBlob string
	// Transcript of the audio track, made once for models that cannot
	// take audio, and reused like a voice note's.
	Transcript string
}

func (Video) part() {}

const mimePDF = "application/pdf"

// documentMeta is the meta column of a document row.
type documentMeta struct {
	Name      string `json:"name,omitempty"`
	Bytes     int64  `json:"bytes,omitempty"`
	Pages     int    `json:"pages,omitempty"`
	HasText   bool   `json:"has_text,omitempty"`
	PageRange string `json:"range,omitempty"`
	Unlocked  bool   `json:"unlocked,omitempty"`
	Lines     int    `json:"lines,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Tail      int    `json:"tail,omitempty"`
	TailOf    int    `json:"tail_of,omitempty"`
}

// videoMeta is the meta column of a video row.
type videoMeta struct {
	Name       string `json:"name,omitempty"`
	Bytes      int64  `json:"bytes,omitempty"`
	DurationMS int64  `json:"ms,omitempty"`
	Width      int    `json:"w,omitempty"`
	Height     int    `json:"h,omitempty"`
	AudioBlob  string `json:"audio,omitempty"`
	Transcript string `json:"transcript,omitempty"`
}

// encodeDocPart is encodePart for documents and videos; ok is false for
// any other part.
func encodeDocPart(p Part) (row partRow, ok bool, err error) {
	switch p := p.(type) {
	case Document:
		row, err = metaRow(kindDocument, p.Blob, p.MIME, documentMeta{Name: p.Name, Bytes: p.Bytes,
			Pages: p.Pages, HasText: p.HasText, PageRange: p.PageRange, Unlocked: p.Unlocked, Lines: p.Lines, Lang: p.Lang,
			Tail: p.Tail, TailOf: p.TailOf})
		return row, true, err
	case Video:
		if p.AudioBlob != "" && !validSHA(p.AudioBlob) {
			return partRow{}, true, fmt.Errorf("video part: audio blob %q is not a SHA-256 hex digest", p.AudioBlob)
		}
		row, err = metaRow(kindVideo, p.Blob, p.MIME, videoMeta{Name: p.Name, Bytes: p.Bytes,
			DurationMS: p.Duration.Milliseconds(), Width: p.Width, Height: p.Height,
			AudioBlob: p.AudioBlob, Transcript: p.Transcript})
		return row, true, err
	}
	return partRow{}, false, nil
}

// decodeDocPart is decodePart for documents and videos; ok is false for
// any other kind. Unreadable meta becomes a Text placeholder, as for images.
func decodeDocPart(r partRow) (Part, bool) {
	switch r.Kind {
	case kindDocument:
		var m documentMeta
		if err := json.Unmarshal([]byte(r.Meta), &m); err != nil {
			return Text{Text: "[document part unreadable: " + err.Error() + "]"}, true
		}
		return Document{Blob: r.BlobSHA.String, MIME: r.MIME, Name: m.Name, Bytes: m.Bytes,
			Pages: m.Pages, HasText: m.HasText, PageRange: m.PageRange, Unlocked: m.Unlocked, Lines: m.Lines,
			Lang: m.Lang, Tail: m.Tail, TailOf: m.TailOf}, true
	case kindVideo:
		var m videoMeta
		if err := json.Unmarshal([]byte(r.Meta), &m); err != nil {
			return Text{Text: "[video part unreadable: " + err.Error() + "]"}, true
		}
		return Video{Blob: r.BlobSHA.String, MIME: r.MIME, Name: m.Name, Bytes: m.Bytes,
			Duration: time.Duration(m.DurationMS) * time.Millisecond, Width: m.Width,
			Height: m.Height, AudioBlob: m.AudioBlob, Transcript: m.Transcript}, true
	}
	return nil, false
}

// WithPages returns d with the page range spec ("1-5", "2,4-6"; "" for
// all), checked against its page count: what the inspect dialog calls.
func (d Document) WithPages(spec string) (Document, error) {
	if !d.IsPDF() {
		return d, fmt.Errorf("%s: page ranges apply to PDFs", d.Name)
	}
	if _, err := pdf.ParseRange(spec, d.Pages); err != nil {
		return d, fmt.Errorf("%s: %w", d.Name, err)
	}
	d.PageRange = strings.TrimSpace(spec)
	return d, nil
}

// WithTail returns d sending only its last n lines (0: all it stored).
func (d Document) WithTail(n int) (Document, error) {
	if d.IsPDF() {
		return d, fmt.Errorf("%s: --tail applies to text files", d.Name)
	}
	if n < 0 {
		return d, fmt.Errorf("%s: the line count must be positive", d.Name)
	}
	d.Tail = n
	return d, nil
}
