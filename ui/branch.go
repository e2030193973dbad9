package ui

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
	"parley/ui/tray"
)

// This file is the conversation loop on top of the stored branches
// (session: Turn.Retry, Turn.Edit, Store.EditDraft, Store.SwitchBranch):
// /retry, /edit, /branch and their keys. The selection they act on is
// ui/transcript's; after a retry, an edit or a switch the transcript is
// read again from the store (branchMsg), so what it shows is always the
// stored current branch with each message's "‹ i/n ›".

// retryHint is what a failed or cancelled reply says about retrying.
const retryHint = "press alt+r or /retry to ask again"

// The commands of the conversation loop, in the command table's block.
func loopCommands() []command {
	return []command{
		{"/retry", "", "answer again (ctrl+y)", cmdRetry},
		{"/edit", "", "edit your message", cmdEdit},
		{"/branch", "[N|next|prev]", "switch branch", cmdBranch},
	}
}

// branchMsg is a conversation read again from the store after a retry,
// an edit or a branch switch; sel is the message to select (0: none) and
// notice a line to show again above the last reply (context trimming).
type branchMsg struct {
	conv   *session.Conversation
	err    error
	sel    int64
	notice string
}

// draftMsg is a stored message taken back for editing (Store.EditDraft).
type draftMsg struct {
	draft session.Draft
	err   error
}

// reloadBranch reads conversation id again.
func reloadBranch(store *session.Store, id, sel int64, notice string) tea.Cmd {
	return func() tea.Msg {
		c, err := store.Conversation(id)
		return branchMsg{conv: c, err: err, sel: sel, notice: notice}
	}
}

// loopRefusal says why a retry, edit or switch cannot happen now, or "".
func loopRefusal(m *Model, what string) string {
	switch {
	case m.stream.Busy():
		return "stop the reply (Esc) or wait for it to finish before you " + what
	case m.opts.Store == nil:
		return "history is off: nothing is kept of this conversation to " + what
	}
	return ""
}

// cmdRetry is /retry (and ctrl+y): the current branch is sent again up to
// its last user message with the current model; the reply becomes a
// sibling of the earlier ones.
func cmdRetry(m *Model, _ string) tea.Cmd {
	m.clearCommand()
	if why := loopRefusal(m, "retry"); why != "" {
		m.tray.SetNotice(why, true)
		return nil
	}
	last := lastUser(m.transcript.Entries())
	if m.convID == 0 || last < 0 {
		m.transcript.Add(newNoticeEntry(transcript.KindNotice, "nothing to retry: there is no message of yours to answer again"))
		m.transcript.Follow()
		return nil
	}
	turn := m.newTurn()
	if turn == nil {
		return nil
	}
	// The old replies stay in the store as siblings; on screen the new
	// one takes their place.
	for _, e := range m.transcript.Entries()[last+1:] {
		m.transcript.Remove(e)
	}
	m.imagesChanged()
	convID := m.convID
	cmd := m.beginReply(nil, m.opts.Model, "", "", func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return turn.Retry(ctx, convID)
	})
	m.reply.reload, m.reply.chat = true, true
	return cmd
}

// lastUser is the index of the last user message among entries, -1 if
// none.
func lastUser(entries []*entry) int {
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.kind == transcript.KindMessage && e.msg.Role == session.RoleUser {
			return i
		}
	}
	return -1
}

// cmdEdit is /edit (and e on a selected message): the selected message of
// yours, or your last one, comes back into the composer and the tray;
// sending it makes a new branch from there.
func cmdEdit(m *Model, _ string) tea.Cmd {
	m.clearCommand()
	if why := loopRefusal(m, "edit a message"); why != "" {
		m.tray.SetNotice(why, true)
		return nil
	}
	e, ok := m.transcript.Selected()
	if !ok {
		if i := lastUser(m.transcript.Entries()); i >= 0 {
			e, ok = m.transcript.Entries()[i], true
		}
	}
	switch {
	case !ok || e.msg.ID == 0:
		m.tray.SetNotice("nothing to edit: select a message of yours with shift+↑ first", true)
		return nil
	case e.msg.Role != session.RoleUser:
		m.tray.SetNotice("only your own messages can be edited: alt+r or /retry asks for a new reply", true)
		return nil
	}
	store, convID, id := m.opts.Store, m.convID, e.msg.ID
	return func() tea.Msg {
		d, err := store.EditDraft(convID, id)
		return draftMsg{draft: d, err: err}
	}
}

