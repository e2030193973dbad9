package chat

import (
	"context"
	"fmt"
	"iter"
	"slices"

	tea "charm.land/bubbletea/v2"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/common"
	"parley/ui/stream"
	"parley/ui/transcript"
)

// A long conversation opens lazily (LoadOutline): every message of its
// branch is an entry from the start, so the transcript knows its length
// and scrolls over it, but only the last page is loaded; the others are
// placeholders — their header (who wrote it, its ‹ i/n › and cost, from
// the outline's headers) over blank lines the height of a guess. As the
// view comes near them, Want names the run to load and its Cmd reads it
// with Store.Messages; the page fills the entries in place. The
// transcript scrolls by an anchor (an entry and a line in it), so an
// entry above the view that turns out taller or shorter than its guess
// moves nothing on screen.
//
// Whatever reads an entry's content copes with placeholders: sending
// reads the history from the store (sendHistory), copying, reading
// aloud and the media selection stepping onto a placeholder's image or
// voice note (counted from its header) wait for its page (pages.then),
// editing, retrying
// and switching branches ask the store already, and a page's documents
// get their previews when it arrives.

// PageSize is how many messages a lazy conversation loads at once: the
// tail it opens with and each page after.
const PageSize = session.OutlinePage

// pages is the state of a lazy conversation's loading: one page in
// flight at a time, and a failed page stops the loading (its notice is
// said once).
type pages struct {
	gen     int // advances on Reset: a page of an earlier load is dropped
	loading bool
	failed  bool
	// then is what to do once its entry is loaded (a /copy or a read
	// aloud that named a placeholder).
	then *afterPage
	// keep is where a switched branch's message stays on screen while
	// the placeholders above it load (branchkeep.go).
	keep *keepRow
}

// afterPage is an action on entry e waiting for its page.
type afterPage struct {
	e     *Entry
	copy  bool // Copy(arg), else ReadAloud (or, with media, the selection)
	arg   string
	media *mediaRef // the media selection lands on it (select.go)
}

// pageMsg is a page of a lazy conversation, read by Want's Cmd.
type pageMsg struct {
	gen  int
	conv int64
	msgs []session.Message
	err  error
}

func (pageMsg) chatMsg() {}

// LoadOutline shows a stored conversation opened lazily: its tail in
// full, every message before it as a placeholder; Want's Cmds load the
// rest as it comes into view.
func (c *Chat) LoadOutline(o *session.Outline) {
	if o == nil {
		return
	}
	conv := &o.Conversation
	c.convID = conv.ID
	c.opts.Status.SetTitle(conv.Title)
	head := len(o.Branch) - len(o.Tail)
	for _, h := range o.Branch[:head] {
		c.list.Add(newPlaceholder(h, conv.ID))
	}
	for _, m := range o.Tail {
		c.list.Add(newMessageEntry(m))
	}
	branchTags(c.list.Entries(), conv, c.opts.Price) // the outline's Conversation holds every message's header
	c.markRetry()
}

// newPlaceholder is the entry of a message not loaded yet.
func newPlaceholder(h session.MessageHeader, conv int64) *Entry {
	e := &Entry{kind: transcript.KindMessage, msg: h.Message(conv), pending: true}
	e.msg.Model, e.msg.Provider = sanitize.String(h.Model), sanitize.String(h.Provider)
	e.guess = h
	return e
}

// placeholderImageRows is the rows an image is guessed to take before its
// message is laid out.
const placeholderImageRows = 12

// placeholderLines are a placeholder's lines at width w: its header and
// blank lines as many as its message is guessed to take
// (transcript.EstimateHeight, an image at its usual rows).
func (e *Entry) placeholderLines(w int, d *draw) []string {
	lines := make([]string, max(transcript.EstimateHeight(e.guess, w, placeholderImageRows), 2))
	lines[0] = e.header(w, d)
	return lines
}

// Loaded reports whether e holds its content (transcript.Loader): the
// transcript's Want looks for the entries that do not.
func (d *draw) Loaded(e *Entry) bool { return !e.pending }

// Want is the Cmd that loads the placeholders in or near the view (a
// screen above and below it), a page at a time: nil when none is near,
// a page is in flight already or one failed. The root calls it after
// scrolling and resizing; each page that arrives asks again.
func (c *Chat) Want() tea.Cmd {
	if c.pages.loading || c.pages.failed || c.opts.Store == nil || c.convID == 0 {
		return nil
	}
	w, ok := c.list.Want(max(c.list.Height(), 1), PageSize)
	if !ok {
		return nil
	}
	return c.loadPage(c.list.Entries()[w.From:w.To])
}

