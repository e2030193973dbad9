package ui

import (
	"context"
	"errors"
	"iter"
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
	"parley/ui/common"
	"parley/ui/speech"
	"parley/ui/stream"
	"parley/ui/transcript"
)

// reply is what the root shows of the reply streaming now; its lifecycle
// (pump, cancel, draining) is ui/stream's.
type reply struct {
	entry *entry
	user  *entry
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

// canSend reports whether handleSubmit would send text: there is
// something to send and no reply is streaming.
func (m *Model) canSend(text string) bool {
	return (strings.TrimSpace(text) != "" || m.tray.Len() > 0) && !m.stream.Busy()
}

// sendTyped is the user sending what they typed (Enter): the notice about
// their previous action ends (tray.clearOnSend), then the message goes.
// Sends that are not the user's doing (the start-up prompt) keep the
// notice, e.g. why a start-up attachment failed.
func (m *Model) sendTyped(text string) tea.Cmd {
	if m.canSend(text) {
		m.tray.ClearOnSend()
		m.composer.Remember(text) // input history: ↑ recalls it
	}
	return m.handleSubmit(text)
}

// handleSubmit sends text as the next user message. Empty text and a
// second message while a reply streams are refused and the text stays in
// the composer; so does the text when no provider can be used, with the
// reason shown in the transcript.
func (m *Model) handleSubmit(text string) tea.Cmd {
	if !m.canSend(text) {
		return nil
	}
	turn := m.newTurn()
	if turn == nil {
		return nil
	}
	history, parts, convID := history(m.transcript.Entries()), m.outgoingParts(text), m.convID
	if m.editing != nil {
		return sendEdit(m, turn, text, parts) // branch.go
	}
	cmd := m.beginReply(parts, m.opts.Model, text, text, func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return turn.Run(ctx, convID, history, parts)
	})
	m.reply.chat = true
	return cmd
}

// beginReply is the one start of every reply, a chat turn's or /image's:
// the user's message and the reply it streams into join the transcript,
// title sets an empty title, text leaves the composer (given back if the
// turn is refused), and run streams through ui/stream. nil parts is a
// retry: no user message joins.
func (m *Model) beginReply(parts []session.Part, model, title, text string, run stream.Run) tea.Cmd {
	if last := m.transcript.Last(); last != nil && last.retry {
		last.retry = false // the hint is about the newest reply only
		last.invalidate()
	}
	var user *entry
	if parts != nil {
		user = newMessageEntry(session.Message{Role: session.RoleUser, Status: session.StatusDone, Parts: parts})
		m.transcript.Add(user)
	}
	r := newStreamEntry(model, m.draw.md)
	m.transcript.Add(r)
	m.transcript.Follow()
	prevTitle := m.status.Title()
	if prevTitle == "" {
		m.status.SetTitle(title)
	}
	if m.composer.Value() == text {
		m.composer.Reset()
	}
	m.reply = &reply{entry: r, user: user, text: text, sent: m.tray.IDs(), prevTitle: prevTitle}
	m.tray.Select(-1)
	m.layout()
	m.status.BeginTurn()
	speak := m.speech.Stop() // sending stops what is read aloud
	if m.speech.Auto() {
		speak = tea.Batch(speak, m.speech.Begin(m.ctx, r))
	}
	return tea.Batch(m.stream.Start(run), m.spinner.Start(), m.applySpeech(speech.Result{}, speak))
}

// newTurn asks the factory for a Turn for the current model, with this
// conversation's system prompt, fitted to the model's context. When there
// is none it says why on the notice line and in the status bar, and is
// nil: the notice line, not the transcript, as a transcript entry per
// Enter stacked one "parley" header on another; the text stays in the
// composer to send once the key is set.
func (m *Model) newTurn() *session.Turn {
	var t *session.Turn
	err := errors.New("no provider is configured: set default_model in the config file")
	if m.opts.Turns != nil {
		if t, err = m.opts.Turns(m.opts.Model); err == nil && t == nil {
			err = errors.New("no provider for " + m.opts.Model)
		}
	}
	m.status.SetProblem(modelProblem(err))
	if err != nil {
		m.tray.SetNotice(err.Error(), true)
		m.layout()
		return nil
	}
	p := m.convo.Prompt() // this conversation's, /system and /persona included
	t.System, t.Persona = p.System, p.Persona
	t.FitContext = true // the transcript shows the TurnNotice that says what was left out
	return t
}

// modelCheckedMsg says whether the model named can be used (err nil).
type modelCheckedMsg struct {
	model string
	err   error
}

// checkModel is the Cmd that asks turns whether model can be used, so
// the status bar says what is missing before the first send. It runs the
// factory off the UI goroutine: an api_key_cmd may take its time.
func checkModel(turns TurnFactory, model string) tea.Cmd {
	if turns == nil {
		return nil
	}
	return func() tea.Msg {
		_, err := turns(model)
		return modelCheckedMsg{model: model, err: err}
	}
}

// modelProblem is the status bar's word on a Turn factory's error: "no
// key: set OPENAI_API_KEY" for a missing key, else its first line; ""
// for none.
func modelProblem(err error) string {
	var mk *providers.MissingKeyError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &mk) && len(mk.Sources) > 0:
		return "no key: set " + strings.Join(mk.Sources, " or ")
	case errors.As(err, &mk):
		return "no key for " + mk.Provider + ": see providers." + mk.Provider + ".api_key_cmd"
	}
	return "cannot send: " + common.FirstLine(err.Error())
}