// handleDraft puts a message taken back for editing into the composer and
// the tray. A missing attachment is said in the notice line; the text and
// the other attachments are there all the same.
func handleDraft(m *Model, msg draftMsg) tea.Cmd {
	var missing *session.MissingAttachmentsError
	if msg.err != nil && !errors.As(msg.err, &missing) {
		m.tray.SetNotice(common.FirstLine(sanitize.String(msg.err.Error())), true)
		m.layout()
		return nil
	}
	d := msg.draft
	m.editing = &session.Draft{ConversationID: d.ConversationID, MessageID: d.MessageID}
	m.composer.SetValue(d.Text)
	for _, p := range d.Attachments {
		switch p := p.(type) {
		case session.Image:
			m.tray.Add(tray.NewImage(p))
		case session.Audio:
			m.tray.Add(tray.NewAudio(p, false))
		}
	}
	m.transcript.Deselect()
	note, isErr := "editing your message: enter sends it as a new branch (the old one stays), esc cancels", false
	if missing != nil {
		note, isErr = missing.Error(), true
	}
	m.tray.SetNotice(note, isErr)
	m.layout()
	return m.chipChanges()
}

// sendEdit sends parts as the edited version of m.editing: the transcript
// drops the old message and what followed it (they stay in the store) and
// the new one streams in their place.
func sendEdit(m *Model, turn *session.Turn, text string, parts []session.Part) tea.Cmd {
	ed := *m.editing
	m.editing = nil
	entries := m.transcript.Entries()
	for i, e := range entries {
		if e.msg.ID == ed.MessageID {
			for _, old := range entries[i:] {
				m.transcript.Remove(old)
			}
			break
		}
	}
	m.imagesChanged()
	cmd := m.beginReply(parts, m.opts.Model, text, text, func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return turn.Edit(ctx, ed.ConversationID, ed.MessageID, parts)
	})
	m.reply.reload, m.reply.chat = true, true
	return cmd
}

// cancelEdit ends editing without sending: the composer keeps its text,
// which Enter now sends as a new message.
func cancelEdit(m *Model) bool {
	if m.editing == nil {
		return false
	}
	m.editing = nil
	m.tray.SetNotice("edit cancelled: enter sends the text as a new message", false)
	m.layout()
	return true
}

// cmdBranch is /branch [N|next|prev]: the selected message, or else the
// newest one with other branches, shows its Nth (next, previous) branch.
// Without an argument it says where it stands.
func cmdBranch(m *Model, arg string) tea.Cmd {
	m.clearCommand()
	if why := loopRefusal(m, "switch branch"); why != "" {
		m.tray.SetNotice(why, true)
		return nil
	}
	e := branchTarget(m)
	if e == nil {
		m.tray.SetNotice("no branches here: a retry or an edit makes one", false)
		return nil
	}
	s := e.branch
	to := s.Index
	a := strings.ToLower(arg)
	step, isStep := branchStep(a)
	switch {
	case a == "":
		m.tray.SetNotice(fmt.Sprintf("this message is branch %d of %d: /branch N, next or prev switches", s.Index+1, s.Count), false)
		return nil
	case isStep:
		to += step
	default:
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 || n > s.Count {
			m.tray.SetNotice(fmt.Sprintf("/branch takes 1–%d, next or prev", s.Count), true)
			return nil
		}
		to = n - 1
	}
	return switchBranch(m, e, to)
}

// branchTarget is the message /branch acts on: the selected one with
// branches, else the newest with branches, else nil.
func branchTarget(m *Model) *entry {
	if e, ok := m.transcript.Selected(); ok && e.branch.Count > 1 {
		return e
	}
	entries := m.transcript.Entries()
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].branch.Count > 1 {
			return entries[i]
		}
	}
	return nil
}

