package chat

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/common"
	"parley/ui/transcript"
)

// This file is the conversation loop on top of the stored branches
// (session: Turn.Retry, Turn.Edit, Store.EditDraft, Store.SwitchBranchOutline):
// /retry, /edit, /branch and their keys. The selection they act on is
// ui/transcript's; after a retry, an edit or a switch the transcript is
// read again from the store (branchMsg), so what it shows is always the
// stored current branch with each message's "‹ i/n ›".

// RetryHint is what a failed or cancelled reply says about retrying.
const RetryHint = "press alt+r or /retry to ask again"

// branchMsg is a conversation read again from the store after a retry,
// an edit or a branch switch; sel is the message to select (0: none) and
// notice a line to show again above the last reply (context trimming).
type branchMsg struct {
	conv *session.Conversation
	// outline, when not nil, is the branch read lazily (lazy.go; conv
	// is then nil): the conversation after a retry or an edit.
	outline *session.Outline
	err     error
	sel     int64
	notice  string
	// keep is where the message switched to goes on screen
	// (branchkeep.go); zero after a retry or an edit.
	keep keepRow
}

// draftMsg is a stored message taken back for editing (Store.EditDraft).
type draftMsg struct {
	draft session.Draft
	err   error
}

// reloadBranch reads conversation id again, lazily: its last page in
// full, the rest as placeholders that load as they come into view.
func reloadBranch(store *session.Store, id, sel int64, notice string) tea.Cmd {
	return func() tea.Msg {
		o, err := store.ConversationOutline(id, PageSize)
		return branchMsg{outline: o, err: err, sel: sel, notice: notice}
	}
}

// loopRefusal says why a retry, edit or switch cannot happen now, or "".
func (c *Chat) refusal(what string) string {
	switch {
	case c.stream.Busy():
		return "stop the reply (Esc) or wait for it to finish before you " + what
	case c.opts.Store == nil:
		return "history is off: nothing is kept of this conversation to " + what
	}
	return ""
}

// Retry is /retry (and alt+r): the current branch is sent again up to
// its last user message with model, the Turn turn gives; the reply
// becomes a sibling of the earlier ones.
func (c *Chat) Retry(turn func() *session.Turn, model string, chips []int) Outcome {
	if why := c.refusal("retry"); why != "" {
		return say(why, true)
	}
	last := lastUser(c.list.Entries())
	if c.convID == 0 || last < 0 {
		c.Notice("nothing to retry: there is no message of yours to answer again", false)
		return Outcome{}
	}
	t := turn()
	if t == nil {
		return Outcome{}
	}
	// The old replies stay in the store as siblings; on screen the new
	// one takes their place.
	for _, e := range c.list.Entries()[last+1:] {
		c.list.Remove(e)
	}
	c.Redraw()
	convID := c.convID
	out := c.begin(Outgoing{Model: model, Chips: chips}, func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return t.Retry(ctx, convID)
	})
	c.reply.reload, c.reply.chat = true, true
	return out
}

// lastUser is the index of the last user message among entries, -1 if
// none.
func lastUser(entries []*Entry) int {
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.kind == transcript.KindMessage && e.msg.Role == session.RoleUser {
			return i
		}
	}
	return -1
}

// Edit is /edit (and e on a selected message): the selected message of
// yours, or your last one, comes back into the composer and the tray
// (its Cmd's draftMsg); sending it makes a new branch from there.
func (c *Chat) Edit() Outcome {
	if why := c.refusal("edit a message"); why != "" {
		return say(why, true)
	}
	e, ok := c.list.Selected()
	if !ok {
		if i := lastUser(c.list.Entries()); i >= 0 {
			e, ok = c.list.Entries()[i], true
		}
	}
	switch {
	case !ok || e.msg.ID == 0:
		return say("nothing to edit: select a message of yours with shift+↑ first", true)
	case e.msg.Role != session.RoleUser:
		return say("only your own messages can be edited: alt+r or /retry asks for a new reply", true)
	}
	store, convID, id := c.opts.Store, c.convID, e.msg.ID
	return Outcome{Cmd: func() tea.Msg {
		d, err := store.EditDraft(convID, id)
		return draftMsg{draft: d, err: err}
	}}
}

