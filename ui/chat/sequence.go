package chat

import (
	"strings"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/images"
	"parley/ui/markdown"
)

// This file lays out a message whose parts must be shown in order: a
// reply that made images (text, then a picture, then more text) or that
// crossed the seam to an image model (the hand-off line). Plain messages
// keep the simpler layout of entry.go: their text, then their images.

// segKind says what a segment of an ordered message shows.
type segKind uint8

const (
	segText    segKind = iota // a run of markdown
	segHandoff                // the seam line: "MODEL asked IMAGE to draw: …"
	segImage                  // an image part (a partial stage until replaced)
)

// segment is one part of an ordered message, sanitized when it entered.
type segment struct {
	kind   segKind
	text   string // markdown (segText without a stream) or the hand-off line
	failed bool   // a hand-off line that reports a failed generation
	img    session.Image
	// stream is the text streamed into this segment; nil for text loaded
	// from the store. A closed segment's stream is finished.
	stream *markdown.Stream
	// render cache of a loaded text segment or a hand-off line
	w     int
	lines []string
}

// sequence is the ordered layout of an entry.
type sequence struct {
	segs []segment
	md   *markdown.Renderer // renders the text streamed after an image
}

// needsSequence reports whether a stored message must be laid out in
// order: text after an image, or a hand-off line.
func needsSequence(parts []session.Part) bool {
	seenImage := false
	for _, p := range parts {
		switch p := p.(type) {
		case session.Image:
			seenImage = true
		case session.Text:
			if _, ok := handoffLine(p.Text); ok || seenImage {
				return true
			}
		}
	}
	return false
}

// sequenceOf is the ordered layout of stored parts, or nil when the plain
// layout shows them the same. Audio parts are drawn by mediaLines.
func sequenceOf(parts []session.Part) *sequence {
	if !needsSequence(parts) {
		return nil
	}
	return buildSequence(parts)
}

// buildSequence is the ordered layout of stored parts.
func buildSequence(parts []session.Part) *sequence {
	s := &sequence{}
	for _, p := range parts {
		switch p := p.(type) {
		case session.Image:
			s.segs = append(s.segs, segment{kind: segImage, img: cleanImage(p)})
		case session.Text:
			if line, ok := handoffLine(p.Text); ok {
				s.segs = append(s.segs, segment{kind: segHandoff, text: sanitize.String(line),
					failed: strings.Contains(line, " could not draw it: ")})
			} else if strings.TrimSpace(p.Text) != "" {
				s.segs = append(s.segs, segment{kind: segText, text: sanitize.String(p.Text)})
			}
		}
	}
	return s
}

