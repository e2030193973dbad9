package tray

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/common"
)

// This file is the tray's side of documents (PDFs, text files) and
// videos: their chips, labelled from the Turn's SendPlan for the model in
// use, and the page renders a model that sees only images needs, made
// ahead of sending with progress on the chip.

// renderChunk is how many pages one render Cmd draws: small enough that
// the chip's progress moves every second or so, large enough that opening
// the PDF again per Cmd costs little.
const renderChunk = 4

// renderTimeout bounds one chunk of page renders.
const renderTimeout = 2 * time.Minute

// Planner says what a document or video sends to the model in use and
// draws a PDF's pages for it ahead of time: *session.Turn is one.
type Planner interface {
	Plan(p session.Part) session.SendPlan
	RenderPages(ctx context.Context, d session.Document, pages []int) error
}

// docChip is a document's or a video's chip state.
type docChip struct {
	part session.Part // a session.Document or a session.Video
	// plan is what goes to the model planFor (SetPlanner, Relabel).
	plan    session.SendPlan
	planFor string
	// done of total pages are drawn for renderFor (Prerender); total is 0
	// when nothing is being drawn.
	done, total int
	renderFor   string
	// fresh marks a chip just attached, until DropUnsendable looked at it.
	fresh bool
}

// renderedMsg is a chunk of chip id's pages drawn for model.
type renderedMsg struct {
	id    int
	model string
	done  int
	err   error
}

func (renderedMsg) trayMsg() {}

// FromPart is the chip for a stored part of any kind Store.Attach makes.
func FromPart(p session.Part) Chip {
	switch p := p.(type) {
	case session.Image:
		return NewImage(p)
	case session.Audio:
		return NewAudio(p, false)
	}
	return Chip{doc: &docChip{part: p}}
}

// Document is the chip's document (a PDF or a text file), nil for other
// chips. Read only.
func (c *Chip) Document() *session.Document {
	if c.doc == nil {
		return nil
	}
	if d, ok := c.doc.part.(session.Document); ok {
		return &d
	}
	return nil
}

// Plan is what a document or video chip sends to the model in use; the
// zero SendPlan for other chips or when no planner is set.
func (c *Chip) Plan() session.SendPlan {
	if c.doc == nil {
		return session.SendPlan{}
	}
	return c.doc.plan
}

func (d *docChip) name() string {
	switch p := d.part.(type) {
	case session.Document:
		return p.Name
	case session.Video:
		return p.Name
	}
	return "attachment"
}

// HasDocs reports whether a chip is a document or a video: only then does
// the root build a planner.
func (t *Tray) HasDocs() bool {
	for _, c := range t.items {
		if c.doc != nil {
			return true
		}
	}
	return false
}

// SetPlanner sets what plans document and video chips for model (the
// next Relabel uses it); nil labels them with their facts only.
func (t *Tray) SetPlanner(p Planner) { t.plan = p }

// replan plans a document chip for the model of the last Relabel.
func (t *Tray) replan(c *Chip) {
	if c.doc == nil {
		return
	}
	c.doc.plan, c.doc.planFor = session.SendPlan{}, ""
	if t.plan != nil {
		c.doc.plan, c.doc.planFor = t.plan.Plan(c.doc.part), t.model
	}
}

// SetDocument replaces document chip id's part (a page range or tail the
// inspect dialog chose) and replans it; false when the chip is gone.
func (t *Tray) SetDocument(id int, d session.Document) bool {
	c := t.ByID(id)
	if c == nil || c.doc == nil {
		return false
	}
	c.doc.part = d
	c.doc.total, c.doc.renderFor = 0, ""
	t.replan(c)
	c.label, c.refused = chipLabel(c, t.caps, t.known, t.model)
	t.gen++
	return true
}

// label is a document or video chip's text: its facts, then (for a known
// model) what goes and ≈tokens, or why it cannot go.
func (d *docChip) label(known bool, model string) (string, bool) {
	s := Facts(d.part)
	if !known || d.planFor != model {
		return s, false
	}
	p := d.plan
	if p.Err != nil {
		// The refusal names the model as configured: untrusted text.
		return s + " · " + common.FirstLine(sanitize.String(p.Err.Error())), true
	}
	if how := d.how(); how != "" {
		s += " · " + how
	}
	s += " · " + common.ApproxTokens(p.Tokens)
	if p.Omitted > 0 {
		s += fmt.Sprintf(" · %d pages left out", p.Omitted)
	}
	if d.total > 0 && d.renderFor == model {
		if d.done < d.total {
			s += fmt.Sprintf(" · rendering %d/%d", d.done, d.total)
		}
	}
	return s, false
}