// handleStream applies one frame of the active stream. ui/stream drops the
// frames of a cancelled stream, but passes on the conversation ID its turn
// created, so a cancelled first message still names the conversation.
func (m *Model) handleStream(msg stream.Msg) tea.Cmd {
	f, ok, staleConv, cmd := m.stream.Update(msg)
	if !ok {
		if staleConv != 0 && m.convID == 0 {
			m.convID = staleConv
		}
		return cmd
	}
	a := m.reply
	if f.User != nil {
		m.adoptUser(f.User, a.user)
		m.userSaved(a)
	}
	if f.Started != nil {
		a.entry.msg.ID = f.Started.ID
		a.entry.msg.ConversationID = f.Started.ConversationID
		a.entry.msg.Provider = f.Started.Provider
		a.entry.hdr = "" // the header names the provider
	}
	if f.Notice != "" { // the context was trimmed: said above the reply
		a.notice = f.Notice
		m.transcript.InsertBefore(newNoticeEntry(transcript.KindNotice, f.Notice), a.entry)
	}
	if f.Reasoned {
		m.status.Thinking()
	}
	if f.Thinking != "" {
		a.entry.addReasoning(f.Thinking, f.At) // thinking.go
	}
	if f.Text != "" || len(f.Items) > 0 {
		a.entry.endThinking(f.At) // the reply replaces the reasoning line
	}
	if f.Text != "" {
		a.entry.appendText(f.Text)
		m.speech.Write(a.entry, f.Text) // read aloud as it streams, if it is
	}
	m.applyItems(a, f.Items) // generated images and hand-offs
	if f.Tokens {
		m.status.Streaming()
		if f.HasRate {
			m.status.Rate(f.Rate)
		}
	}
	if f.Usage != nil {
		m.status.Usage(*f.Usage)
	}
	if f.Done {
		return tea.Batch(cmd, m.finishReply(f), m.convo.Refresh(m.convID)) // and the status bar's cost
	}
	return cmd
}

// applyItems applies a frame's ordered items to the streaming reply.
func (m *Model) applyItems(a *reply, items []stream.Item) {
	for _, it := range items {
		switch {
		case it.Image != nil:
			a.entry.putImage(*it.Image, m.draw.md)
			m.status.Drawing(it.Image.Partial)
		case it.Handoff != "":
			a.entry.putHandoff(it.Handoff, it.Failed, m.draw.md)
			if !it.Failed {
				m.status.Drawing(false) // the image model takes over
			}
		default:
			a.entry.appendText(it.Text)
		}
	}
}

// adoptUser takes the stored user message's IDs, and the transcripts the
// turn made of its voice notes (a spoken turn of voice mode to a model
// that cannot hear: its words show under its note once known).
func (m *Model) adoptUser(stored *session.Message, e *entry) {
	e.msg.ID = stored.ID
	e.msg.ConversationID = stored.ConversationID
	if stored.ConversationID != 0 {
		m.convID = stored.ConversationID
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
func (m *Model) finishReply(f stream.Frame) tea.Cmd {
	a := m.reply
	m.reply = nil
	// What streamed is read to its end; a refused turn's reading has
	// nothing to read and ends (voice mode listens again).
	defer func() { m.speech.End(a.entry, a.entry.msg.ID) }()
	var reload tea.Cmd
	if a.reload && m.opts.Store != nil && m.convID != 0 {
		reload = reloadBranch(m.opts.Store, m.convID, 0, a.notice)
	}
	if !a.saved && f.Final == nil && f.Err != nil {
		m.refused(a, f.Err)
		m.queue.Hold() // refused: the queued message waits for enter (queue.go)
		return reload
	}
	a.entry.setParts(f.Final)
	status, errLine := session.StatusDone, ""
	if f.Final != nil {
		status, errLine = f.Final.Status, f.Final.Error
		a.entry.msg.Usage = f.Final.Usage
	}
	if f.Err != nil {
		if errLine == "" {
			errLine = f.Err.Error()
		}
		if status == session.StatusDone || f.Final == nil {
			status = statusOf(f.Err)
		}
	}
	a.entry.finish(status, errLine)
	a.entry.adoptFinal(f.Final) // sequence.go: the stored parts, in order
	if f.Final != nil {
		t := a.entry.tags
		t.Cost = session.ReplyCost(f.Final, m.opts.Price).String()
		a.entry.setTags(t)
	}
	m.status.Finish(status)
	if a.chat && (status == session.StatusError || status == session.StatusCancelled) {
		a.entry.retry = true // the entry says how to retry
	}
	return sendDue(m, reload) // queue.go: the message typed meanwhile
}

// statusOf maps a turn error to the message status it implies.
func statusOf(err error) session.Status {
	if providers.KindOf(err) == providers.ErrCanceled {
		return session.StatusCancelled
	}
	return session.StatusError
}

// stopActive stops the streaming reply: the turn's context is cancelled
// (the Turn stores the message as cancelled) and the partial reply stays on
// screen marked cancelled. Later frames of that stream are dropped.
func (m *Model) stopActive() {
	if !m.stream.Stop() {
		return
	}
	a := m.reply
	m.reply = nil
	a.entry.finish(session.StatusCancelled, "")
	m.status.Finish(session.StatusCancelled)
	m.speech.End(a.entry, 0) // what arrived may still be read; a cancelled reply keeps no speech
	a.entry.retry = a.chat   // the entry says how to retry
	m.queue.Hold()           // stopped: the queued message waits for enter (queue.go)
	m.layout()
}

// stopAll cancels every running turn (on quit).
func (m *Model) stopAll() {
	m.stopActive()
	m.applyVoice(m.voice.Close(), nil) // recording and playback end without waiting
	// Speech stops now; the reading's own Cmd closes the speaker as it
	// ends (the Cmd Stop returns is not needed for that).
	m.speech.Stop()
}
