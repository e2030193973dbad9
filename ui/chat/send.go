package chat

import (
	"context"
	"iter"
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
	"parley/ui/common"
	"parley/ui/stream"
	"parley/ui/transcript"
)

// reply is what the root shows of the reply streaming now; its lifecycle
// (pump, cancel, draining) is ui/stream's.
type reply struct {
	entry *Entry
	user  *Entry
	// text and sent are the message's text and tray chips: they are given
	// back if the turn is refused before the message is stored, and the
	// chips leave the tray once it is (saved).
	text  string
	sent  []int
	saved bool
	// reload reads the conversation again from the store when the reply
	// ends (a retry or an edit made a branch: branch.go); notice is the
	// context-trimming line to show again then.
	reload bool
	notice string
	// chat is a chat turn's reply (not /image's): a failed or cancelled
	// one says how to retry.
	chat bool
	// prevTitle is the status bar's title before this message set it,
	// restored when the message is refused.
	prevTitle string
}

// Outgoing is a message to send as the root has it: its parts (the
// composer's text, then the tray's attachments), the model that answers,
// the title it gives an untitled conversation, the text given back if
// the turn is refused, and the tray's chips it carries.
type Outgoing struct {
	Parts []session.Part
	Model string
	Title string
	Text  string
	Chips []int
}

// Send sends o as the next user message with the Turn turn gives (nil:
// the root said why there is none), or, while a message is being edited,
// as its new version (branch.go).
func (c *Chat) Send(turn func() *session.Turn, o Outgoing) Outcome {
	t := turn()
	if t == nil {
		return Outcome{}
	}
	if c.editing != nil {
		return c.sendEdit(t, o) // branch.go
	}
	parts, convID := o.Parts, c.convID
	out := c.begin(o, c.sendHistory(func(ctx context.Context, hist []session.Message) iter.Seq[session.TurnEvent] {
		return t.Run(ctx, convID, hist, parts) // lazy.go: the history is read before begin adds o
	}))
	c.reply.chat = true
	return out
}

// Start streams run's reply (/image's drawing) after o's message, the
// same lifecycle as a chat turn's.
func (c *Chat) Start(o Outgoing, run stream.Run) Outcome { return c.begin(o, run) }

// begin is the one start of every reply, a chat turn's or /image's: the
// user's message and the reply it streams into join the transcript, the
// title sets an empty title, the text leaves the composer (given back if
// the turn is refused), and run streams through ui/stream. nil parts is
// a retry: no user message joins.
func (c *Chat) begin(o Outgoing, run stream.Run) Outcome {
	if last := c.list.Last(); last != nil && last.retry {
		last.retry = false // the hint is about the newest reply only
		last.invalidate()
	}
	var user *Entry
	if o.Parts != nil {
		user = newMessageEntry(session.Message{Role: session.RoleUser, Status: session.StatusDone, Parts: o.Parts})
		c.list.Add(user)
	}
	r := newStreamEntry(o.Model, c.draw.md)
	c.list.Add(r)
	c.list.Follow()
	st := c.opts.Status
	prevTitle := st.Title()
	if prevTitle == "" {
		st.SetTitle(o.Title)
	}
	c.reply = &reply{entry: r, user: user, text: o.Text, sent: o.Chips, prevTitle: prevTitle}
	st.BeginTurn()
	speak := c.opts.Speech.Stop() // sending stops what is read aloud
	if c.opts.Speech.Auto() {
		speak = tea.Batch(speak, c.opts.Speech.Begin(c.ctx, r))
	}
	return Outcome{Clear: true, ClearText: o.Text, UnselectChip: true, Started: true,
		Cmd: tea.Batch(c.stream.Start(run), speak)}
}

// handleStream applies one frame of the active stream. ui/stream drops the
// frames of a cancelled stream, but passes on the conversation ID its turn
// created, so a cancelled first message still names the conversation.
func (c *Chat) handleStream(msg stream.Msg) Outcome {
	f, ok, staleConv, cmd := c.stream.Update(msg)
	if !ok {
		if staleConv != 0 && c.convID == 0 {
			c.convID = staleConv
		}
		return Outcome{Cmd: cmd}
	}
	a, st := c.reply, c.opts.Status
	var out Outcome
	if f.User != nil {
		c.adoptUser(f.User, a.user)
		a.saved = true // the chips it carries leave the tray (new ones added meanwhile stay)
		out.RemoveChips = a.sent
	}
	if f.Started != nil {
		a.entry.msg.ID = f.Started.ID
		a.entry.msg.ConversationID = f.Started.ConversationID
		a.entry.msg.Provider = f.Started.Provider
		a.entry.hdr = "" // the header names the provider
	}
	if f.Notice != "" { // the context was trimmed: said above the reply
		a.notice = f.Notice
		c.list.InsertBefore(newNoticeEntry(transcript.KindNotice, f.Notice), a.entry)
	}
	if f.Reasoned {
		st.Thinking()
	}
	c.applyText(a, f)
	if f.Tokens {
		st.Streaming()
		if f.HasRate {
			st.Rate(f.Rate)
		}
	}
	if f.Usage != nil {
		st.Usage(*f.Usage)
	}
	out.Cmd = cmd
	if f.Done {
		fin := c.finishReply(f)
		fin.RemoveChips, fin.Finished = out.RemoveChips, true // and the status bar's cost
		fin.Cmd = tea.Batch(cmd, fin.Cmd)
		return fin
	}
	return out
}

