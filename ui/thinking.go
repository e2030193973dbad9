package ui

import "time"

// addReasoning adds a frame's raw reasoning deltas, drained at at, to the
// reasoning line under the header (transcript.Thinking).
func (e *entry) addReasoning(delta string, at time.Time) {
	if e.think.Add(delta, at) {
		e.gen++
	}
}

// endThinking collapses the reasoning line: the reply text has started or
// the turn is over, at at.
func (e *entry) endThinking(at time.Time) {
	if e.think.End(at) {
		e.gen++
	}
}

// thinkingLines is the entry's reasoning line at width w, if it has one.
func (e *entry) thinkingLines(w int, d *drawCtx) []string {
	return e.think.Lines(w, d.styles.Muted)
}