// switchBranch shows branch to (0-based, wrapping) of e's siblings.
func switchBranch(m *Model, e *entry, to int) tea.Cmd {
	s := e.branch
	if s.Count < 2 {
		m.tray.SetNotice("this message has no other branch", false)
		m.layout()
		return nil
	}
	to = (to%s.Count + s.Count) % s.Count
	store, convID, id := m.opts.Store, m.convID, s.IDs[to]
	_, selected := m.transcript.Selected()
	return func() tea.Msg {
		c, err := store.SwitchBranch(convID, id)
		msg := branchMsg{conv: c, err: err}
		if selected {
			msg.sel = id
		}
		return msg
	}
}

// handleBranch shows the conversation as the store now has it.
func handleBranch(m *Model, msg branchMsg) tea.Cmd {
	if msg.err != nil {
		m.tray.SetNotice("cannot read the conversation again: "+common.FirstLine(sanitize.String(msg.err.Error())), true)
		m.layout()
		return nil
	}
	if m.stream.Busy() || msg.conv.ID != m.convID {
		return nil // another reply started, or another conversation is open
	}
	// Not resetTranscript: the status bar keeps the last reply's usage,
	// and a cancelled turn still draining belongs to this conversation.
	m.imgSel = imageRef{}
	m.transcript.Reset()
	m.loadConversation(msg.conv)
	if msg.notice != "" && m.transcript.Len() > 0 {
		m.transcript.InsertBefore(newNoticeEntry(transcript.KindNotice, msg.notice), m.transcript.Last())
	}
	for _, e := range m.transcript.Entries() {
		if msg.sel != 0 && e.msg.ID == msg.sel {
			selectEntry(m, e)
		}
	}
	m.imagesChanged()
	m.layout()
	return nil
}

// branchTags sets each message entry's branch position and reply cost
// from c, the conversation as stored.
func branchTags(entries []*entry, c *session.Conversation, price session.PriceFunc) {
	for _, e := range entries {
		if e.kind != transcript.KindMessage || e.msg.ID == 0 {
			continue
		}
		e.branch = c.Siblings(e.msg.ID)
		t := e.tags
		t.Branch, t.Branches = e.branch.Index+1, e.branch.Count
		t.Cost = session.ReplyCost(&e.msg, price).String()
		e.setTags(t)
	}
}

// selectEntry makes e the selected message, marked in its header.
func selectEntry(m *Model, e *entry) {
	if old, ok := m.transcript.Selected(); ok {
		markSelected(old, false)
	}
	m.transcript.Select(e)
	markSelected(e, true)
}

// markSelected shows or hides e's selection mark.
func markSelected(e *entry, on bool) {
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
func selectable(e *entry) bool {
	return e.kind == transcript.KindMessage && (e.msg.ID != 0 || e.text() != "")
}

// handleSelectKey is the message-selection layer of handleKey: with an
// empty composer and no chip selected, shift+↑/↓ select a message; on the
// selected one e edits, ←/→ switch its branch, esc ends the selection.
func handleSelectKey(m *Model, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !m.composer.Empty() || m.tray.SelectedIndex() >= 0 {
		return nil, false
	}
	if m.stream.Busy() && key.Matches(msg, m.keys.Stop) {
		return nil, false // esc stops the reply first; the selection stays
	}
	old, had := m.transcript.Selected()
	a, ok := m.transcript.HandleSelect(msg, m.keys.Select, selectable)
	if !ok {
		return nil, false
	}
	if now, has := m.transcript.Selected(); had && (!has || now != old) {
		markSelected(old, false)
	}
	if now, has := m.transcript.Selected(); has {
		markSelected(now, true)
	}
	e, _ := m.transcript.Selected()
	switch a {
	case transcript.SelectEdit:
		return cmdEdit(m, ""), true
	case transcript.SelectBranchPrev:
		if why := loopRefusal(m, "switch branch"); why != "" {
			m.tray.SetNotice(why, true)
			return nil, true
		}
		return switchBranch(m, e, e.branch.Index-1), true
	case transcript.SelectBranchNext:
		if why := loopRefusal(m, "switch branch"); why != "" {
			m.tray.SetNotice(why, true)
			return nil, true
		}
		return switchBranch(m, e, e.branch.Index+1), true
	case transcript.SelectExpand:
		if e.toggleExpanded() {
			m.transcript.Relayout()
		} else {
			m.tray.SetNotice("this message has no text file to expand", false)
			m.layout()
		}
	}
	return nil, true
}
