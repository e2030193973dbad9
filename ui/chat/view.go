package chat

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/images"
	"parley/ui/markdown"
	"parley/ui/transcript"
)

// This file is the chat's surface for the root's layout and drawing and
// for its tests: sizes, the visible lines and image slots, scrolling,
// the theme and the spinner, the entries read through accessors, and the
// stream's lifecycle hooks.

// SetContext is the context replies stream under (Run's).
func (c *Chat) SetContext(ctx context.Context) {
	c.ctx = ctx
	c.stream.SetContext(ctx)
}

// Close waits up to grace for cancelled turns to store their status.
func (c *Chat) Close(grace time.Duration) { c.stream.Close(grace) }

// Busy reports whether a reply is streaming.
func (c *Chat) Busy() bool { return c.stream.Busy() }

// ConvID is the open conversation's ID, 0 before its first message is
// stored.
func (c *Chat) ConvID() int64 { return c.convID }

// SetSize gives the transcript its width and rows.
func (c *Chat) SetSize(w, h int) { c.list.SetSize(w, h) }

// Height is the transcript's rows.
func (c *Chat) Height() int { return c.list.Height() }

// Len is the number of entries.
func (c *Chat) Len() int { return c.list.Len() }

// Lines are the transcript's visible lines.
func (c *Chat) Lines() []string { return c.list.Lines() }

// Scroll gives a scrolling key or the mouse wheel to the transcript.
func (c *Chat) Scroll(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	c.pages.keep = nil // the reader moved: a switched message's row is let go
	c.list, cmd = c.list.Update(msg)
	return tea.Batch(cmd, c.Want()) // lazy.go: what came into view loads
}

// Scrolls reports whether msg is one of the transcript's scrolling keys.
func (c *Chat) Scrolls(msg tea.KeyPressMsg) bool { return c.opts.Scroll.Scrolls(msg) }

// SetSpinner is the spinner's frame streaming headers show.
func (c *Chat) SetSpinner(frame string) { c.draw.spin = frame }

// SetTheme takes the renderer of a new theme (the styles are shared):
// every entry draws again.
func (c *Chat) SetTheme(md *markdown.Renderer) {
	c.draw.md = md
	c.list.SetMark(c.draw.styles.Accent.Render(selectionMark))
	invalidateAll(&c.list)
}

// Redraw re-lays out every entry: image heights depend on the protocol
// and the cell size, previews arrived, the theme changed.
func (c *Chat) Redraw() {
	invalidateAll(&c.list)
	c.list.Relayout()
}

// Notice adds a notice (or, with failure, an error line) to the
// transcript and follows it.
func (c *Chat) Notice(text string, failure bool) {
	kind := transcript.KindNotice
	if failure {
		kind = transcript.KindFailure
	}
	c.list.Add(newNoticeEntry(kind, text))
	c.list.Follow()
}

// Previews is the Cmd that makes the transcript's previews of the
// documents among parts (PDF first pages, text files' first lines).
func (c *Chat) Previews(parts []session.Part) tea.Cmd {
	return c.draw.docs.fetch(c.opts.Store, c.opts.Docs, parts)
}

// PreviewsOf is Previews of every part of msgs (a loaded conversation).
func (c *Chat) PreviewsOf(msgs []session.Message) tea.Cmd { return c.Previews(messageParts(msgs)) }

// KeepSpoken shows speech kept with message id on its entry.
func (c *Chat) KeepSpoken(id int64, sp session.Spoken) {
	for _, e := range c.list.Entries() {
		if e.kind == transcript.KindMessage && e.msg.ID == id {
			kept := sp
			e.msg.Spoken = &kept
			e.invalidate()
		}
	}
}

// Entries are the transcript's entries in order (read them through
// Entry's accessors).
func (c *Chat) Entries() []*Entry { return c.list.Entries() }

// Last is the newest entry, or nil.
func (c *Chat) Last() *Entry { return c.list.Last() }

// Selected is the selected message, if one is.
func (c *Chat) Selected() (*Entry, bool) { return c.list.Selected() }

// Following reports whether the transcript follows its bottom.
func (c *Chat) Following() bool { return c.list.Following() }

// ImageSelected reports whether an image is the media selection.
func (c *Chat) ImageSelected() bool { return c.imgSel.ok }

// EntryLines are e's lines at width w, as the transcript draws them.
func (c *Chat) EntryLines(e *Entry, w int) []string {
	return e.linesIn(w, 0, e.height(w, c.draw), c.draw)
}

// Blocks are e's image blocks at the transcript's width, laid out.
func (c *Chat) Blocks(e *Entry) []images.Block {
	e.height(c.list.Width(), c.draw)
	return e.blocks.List()
}

// Message is the entry's message (sanitized), for a message entry.
func (e *Entry) Message() session.Message { return e.msg }

// Text is the entry's sanitized markdown text.
func (e *Entry) Text() string { return e.text() }

// Kind is what the entry is: a message, a notice, a failure, the prompt.
func (e *Entry) Kind() transcript.Kind { return e.kind }

// Tags are what its header shows besides who wrote it.
func (e *Entry) Tags() transcript.Tags { return e.tags }

// Branch is the message's place among its stored siblings.
func (e *Entry) Branch() session.Siblings { return e.branch }

// Wait waits up to d for every turn to end (tests, and Run's Close).
func (c *Chat) Wait(d time.Duration) { c.stream.Wait(d) }

// SetFrame is how long stream events are coalesced into one frame.
func (c *Chat) SetFrame(d time.Duration) { c.stream.SetFrame(d) }

// ActiveID is the streaming reply's stream ID (0 for none): frames are
// matched against it.
func (c *Chat) ActiveID() int { return c.stream.ActiveID() }

// Draining is how many cancelled turns are still ending.
func (c *Chat) Draining() int { return c.stream.Draining() }

// SetImages replaces the image pipeline the entries draw with (one
// built after New, as a test's with its own terminal).
func (c *Chat) SetImages(imgs Images) {
	c.opts.Images, c.draw.imgs = imgs, imgs
	c.Redraw()
}

// MarkdownStats is the markdown renderer's work so far (what the
// benchmarks count).
func (c *Chat) MarkdownStats() markdown.Stats { return c.draw.md.Stats() }

// Previewed is how many documents' previews have been made.
func (c *Chat) Previewed() int { return len(c.draw.docs.byBlob) }

// Top is the first visible entry and the lines of it scrolled off.
func (c *Chat) Top() (i, skip int) { return c.list.Start() }

// ShowAt scrolls so line of entry i is the transcript's top row.
func (c *Chat) ShowAt(i, line int) { c.list.ShowAt(i, line) }

// ImageBlocks are the entry's image blocks as ui/images names them (a
// Slot's Ref.Blocks).
func (e *Entry) ImageBlocks() *images.Blocks { return &e.blocks }