// Facts are what a document or video is, whatever the model: "report.pdf
// · 12 pages · 240 KB", "main.go · 120 lines", "clip.mp4 · 0:12 · 640×360
// · 2 MB"; the chip's label and the transcript's chip line start with it.
func Facts(part session.Part) string {
	switch p := part.(type) {
	case session.Document:
		if p.IsPDF() {
			s := fmt.Sprintf("%s · %s · %s", p.Name, plural(p.Pages, "page"), common.HumanBytes(p.Bytes))
			if p.PageRange != "" {
				s += " · pages " + p.PageRange
			}
			return s
		}
		switch {
		case p.TailOf > 0:
			return fmt.Sprintf("%s · last %s of %s lines", p.Name, common.Thousands(p.Lines), common.Thousands(p.TailOf))
		case p.Tail > 0 && p.Tail < p.Lines:
			return fmt.Sprintf("%s · last %s of %s lines", p.Name, common.Thousands(p.Tail), common.Thousands(p.Lines))
		}
		return fmt.Sprintf("%s · %s", p.Name, plural(p.Lines, "line"))
	case session.Video:
		s := p.Name
		if p.Duration > 0 {
			s += " · " + common.Clock(p.Duration)
		}
		if p.Width > 0 {
			s += fmt.Sprintf(" · %d×%d", p.Width, p.Height)
		}
		return s + " · " + common.HumanBytes(p.Bytes)
	}
	return "attachment"
}

// how names the way the plan sends the part ("" for a text file: a
// fenced block is what everyone expects).
func (d *docChip) how() string {
	p := d.plan
	switch p.Mode {
	case session.SendNative:
		if _, ok := d.part.(session.Video); ok {
			return "native video"
		}
		return "native PDF"
	case session.SendPages:
		s := plural(p.Images, "page image")
		if p.WithText {
			s += " + text"
		}
		return s
	case session.SendText:
		if doc, ok := d.part.(session.Document); ok && doc.IsPDF() {
			return "text only"
		}
	case session.SendFrames:
		s := plural(p.Images, "keyframe")
		if p.Audio != "" {
			s += " + " + p.Audio
		}
		return s
	}
	return ""
}

// plural is "1 page", "12 pages".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return common.Thousands(n) + " " + word + "s"
}

// DropUnsendable removes the video chips just attached that the model in
// use cannot be sent at all with what is installed (no ffmpeg to make its
// keyframes, no transcription service for its audio track), and says why
// in one notice line: the refusal comes when attaching, not at Enter. It
// reports whether it dropped any, so the root keeps the typed text that
// named them. Call it after Relabel; other chips a model refuses stay,
// marked, since the inspect dialog or another model can still send them.
func (t *Tray) DropUnsendable() bool {
	var why []string
	t.items = slices.DeleteFunc(t.items, func(c *Chip) bool {
		if c.doc == nil || !c.doc.fresh {
			return false
		}
		c.doc.fresh = false
		var r *session.RefusalError
		if _, video := c.doc.part.(session.Video); !video || c.doc.planFor != t.model ||
			!errors.As(c.doc.plan.Err, &r) || r.Switch {
			return false
		}
		why = append(why, c.doc.name()+": "+common.FirstLine(r.Error()))
		return true
	})
	if len(why) == 0 {
		return false
	}
	t.sel = min(t.sel, len(t.items)-1)
	t.SetNotice(strings.Join(why, "; "), true)
	return true
}

// Prerender returns the Cmds that draw, for the model of the last
// Relabel, the pages of every PDF chip whose plan sends page images and
// that are not drawn for it yet: the 20 renders of a long PDF then happen
// while the user types, with "rendering 8/20" on the chip, and the send
// reuses them.
func (t *Tray) Prerender() tea.Cmd {
	if t.plan == nil {
		return nil
	}
	var cmds []tea.Cmd
	for _, c := range t.items {
		if c.doc == nil || c.doc.planFor != t.model || c.doc.plan.Mode != session.SendPages || c.doc.renderFor == t.model {
			continue
		}
		c.doc.done, c.doc.total, c.doc.renderFor = 0, len(c.doc.plan.Pages), t.model
		c.label, c.refused = chipLabel(c, t.caps, t.known, t.model)
		cmds = append(cmds, t.renderNext(c))
	}
	t.gen++
	return tea.Batch(cmds...)
}

// renderNext is the Cmd that draws chip c's next chunk of pages.
func (t *Tray) renderNext(c *Chip) tea.Cmd {
	d, ok := c.doc.part.(session.Document)
	if !ok {
		return nil
	}
	pl, id, model, done := t.plan, c.id, t.model, c.doc.done
	pages := c.doc.plan.Pages[done:min(done+renderChunk, len(c.doc.plan.Pages))]
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), renderTimeout)
		defer cancel()
		err := pl.RenderPages(ctx, d, pages)
		return renderedMsg{id: id, model: model, done: done + len(pages), err: err}
	}
}

// rendered takes a drawn chunk: the chip's progress moves on, and the next
// chunk starts while pages are left. A failure is not shown here: sending
// renders again and refuses with the reason.
func (t *Tray) rendered(msg renderedMsg) Outcome {
	c := t.ByID(msg.id)
	if c == nil || c.doc == nil || c.doc.renderFor != msg.model || t.model != msg.model {
		return Outcome{}
	}
	c.doc.done = msg.done
	if msg.err != nil {
		c.doc.done = c.doc.total
	}
	c.label, c.refused = chipLabel(c, t.caps, t.known, t.model)
	t.gen++
	out := Outcome{Layout: true}
	if c.doc.done < c.doc.total {
		out.Next = t.renderNext(c)
	}
	return out
}

// Rendering reports chip id's page renders: done of total (total 0 when
// none are running or planned).
func (t *Tray) Rendering(id int) (done, total int) {
	c := t.ByID(id)
	if c == nil || c.doc == nil || c.doc.renderFor != t.model {
		return 0, 0
	}
	return c.doc.done, c.doc.total
}