// applyText applies a frame's reasoning, text and ordered items to the
// streaming reply.
func (c *Chat) applyText(a *reply, f stream.Frame) {
	if f.Thinking != "" {
		a.entry.addReasoning(f.Thinking, f.At)
	}
	if f.Text != "" || len(f.Items) > 0 {
		a.entry.endThinking(f.At) // the reply replaces the reasoning line
	}
	if f.Text != "" {
		a.entry.appendText(f.Text)
		c.opts.Speech.Write(a.entry, f.Text) // read aloud as it streams, if it is
	}
	for _, it := range f.Items { // generated images and hand-offs
		switch {
		case it.Image != nil:
			a.entry.putImage(*it.Image, c.draw.md)
			c.opts.Status.Drawing(it.Image.Partial)
		case it.Handoff != "":
			a.entry.putHandoff(it.Handoff, it.Failed, c.draw.md)
			if !it.Failed {
				c.opts.Status.Drawing(false) // the image model takes over
			}
		default:
			a.entry.appendText(it.Text)
		}
	}
}

// adoptUser takes the stored user message's IDs, and the transcripts the
// turn made of its voice notes (a spoken turn of voice mode to a model
// that cannot hear: its words show under its note once known).
func (c *Chat) adoptUser(stored *session.Message, e *Entry) {
	e.msg.ID = stored.ID
	e.msg.ConversationID = stored.ConversationID
	if stored.ConversationID != 0 {
		c.convID = stored.ConversationID
	}
	for i, p := range stored.Parts {
		a, ok := p.(session.Audio)
		if !ok || i >= len(e.msg.Parts) {
			continue
		}
		if old, ok := e.msg.Parts[i].(session.Audio); ok && old.Blob == a.Blob && old.Transcript != a.Transcript {
			old.Transcript = a.Transcript
			e.msg.Parts[i] = old
			e.invalidate()
		}
	}
}

// finishReply ends the active reply with the turn's final status: its
// cost joins its header, a failed one says how to retry, and after a
// retry or an edit the branch is read again (its ‹ i/n ›).
func (c *Chat) finishReply(f stream.Frame) Outcome {
	a := c.reply
	c.reply = nil
	// What streamed is read to its end; a refused turn's reading has
	// nothing to read and ends (voice mode listens again).
	defer func() { c.opts.Speech.End(a.entry, a.entry.msg.ID) }()
	var reload tea.Cmd
	if a.reload && c.opts.Store != nil && c.convID != 0 {
		reload = reloadBranch(c.opts.Store, c.convID, 0, a.notice)
	}
	if !a.saved && f.Final == nil && f.Err != nil {
		out := c.refused(a, f.Err)
		c.queue.Hold() // refused: the queued message waits for enter (queue.go)
		out.Cmd = reload
		return out
	}
	status := c.finalStatus(a.entry, f)
	c.opts.Status.Finish(status)
	if a.chat && (status == session.StatusError || status == session.StatusCancelled) {
		a.entry.retry = true // the entry says how to retry
	}
	return Outcome{Cmd: c.sendDue(reload)} // queue.go: the message typed meanwhile
}

// finalStatus puts the turn's end on the reply's entry: the stored
// parts, the status and error line, the usage and cost.
func (c *Chat) finalStatus(e *Entry, f stream.Frame) session.Status {
	e.setParts(f.Final)
	status, errLine := session.StatusDone, ""
	if f.Final != nil {
		status, errLine = f.Final.Status, f.Final.Error
		e.msg.Usage = f.Final.Usage
	}
	if f.Err != nil {
		if errLine == "" {
			errLine = f.Err.Error()
		}
		if status == session.StatusDone || f.Final == nil {
			status = statusOf(f.Err)
		}
	}
	e.finish(status, errLine)
	e.adoptFinal(f.Final) // sequence.go: the stored parts, in order
	if f.Final != nil {
		t := e.tags
		t.Cost = session.ReplyCost(f.Final, c.opts.Price).String()
		e.setTags(t)
	}
	return status
}

// refused handles a turn that ended before the user message was stored
// (the model cannot take an attachment, or the store failed): the message
// leaves the transcript, its text goes back to the composer if that is
// still empty, its chips are still in the tray, and the reason is shown.
func (c *Chat) refused(a *reply, err error) Outcome {
	c.list.Remove(a.user)
	c.list.Remove(a.entry)
	// The unsent text must not stay as the title: give back the one before.
	c.opts.Status.Refused(a.prevTitle)
	out := say(common.FirstLine(session.WithHint(err, "switch with Ctrl+P")), true)
	if strings.TrimSpace(a.text) != "" {
		out.GiveBack = a.text
	}
	return out
}

// statusOf maps a turn error to the message status it implies.
func statusOf(err error) session.Status {
	if providers.KindOf(err) == providers.ErrCanceled {
		return session.StatusCancelled
	}
	return session.StatusError
}

// Stop stops the streaming reply: the turn's context is cancelled (the
// Turn stores the message as cancelled) and the partial reply stays on
// screen marked cancelled. Later frames of that stream are dropped.
func (c *Chat) Stop() {
	if !c.stream.Stop() {
		return
	}
	a := c.reply
	c.reply = nil
	a.entry.finish(session.StatusCancelled, "")
	c.opts.Status.Finish(session.StatusCancelled)
	c.opts.Speech.End(a.entry, 0) // what arrived may still be read; a cancelled reply keeps no speech
	a.entry.retry = a.chat        // the entry says how to retry
	c.queue.Hold()                // stopped: the queued message waits for enter (queue.go)
}

// CanSend reports whether Send would send text with attachments chips:
// there is something to send and no reply is streaming.
func (c *Chat) CanSend(text string, attachments int) bool {
	return (strings.TrimSpace(text) != "" || attachments > 0) && !c.stream.Busy()
}