// handoffLine recognises a stored seam line: the session keeps it as a
// Text part of its own, one line in markdown emphasis with its
// punctuation escaped ("*gpt-4o asked openai/gpt-image-1 to draw: a
// fox*"). ok is false for any other text.
func handoffLine(md string) (string, bool) {
	if len(md) < 3 || md[0] != '*' || md[len(md)-1] != '*' || strings.ContainsRune(md, '\n') {
		return "", false
	}
	inner := md[1 : len(md)-1]
	if !strings.Contains(inner, " to draw: ") && !strings.Contains(inner, " could not draw it: ") {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(inner); i++ {
		if inner[i] == '\\' && i+1 < len(inner) {
			i++
		}
		b.WriteByte(inner[i])
	}
	return b.String(), true
}

// cleanImage sanitizes what a caption shows of an image.
func cleanImage(img session.Image) session.Image {
	img.Name = sanitize.String(img.Name)
	img.GeneratedBy = sanitize.String(img.GeneratedBy)
	img.Prompt = sanitize.String(img.Prompt)
	return img
}

// images is the sequence's image parts in order: what imageParts gives
// for the entry, so selections and image blocks agree.
func (s *sequence) images() []session.Part {
	var out []session.Part
	for _, sg := range s.segs {
		if sg.kind == segImage {
			out = append(out, sg.img)
		}
	}
	return out
}

// ensureSequence switches a streaming entry to the ordered layout; the
// text streamed so far becomes its first segment.
func (e *Entry) ensureSequence(md *markdown.Renderer) {
	if e.seq != nil {
		return
	}
	e.seq = &sequence{md: md}
	if e.stream != nil && e.src.Len() > 0 {
		e.seq.segs = append(e.seq.segs, segment{kind: segText, stream: e.stream})
	}
}

// closeText finishes the text segment being streamed, so what comes next
// goes after it.
func (s *sequence) closeText() {
	if n := len(s.segs); n > 0 && s.segs[n-1].kind == segText && s.segs[n-1].stream != nil {
		s.segs[n-1].stream.Finish()
	}
}

// streamText adds clean (sanitized) reply text: to the stream of the last
// segment, or to a new text segment after an image or a hand-off line.
func (e *Entry) streamText(clean string) {
	// md is nil only in a sequence rebuilt from the stored reply, after
	// its stream ended.
	if s := e.seq; s != nil && s.md != nil {
		if n := len(s.segs); n == 0 || s.segs[n-1].kind != segText {
			e.stream = s.md.NewStream()
			s.segs = append(s.segs, segment{kind: segText, stream: e.stream})
		}
	}
	e.src.WriteString(clean)
	e.stream.Append(clean)
	e.gen++
}

// putImage shows a generated image in the streaming entry: it replaces
// the partial stage on show (the session replaces it in place too), or
// follows what came before.
func (e *Entry) putImage(img session.Image, md *markdown.Renderer) {
	e.ensureSequence(md)
	s := e.seq
	img = cleanImage(img)
	placed := false
	for i := len(s.segs) - 1; i >= 0; i-- {
		if s.segs[i].kind == segImage && s.segs[i].img.Partial {
			s.segs[i].img, placed = img, true
			break
		}
	}
	if !placed {
		s.closeText()
		s.segs = append(s.segs, segment{kind: segImage, img: img})
	}
	e.msg.Parts = s.images()
	e.gen++
}

// putHandoff shows a seam line in the streaming entry.
func (e *Entry) putHandoff(line string, failed bool, md *markdown.Renderer) {
	e.ensureSequence(md)
	e.seq.closeText()
	e.seq.segs = append(e.seq.segs, segment{kind: segHandoff, text: sanitize.String(line), failed: failed})
	e.gen++
}

// seqBody lays the segments out at width w, one empty line between two
// segments, and records the image blocks; first is the entry line the
// body starts at (after the header).
func (e *Entry) seqBody(w, first int, d *draw) []string {
	e.blocks.Reset()
	var out []string
	for i := range e.seq.segs {
		sg := &e.seq.segs[i]
		var lines []string
		if sg.kind != segImage {
			lines = sg.render(w, d)
			if len(lines) == 0 {
				continue
			}
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		if sg.kind == segImage {
			out = e.appendImage(out, first, sg.img, w, d)
			continue
		}
		out = append(out, lines...)
	}
	return out
}

// appendImages lays out the entry's images below its text at width w and
// records where they are; the transcript draws them over those lines.
func (e *Entry) appendImages(lines []string, w int, d *draw) []string {
	e.blocks.Reset()
	for _, img := range session.PartsOf[session.Image](e.msg) {
		lines = e.appendImage(lines, 0, img, w, d)
	}
	return lines
}

// appendImage reserves an image's rows (its final size in cells, known
// before it is decoded) and its caption at line first+len(out) of the
// entry.
func (e *Entry) appendImage(out []string, first int, img session.Image, w int, d *draw) []string {
	cols, rows := d.imgs.Fit(img, w)
	e.blocks.Add(images.Block{Line: first + len(out), Img: img, Cols: cols, Rows: rows, Status: e.msg.Status})
	for range rows {
		out = append(out, "")
	}
	return append(out, strings.Repeat(" ", imageIndent)+d.imgs.Caption(img, e.msg.Status, false))
}

// render is a text or hand-off segment's lines at width w. A streamed
// segment's stream keeps its own cache (its slice is copied by the
// caller's append); the others are cached here per width.
func (sg *segment) render(w int, d *draw) []string {
	if sg.stream != nil {
		return sg.stream.Lines(max(w, minRenderWidth))
	}
	if sg.lines != nil && sg.w == w {
		return sg.lines
	}
	switch sg.kind {
	case segHandoff:
		style := d.styles.Accent.Italic(true)
		if sg.failed {
			style = d.styles.ErrorLine
		}
		sg.lines = nil
		for _, l := range strings.Split(style.Width(max(w-imageIndent, 1)).Render("↪ "+sg.text), "\n") {
			sg.lines = append(sg.lines, strings.Repeat(" ", imageIndent)+l)
		}
	default:
		sg.lines = strings.Split(d.md.Render(sg.text, max(w, minRenderWidth)), "\n")
	}
	sg.w = w
	return sg.lines
}

// invalidate drops the segments' render caches (the theme changed).
func (s *sequence) invalidate() {
	if s == nil {
		return
	}
	for i := range s.segs {
		s.segs[i].lines, s.segs[i].w = nil, 0
	}
}

// adoptFinal takes the stored reply's parts as the truth once a reply
// that was laid out in order has ended: what it shows is then what a
// reload will show.
func (e *Entry) adoptFinal(final *session.Message) {
	if e.seq == nil || final == nil || len(final.Parts) == 0 {
		return
	}
	e.seq = buildSequence(final.Parts)
	e.msg.Parts = e.seq.images()
	e.invalidate()
}