// handleDraft puts a message taken back for editing into the composer and
// the tray. A missing attachment is said in the notice line; the text and
// the other attachments are there all the same.
func (c *Chat) handleDraft(msg draftMsg) Outcome {
	var missing *session.MissingAttachmentsError
	if msg.err != nil && !errors.As(msg.err, &missing) {
		return say(common.FirstLine(sanitize.String(msg.err.Error())), true)
	}
	d := msg.draft
	c.editing = &session.Draft{ConversationID: d.ConversationID, MessageID: d.MessageID}
	out := Outcome{Compose: d.Text, SetCompose: true, Fit: true}
	for _, p := range d.Attachments {
		switch p.(type) {
		case session.Image, session.Audio:
			out.Attach = append(out.Attach, p)
		}
	}
	c.list.Deselect()
	note, isErr := "editing your message: enter sends it as a new branch (the old one stays), esc cancels", false
	if missing != nil {
		note, isErr = missing.Error(), true
	}
	return out.notice(note, isErr)
}

// sendEdit sends o as the edited version of c.editing: the transcript
// drops the old message and what followed it (they stay in the store)
// and the new one streams in their place.
func (c *Chat) sendEdit(t *session.Turn, o Outgoing) Outcome {
	ed := *c.editing
	c.editing = nil
	entries := c.list.Entries()
	for i, e := range entries {
		if e.msg.ID == ed.MessageID {
			for _, old := range entries[i:] {
				c.list.Remove(old)
			}
			break
		}
	}
	c.Redraw()
	parts := o.Parts
	out := c.begin(o, func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return t.Edit(ctx, ed.ConversationID, ed.MessageID, parts)
	})
	c.reply.reload, c.reply.chat = true, true
	return out
}

// cancelEdit ends editing without sending: the composer keeps its text,
// which Enter now sends as a new message.
func (c *Chat) cancelEdit() (Outcome, bool) {
	if c.editing == nil {
		return Outcome{}, false
	}
	c.editing = nil
	return say("edit cancelled: enter sends the text as a new message", false), true
}

// Branch is /branch [N|next|prev]: the selected message, or else the
// newest one with other branches, shows its Nth (next, previous) branch.
// Without an argument it says where it stands.
func (c *Chat) Branch(arg string) Outcome {
	if why := c.refusal("switch branch"); why != "" {
		return say(why, true)
	}
	e := c.branchTarget()
	if e == nil {
		return say("no branches here: a retry or an edit makes one", false)
	}
	s := e.branch
	to := s.Index
	a := strings.ToLower(arg)
	step, isStep := branchStep(a)
	switch {
	case a == "":
		return say(fmt.Sprintf("this message is branch %d of %d: /branch N, next or prev switches", s.Index+1, s.Count), false)
	case isStep:
		to += step
	default:
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 || n > s.Count {
			return say(fmt.Sprintf("/branch takes 1–%d, next or prev", s.Count), true)
		}
		to = n - 1
	}
	return c.switchBranch(e, to)
}

// branchTarget is the message /branch acts on: the selected one with
// branches, else the newest with branches, else nil.
func (c *Chat) branchTarget() *Entry {
	if e, ok := c.list.Selected(); ok && e.branch.Count > 1 {
		return e
	}
	entries := c.list.Entries()
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].branch.Count > 1 {
			return entries[i]
		}
	}
	return nil
}

// switchBranch shows branch to (0-based, wrapping) of e's siblings.
func (c *Chat) switchBranch(e *Entry, to int) Outcome {
	s := e.branch
	if s.Count < 2 {
		return say("this message has no other branch", false)
	}
	to = (to%s.Count + s.Count) % s.Count
	keep := keepRow{id: s.IDs[to]}
	keep.row, keep.ok = c.rowOf(e)
	_, selected := c.list.Selected()
	return Outcome{Cmd: switchCmd(c.opts.Store, c.convID, keep, selected)} // branchkeep.go
}

