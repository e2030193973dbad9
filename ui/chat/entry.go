package chat

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/common"
	"parley/ui/images"
	"parley/ui/markdown"
	"parley/ui/transcript"
)

// minRenderWidth is the narrowest width markdown is laid out at; a
// narrower terminal clips the lines instead of wrapping every word.
const minRenderWidth = 16

// entry is one block of the transcript with its render caches. Everything
// it displays is sanitized when it enters the entry, never at draw time.
//
// A finished entry's lines are kept, per width and version, in the chat's
// line cache under a budget (budget.go). The streaming entry
// renders its body through a markdown.Stream (which re-renders only the
// open tail block) and is sliced without splitting the whole reply.
type Entry struct {
	kind transcript.Kind
	msg  session.Message // role, status, model, error (sanitized)
	src  strings.Builder // sanitized markdown text
	// filter sanitizes streamed deltas; it keeps an escape sequence split
	// across two deltas from slipping through.
	filter *sanitize.Filter
	stream *markdown.Stream // non-nil for replies that were streamed

	// ver is the version of what it renders (budget.go): the chat's
	// line cache keeps a finished entry's lines until it advances.
	ver uint64
	// streaming body cache: the stream's lines, valid until the next call
	// on the stream, which only refreshBody makes
	gen, bodyGen, bodyW int
	body                []string
	// header cache: the streaming entry's header changes only with the
	// spinner frame, not with every frame of text
	hdr, hdrSpin string
	hdrW         int
	// blocks are the image parts among lines and what each last showed
	// (ui/images; laid out by sequence.go's appendImage).
	blocks images.Blocks
	// seq lays the parts out in order (text, hand-off, image, text) for
	// replies that made images (sequence.go); nil for the plain layout.
	seq *sequence
	// think is the reasoning line under the header (thinking.go); it
	// shows nothing until the model sends reasoning.
	think transcript.Thinking
	// tags are the header's branch position, cost and selection mark
	// (branch.go); setTags invalidates the caches that show them.
	tags transcript.Tags
	// retry adds how to retry under a failed or cancelled reply while it
	// is the newest (branch.go's RetryHint).
	retry bool
	// expanded shows its text files' previews whole (up to
	// expandedLines), not their first lines (docpreview.go).
	expanded bool
	// branch is the message's place among its siblings in the store
	// (branch.go), for /branch and ←/→.
	branch session.Siblings
	// pending marks a placeholder of a lazy conversation (lazy.go): its
	// message has its header's fields only, guess says how long it is.
	pending bool
	guess   session.MessageHeader
}

// setTags changes what the header shows besides who wrote it.
func (e *Entry) setTags(t transcript.Tags) {
	if e.tags != t {
		e.tags = t
		e.invalidate()
	}
}

func newMessageEntry(m session.Message) *Entry {
	e := &Entry{kind: transcript.KindMessage, msg: m}
	e.msg.Error = sanitize.String(m.Error)
	e.msg.Model = sanitize.String(m.Model)
	e.msg.Provider = sanitize.String(m.Provider)
	e.src.WriteString(sanitize.String(m.Text()))
	e.seq = sequenceOf(m.Parts)
	return e
}

func newNoticeEntry(kind transcript.Kind, text string) *Entry {
	e := &Entry{kind: kind}
	e.src.WriteString(sanitize.String(text))
	return e
}

// newStreamEntry is the assistant entry a reply streams into.
func newStreamEntry(model string, r *markdown.Renderer) *Entry {
	e := &Entry{kind: transcript.KindMessage, filter: &sanitize.Filter{}, stream: r.NewStream()}
	e.msg.Role = session.RoleAssistant
	e.msg.Status = session.StatusStreaming
	e.msg.Model = sanitize.String(model)
	return e
}

func (e *Entry) streaming() bool {
	return e.msg.Status == session.StatusStreaming && e.stream != nil
}

// appendText adds a raw delta of the reply.
func (e *Entry) appendText(delta string) {
	clean := e.filter.Write(delta)
	if clean == "" {
		return
	}
	e.streamText(clean) // sequence.go: after an image it starts a new segment
}

// finish ends streaming with the reply's final status and error line.
func (e *Entry) finish(status session.Status, errLine string) {
	e.endThinking(time.Now()) // a turn that ends while thinking
	if e.filter != nil {
		if rest := e.filter.Flush(); rest != "" {
			e.streamText(rest)
		}
		e.stream.Finish()
	}
	e.msg.Status = status
	if errLine != "" {
		e.msg.Error = sanitize.String(common.FirstLine(errLine))
	}
	e.invalidate()
}

// text is the sanitized markdown source.
func (e *Entry) text() string { return e.src.String() }

// invalidate drops the render caches (width or theme changed, or status).
func (e *Entry) invalidate() {
	e.ver++
	e.bodyW = 0
	e.hdr = ""
	e.seq.invalidate()
}

// height is the number of lines the entry takes at width w: the
// streaming entry's own, a finished entry's through the line cache.
func (e *Entry) height(w int, d *draw) int {
	if e.streaming() {
		e.refreshBody(w, d)
		return len(e.body) + 2
	}
	return d.lines.Height(e, w)
}