// loadPage is the Cmd reading the messages of entries.
func (c *Chat) loadPage(entries []*Entry) tea.Cmd {
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		if e.pending {
			ids = append(ids, e.msg.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	c.pages.loading = true
	store, msg := c.opts.Store, pageMsg{gen: c.pages.gen, conv: c.convID}
	return func() tea.Msg {
		msg.msgs, msg.err = store.Messages(msg.conv, ids)
		return msg
	}
}

// handlePage fills the entries of a page that arrived and asks for the
// next one; a page that could not be read (the conversation was deleted
// meanwhile) says so once and stops the loading.
func (c *Chat) handlePage(msg pageMsg) Outcome {
	if msg.gen != c.pages.gen {
		return Outcome{} // a page of a conversation no longer shown
	}
	c.pages.loading = false
	if msg.err != nil {
		c.pages.failed, c.pages.then = true, nil
		return say("cannot load the earlier messages of this conversation: "+
			common.FirstLine(sanitize.String(msg.err.Error())), true)
	}
	byID := make(map[int64]session.Message, len(msg.msgs))
	for _, m := range msg.msgs {
		byID[m.ID] = m
	}
	for _, e := range c.list.Entries() {
		if m, ok := byID[e.msg.ID]; ok && e.pending {
			e.fill(m)
		}
	}
	c.list.Relayout() // the anchor keeps its entry and line: nothing on screen moves
	if k := c.pages.keep; k != nil {
		c.keepInPlace(*k) // branchkeep.go: the switched message, not the anchor, holds its row
	}
	out := c.runAfterPage()
	out.Cmd = tea.Batch(out.Cmd, c.PreviewsOf(msg.msgs), c.Want())
	return out
}

// reset forgets the loading of the conversation shown so far: its pages
// still in flight are dropped when they arrive.
func (p *pages) reset() { *p = pages{gen: p.gen + 1} }

// fill gives a placeholder its message, keeping what its header shows
// (branch, cost, selection).
func (e *Entry) fill(m session.Message) {
	n := newMessageEntry(m)
	e.msg, e.seq, e.pending = n.msg, n.seq, false
	e.src.Reset()
	e.src.WriteString(n.src.String())
	e.invalidate()
}

// loaded is e ready for an action that reads its content, or, when it is
// a placeholder, the Outcome that loads it first and then does act.
func (c *Chat) loaded(e *Entry, act afterPage) (Outcome, bool) {
	if e == nil || !e.pending {
		return Outcome{}, true
	}
	if c.pages.failed || c.opts.Store == nil {
		return say("that message could not be loaded from the store", true), false
	}
	act.e = e
	c.pages.then = &act
	out := say("loading that message…", false)
	if !c.pages.loading {
		out.Cmd = c.loadPage(c.pageAround(e))
	}
	return out, false
}

// pageAround is the run of placeholders around e, at most PageSize.
func (c *Chat) pageAround(e *Entry) []*Entry {
	entries := c.list.Entries()
	i := max(slices.Index(entries, e), 0)
	from, to := i, i+1
	for to-from < PageSize && to < len(entries) && entries[to].pending {
		to++
	}
	for to-from < PageSize && from > 0 && entries[from-1].pending {
		from--
	}
	return entries[from:to]
}

// runAfterPage does the action waiting for a page once its entry is
// loaded, or loads the entry's page next.
func (c *Chat) runAfterPage() Outcome {
	a := c.pages.then
	switch {
	case a == nil:
		return Outcome{}
	case a.e.pending:
		return Outcome{Cmd: c.loadPage(c.pageAround(a.e))}
	}
	c.pages.then = nil
	if a.media != nil {
		return c.landMedia(*a.media)
	}
	if a.copy {
		return c.copyEntry(a.e, a.arg, "the selected message")
	}
	return c.readEntry(a.e)
}

// landMedia makes r the media selection once its entry's page came, if
// the loaded message has it (the header counted it; another process may
// have changed the message since).
func (c *Chat) landMedia(r mediaRef) Outcome {
	for _, m := range allMedia(c.list.Entries()) {
		if m == r {
			c.selectMedia(r, true)
			return Outcome{}.notice("", false) // the "loading…" notice goes
		}
	}
	return say("that message no longer has that image or voice note", true)
}

// pendingAny reports whether any entry is a placeholder.
func (c *Chat) pendingAny() bool {
	for _, e := range c.list.Entries() {
		if e.pending {
			return true
		}
	}
	return false
}

// sendHistory is what a Turn's Run gets as the conversation so far: the
// entries' history (draw.go), or, while placeholders stand for messages
// not loaded, the same history made from the conversation read again
// from the store in the turn's Cmd.
func (c *Chat) sendHistory(run func(ctx context.Context, hist []session.Message) iter.Seq[session.TurnEvent]) stream.Run {
	if !c.pendingAny() {
		hist := history(c.list.Entries())
		return func(ctx context.Context) iter.Seq[session.TurnEvent] { return run(ctx, hist) }
	}
	store, convID := c.opts.Store, c.convID
	return func(ctx context.Context) iter.Seq[session.TurnEvent] {
		conv, err := store.Conversation(convID)
		if err != nil {
			return func(yield func(session.TurnEvent) bool) {
				yield(session.TurnEvent{Kind: session.TurnFinished, Err: fmt.Errorf("read the conversation to send: %w", err)})
			}
		}
		entries := make([]*Entry, len(conv.Messages))
		for i, m := range conv.Messages {
			entries[i] = newMessageEntry(m)
		}
		return run(ctx, history(entries))
	}
}

// Pending reports whether e is a placeholder of a message not loaded yet.
func (e *Entry) Pending() bool { return e.pending }