// handleBranch shows the conversation as the store now has it.
func (c *Chat) handleBranch(msg branchMsg) Outcome {
	if msg.err != nil {
		return say("cannot read the conversation again: "+common.FirstLine(sanitize.String(msg.err.Error())), true)
	}
	if msg.outline != nil {
		msg.conv = &msg.outline.Conversation // its row and every message's header
	}
	if c.stream.Busy() || msg.conv.ID != c.convID {
		return Outcome{} // another reply started, or another conversation is open
	}
	// Not Reset: the status bar keeps the last reply's usage, and a
	// cancelled turn still draining belongs to this conversation.
	c.imgSel = imageRef{}
	c.list.Reset()
	c.pages.reset()
	c.prompt = nil // went with the rest: the root's ShowPrompt puts it back (Loaded)
	if msg.outline != nil {
		c.LoadOutline(msg.outline)
	} else {
		c.Load(msg.conv)
	}
	if msg.notice != "" && c.list.Len() > 0 {
		c.list.InsertBefore(newNoticeEntry(transcript.KindNotice, msg.notice), c.list.Last())
	}
	for _, e := range c.list.Entries() {
		if msg.sel != 0 && e.msg.ID == msg.sel {
			c.selectEntry(e)
		}
	}
	c.Redraw()
	c.keepInPlace(msg.keep)                         // branchkeep.go: a switched message stays where it was
	return Outcome{Loaded: msg.conv, Cmd: c.Want()} // lazy.go: placeholders in view load
}

// branchTags sets each message entry's branch position and reply cost
// from c, the conversation as stored.
func branchTags(entries []*Entry, c *session.Conversation, price session.PriceFunc) {
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.msg.ID
	}
	sibs := c.SiblingsOf(ids) // one pass, not one per message
	for i, e := range entries {
		if e.kind != transcript.KindMessage || e.msg.ID == 0 {
			continue
		}
		e.branch = sibs[i]
		t := e.tags
		t.Branch, t.Branches = e.branch.Index+1, e.branch.Count
		t.Cost = session.ReplyCost(&e.msg, price).String()
		e.setTags(t)
	}
}

// selectEntry makes e the selected message, marked in its header.
func (c *Chat) selectEntry(e *Entry) {
	if old, ok := c.list.Selected(); ok {
		markSelected(old, false)
	}
	c.list.Select(e)
	markSelected(e, true)
}

// markSelected shows or hides e's selection mark.
func markSelected(e *Entry, on bool) {
	t := e.tags
	t.Selected = on
	e.setTags(t)
}

// branchStep is the step /branch's word names: +1 for the next branch,
// -1 for the previous one; false for another word.
func branchStep(word string) (int, bool) {
	steps := []struct {
		word string
		step int
	}{{"next", 1}, {"n", 1}, {"+", 1}, {"prev", -1}, {"p", -1}, {"-", -1}}
	for _, s := range steps {
		if s.word == word {
			return s.step, true
		}
	}
	return 0, false
}

// selectable is what message selection stops at: messages that are
// stored (to edit or switch branches) or have text (to copy or read).
func selectable(e *Entry) bool {
	return e.kind == transcript.KindMessage && (e.msg.ID != 0 || e.text() != "")
}

// HandleSelectKey is the message-selection layer of the key
// precedence: with an empty composer and no chip selected (free),
// shift+↑/↓ select a message; on the selected one e edits, ←/→ switch
// its branch, x expands its text files, esc ends the selection.
func (c *Chat) HandleSelectKey(msg tea.KeyPressMsg, free bool) (Outcome, bool) {
	if !free {
		return Outcome{}, false
	}
	if c.stream.Busy() && key.Matches(msg, c.keys.Stop) {
		return Outcome{}, false // esc stops the reply first; the selection stays
	}
	old, had := c.list.Selected()
	a, ok := c.list.HandleSelect(msg, c.keys.Select, selectable)
	if !ok {
		return Outcome{}, false
	}
	if now, has := c.list.Selected(); had && (!has || now != old) {
		markSelected(old, false)
	}
	if now, has := c.list.Selected(); has {
		markSelected(now, true)
	}
	e, _ := c.list.Selected()
	switch a {
	case transcript.SelectEdit:
		return c.Edit(), true
	case transcript.SelectBranchPrev, transcript.SelectBranchNext:
		if why := c.refusal("switch branch"); why != "" {
			return say(why, true), true
		}
		step := 1
		if a == transcript.SelectBranchPrev {
			step = -1
		}
		return c.switchBranch(e, e.branch.Index+step), true
	case transcript.SelectExpand:
		if e.toggleExpanded() {
			c.list.Relayout()
		} else {
			return say("this message has no text file to expand", false), true
		}
	}
	return Outcome{Cmd: c.Want()}, true // lazy.go: the selection may have scrolled onto placeholders
}