// linesIn returns lines [from, to) of the entry at width w.
func (e *Entry) linesIn(w, from, to int, d *draw) []string {
	if !e.streaming() {
		return d.lines.Lines(e, w, from, to)
	}
	e.refreshBody(w, d)
	out := make([]string, 0, to-from)
	for i := from; i < to; {
		switch {
		case i == 0:
			out = append(out, e.header(w, d))
			i++
		case i <= len(e.body):
			end := min(to, len(e.body)+1)
			out = append(out, e.body[i-1:end-1]...)
			i = end
		default:
			out = append(out, "")
			i++
		}
	}
	return out
}

// refreshBody re-reads the stream's view when text arrived or the width
// changed since the last read.
func (e *Entry) refreshBody(w int, d *draw) {
	if e.bodyW == w && e.bodyGen == e.gen {
		return
	}
	think := e.thinkingLines(w, d) // thinking.go: under the header
	if e.seq != nil {
		// text, hand-offs and images in order, after the header and the
		// reasoning line
		e.body = append(think, e.seqBody(w, 1+len(think), d)...)
		e.bodyW, e.bodyGen = w, e.gen
		return
	}
	e.body = e.stream.Lines(max(w, minRenderWidth))
	if len(think) > 0 {
		// The stream owns its slice: build a new one.
		e.body = append(think, e.body...)
	}
	e.bodyW, e.bodyGen = w, e.gen
}

// render lays the finished entry out at width w (the line cache keeps
// the result, budget.go): header, body, the error line if any, and an
// empty line that separates it from the next entry.
func (e *Entry) render(w int, d *draw) []string {
	if e.pending {
		return e.placeholderLines(w, d) // lazy.go
	}
	lines := append([]string{e.header(w, d)}, e.thinkingLines(w, d)...)
	if e.seq != nil {
		lines = append(lines, e.seqBody(w, len(lines), d)...)
	} else {
		lines = append(lines, e.bodyLines(w, d)...)
		lines = e.appendImages(lines, w, d)
	}
	lines = append(lines, e.mediaLines(w, d)...)   // mediaparts.go
	lines = e.appendDocs(lines, w, d)              // docpreview.go
	lines = append(lines, spokenLines(e, w, d)...) // speech.go: kept speech
	if e.msg.Error != "" {
		style, text := d.styles.ErrorLine, "✗ "+e.msg.Error
		if e.msg.Status != session.StatusError {
			style, text = d.styles.Muted, e.msg.Error
		}
		// Indented like the markdown body above it.
		for _, l := range strings.Split(style.Width(max(w-2, 1)).Render(text), "\n") {
			lines = append(lines, "  "+l)
		}
	}
	if e.kind == transcript.KindMessage && e.msg.Status == session.StatusCancelled {
		// The header's mark scrolls off above a long reply: say at its
		// end, where the eye is, that it was stopped.
		mark := d.styles.Cancelled.Render("— cancelled")
		if e.retry {
			mark += d.styles.Muted.Render(" · " + RetryHint)
		}
		lines = append(lines, "  "+ansi.Truncate(mark, max(w-2, 1), "…"))
	} else if e.retry {
		lines = append(lines, "  "+ansi.Truncate(d.styles.Muted.Render(RetryHint), max(w-2, 1), "…"))
	}
	return append(lines, "")
}

// bodyLines renders the entry's text for width w.
func (e *Entry) bodyLines(w int, d *draw) []string {
	text := e.text()
	st := d.styles
	var out string
	switch {
	case text == "":
		return nil
	case e.kind == transcript.KindNotice:
		out = st.Notice.Width(w).Render(text)
	case e.kind == transcript.KindFailure:
		out = st.ErrorLine.Width(w).Render(text)
	case e.kind == transcript.KindSystem:
		// Dim, and indented like a message's body.
		out = st.Muted.Width(max(w-2, 1)).Render(text)
		lines := strings.Split(out, "\n")
		for i := range lines {
			lines[i] = "  " + lines[i]
		}
		return lines
	case e.stream != nil:
		// A streamed reply keeps its stream: its blocks are rendered
		// already. The stream owns the slice, so copy it.
		return append([]string(nil), e.stream.Lines(max(w, minRenderWidth))...)
	default:
		out = d.md.Render(text, max(w, minRenderWidth))
	}
	return strings.Split(out, "\n")
}

// header is the entry's first line: who wrote it and its status mark.
func (e *Entry) header(w int, d *draw) string {
	if e.hdr != "" && e.hdrW == w && e.hdrSpin == d.spin {
		return e.hdr
	}
	e.hdr, e.hdrW, e.hdrSpin = transcript.Header(e.kind, e.msg, e.tags, w, d.styles, d.spin), w, d.spin
	return e.hdr
}

// addReasoning adds a frame's raw reasoning deltas, drained at at, to the
// reasoning line under the header (transcript.Thinking).
func (e *Entry) addReasoning(delta string, at time.Time) {
	if e.think.Add(delta, at) {
		e.gen++
	}
}

// endThinking collapses the reasoning line: the reply text has started or
// the turn is over, at at.
func (e *Entry) endThinking(at time.Time) {
	if e.think.End(at) {
		e.gen++
	}
}

// thinkingLines is the entry's reasoning line at width w, if it has one.
func (e *Entry) thinkingLines(w int, d *draw) []string {
	return e.think.Lines(w, d.styles.Muted)
}
