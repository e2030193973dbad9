package chat

import (
	"parley/session"
	"parley/themes"
	"parley/ui/markdown"
	"parley/ui/transcript"
)

// draw is what entries need to draw themselves: the styles, the
// markdown renderer, the spinner's current frame, the images and voice
// notes they show and the documents' previews.
type draw struct {
	styles *themes.Styles
	md     *markdown.Renderer
	spin   string
	imgs   Images    // inline images (ui/images)
	voice  Voices    // playing and selected voice notes (media.go); may be nil
	docs   *previews // documents' previews (preview.go)
	// lines keeps the finished entries' rendered lines under a budget
	// (budget.go); draw is its Renderer.
	lines *transcript.Cache[*Entry]
}

// Height is the number of lines e takes at width w: the streaming
// entry's own layout (transcript.Live: the line cache asks draw only for
// it), any other entry's through the line cache.
func (d *draw) Height(e *Entry, w int) int { return e.height(w, d) }

// Lines are lines [from, to) of e at width w, laid out as Height says
// (transcript.Live).
func (d *draw) Lines(e *Entry, w, from, to int) []string { return e.linesIn(w, from, to, d) }

// invalidateAll drops every entry's render cache (the theme changed).
func invalidateAll(t *transcript.Model[*Entry]) {
	for _, e := range t.Entries() {
		e.invalidate()
	}
}

// history is the conversation to send with the next message: every user
// and assistant message with text or media, in order; notices are parley's own.
func history(entries []*Entry) []session.Message {
	var out []session.Message
	for _, e := range entries {
		if e.kind != transcript.KindMessage || e.streaming() {
			continue
		}
		text, media := e.text(), mediaParts(e.msg.Parts)
		if text == "" && len(media) == 0 {
			continue
		}
		m := e.msg
		m.Parts = nil
		if text != "" {
			m.Parts = []session.Part{session.Text{Text: text}}
		}
		m.Parts = append(m.Parts, media...) // images are re-sent, fitted per model
		out = append(out, m)
	}
	return out
}
