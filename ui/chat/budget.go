package chat

import (
	"parley/session"
	"parley/ui/transcript"
)

// The chat's rendered lines live in a transcript.Cache, not in the
// entries: after paging through a long conversation, only the lines of
// the entries drawn most recently are kept (lineBudget), while every
// entry's height stays known, so the anchor and the scroll position stay
// exact and an evicted entry is simply rendered again when it comes back
// into view. The streaming reply is the Cache's Live entry: it keeps its
// incremental layout (entry.go's refreshBody) and is sliced without
// being rendered whole at every frame.

// lineBudget is how many rendered lines the chat keeps across its
// entries (transcript.DefaultCacheLines: about two hundred screens).
const lineBudget = transcript.DefaultCacheLines

// layout is the transcript's Layout over the chat's Cache. It passes on
// what the transcript asks (heights, lines, placeholders, entries that
// left) but not the Cache's Measure: the transcript then measures the
// entries around the view exactly when it looks for pages to load, as it
// did before the Cache, rather than from estimates.
type layout struct{ c *transcript.Cache[*Entry] }

// Height is e's line count at width w (transcript.Layout).
func (l layout) Height(e *Entry, w int) int { return l.c.Height(e, w) }

// Lines are lines [from, to) of e at width w (transcript.Layout).
func (l layout) Lines(e *Entry, w, from, to int) []string { return l.c.Lines(e, w, from, to) }

// Loaded reports whether e holds its content (transcript.Loader).
func (l layout) Loaded(e *Entry) bool { return l.c.Loaded(e) }

// Forget drops e's lines and height once it left (transcript.Forgetter).
func (l layout) Forget(e *Entry) { l.c.Forget(e) }

// Render is all of e's lines at width w (transcript.Renderer): the Cache
// keeps them until the budget evicts them. A finished sequence's
// segments drop their own line caches afterwards, so that evicting the
// entry's lines frees its rendered text too.
func (d *draw) Render(e *Entry, w int) []string {
	lines := e.render(w, d)
	e.seq.invalidate()
	return lines
}

// Version is e's content version (transcript.Renderer): invalidate
// advances it.
func (d *draw) Version(e *Entry) uint64 { return e.ver }

// Estimate guesses e's height without rendering it (transcript.Renderer):
// a placeholder's guess, or the same guess from the entry's text.
func (d *draw) Estimate(e *Entry, w int) int {
	h := e.guess // a placeholder's, from the outline
	if !e.pending {
		h = session.MessageHeader{Role: e.msg.Role, TextBytes: e.src.Len(), Images: len(session.PartsOf[session.Image](e.msg))}
	}
	return max(transcript.EstimateHeight(h, w, placeholderImageRows), 2)
}

// Live reports whether e lays itself out (transcript.Live): the
// streaming reply.
func (d *draw) Live(e *Entry) bool { return e.streaming() }

// Kept is how many rendered lines the chat holds now.
func (c *Chat) Kept() int { return c.draw.lines.Kept() }
