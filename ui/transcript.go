package ui

import (
	"parley/session"
	"parley/ui/transcript"
)

// entryList is the transcript (ui/transcript) of the root's entries, laid
// out by drawCtx.
type entryList = transcript.Model[*entry]

// Height is the number of lines e takes at width w (transcript.Layout).
func (d *drawCtx) Height(e *entry, w int) int { return e.height(w, d) }

// Lines are lines [from, to) of e at width w (transcript.Layout).
func (d *drawCtx) Lines(e *entry, w, from, to int) []string { return e.linesIn(w, from, to, d) }

// invalidateAll drops every entry's render cache (the theme changed).
func invalidateAll(t *entryList) {
	for _, e := range t.Entries() {
		e.invalidate()
	}
}

// history is the conversation to send with the next message: every user
// and assistant message with text or media, in order; notices are parley's own.
func history(entries []*entry) []session.Message {
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
