package ui

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
)

// activeStream is the reply that is streaming now.
type activeStream struct {
	id     int
	pump   *pump
	cancel context.CancelFunc
	entry  *entry
	user   *entry
	tokens int       // reply deltas so far (≈ tokens)
	first  time.Time // when the first delta was drained
	firstN int       // deltas in that first frame: they took no measured time
	// text and sent are the message's text and tray chips: they are given
	// back if the turn is refused before the message is stored, and the
	// chips leave the tray once it is (saved).
	text  string
	sent  []int
	saved bool
	// prevTitle is the status bar's title before this message set it,
	// restored when the message is refused.
	prevTitle string
}

// canSend reports whether handleSubmit would send text: there is
// something to send and no reply is streaming.
func (m *Model) canSend(text string) bool {
	return (strings.TrimSpace(text) != "" || len(m.tray.items) > 0) && m.active == nil
}

// sendTyped is the user sending what they typed (Enter): the notice about
// their previous action ends (tray.clearOnSend), then the message goes.
// Sends that are not the user's doing (the start-up prompt) keep the
// notice, e.g. why a start-up attachment failed.
func (m *Model) sendTyped(text string) tea.Cmd {
	if m.canSend(text) {
		m.tray.clearOnSend()
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
	turn, err := m.newTurn()
	if err != nil {
		m.transcript.add(newNoticeEntry(entryFailure, err.Error()))
		m.transcript.follow = true
		return nil
	}
	history := m.transcript.history()
	parts := m.outgoingParts(text)

	user := newMessageEntry(session.Message{Role: session.RoleUser, Status: session.StatusDone, Parts: parts})
	reply := newStreamEntry(m.opts.Model, m.draw.md)
	m.transcript.add(user)
	m.transcript.add(reply)
	m.transcript.follow = true
	prevTitle := m.status.Title()
	if m.status.Title() == "" {
		m.status.SetTitle(text)
	}
	if m.composer.Value() == text {
		m.composer.Reset()
		m.layout()
	}

	m.streamID++
	ctx, cancel := context.WithCancel(m.ctx)
	p := newPump(m.streamID, m.frame)
	m.active = &activeStream{id: m.streamID, pump: p, cancel: cancel, entry: reply, user: user,
		text: text, sent: m.tray.ids(), prevTitle: prevTitle}
	m.tray.selectChip(-1)
	m.layout()
	m.status.BeginTurn()

	m.turns.Add(1)
	go func(convID int64) {
		defer m.turns.Done()
		defer cancel()
		p.run(ctx, turn, convID, history, parts)
	}(m.convID)
	return tea.Batch(p.wait(), m.startSpinner())
}

// newTurn asks the factory for a Turn for the current model.
func (m *Model) newTurn() (*session.Turn, error) {
	if m.opts.Turns == nil {
		return nil, errors.New("no provider is configured: set default_model in the config file")
	}
	t, err := m.opts.Turns(m.opts.Model)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, errors.New("no provider for " + m.opts.Model)
	}
	return t, nil
}

// handleStream applies one frame of a stream. Frames of a stream that is
// no longer active are dropped; a cancelled stream is still waited on until
// its turn ends, only to learn the conversation ID its turn created.
func (m *Model) handleStream(msg streamMsg) tea.Cmd {
	a := m.active
	if a == nil || msg.id != a.id {
		return m.handleStale(msg)
	}
	if msg.user != nil {
		m.adoptUser(msg.user, a.user)
		m.userSaved(a)
	}
	if msg.started != nil {
		a.entry.msg.ID = msg.started.ID
		a.entry.msg.ConversationID = msg.started.ConversationID
		a.entry.msg.Provider = msg.started.Provider
		a.entry.hdr = "" // the header names the provider
	}
	if msg.reasoning > 0 && a.tokens == 0 {
		m.status.Thinking()
	}
	if msg.thinking != "" {
		a.entry.addReasoning(msg.thinking, msg.at) // thinking.go
	}
	if msg.text != "" || len(msg.items) > 0 {
		a.entry.endThinking(msg.at) // the reply replaces the reasoning line
	}
	if msg.text != "" {
		a.entry.appendText(msg.text)
	}
	m.applyItems(a, msg.items) // generated images and hand-offs (streamitems.go)
	m.countTokens(a, msg)
	if msg.usage != nil {
		m.status.Usage(*msg.usage)
	}
	if msg.done {
		m.finishActive(msg)
		return nil
	}
	return a.pump.wait()
}

// adoptUser takes the stored user message's IDs.
func (m *Model) adoptUser(stored *session.Message, e *entry) {
	e.msg.ID = stored.ID
	e.msg.ConversationID = stored.ConversationID
	if stored.ConversationID != 0 {
		m.convID = stored.ConversationID
	}
}

// countTokens updates tokens/s from the deltas and the frames' times.
func (m *Model) countTokens(a *activeStream, msg streamMsg) {
	if msg.deltas == 0 {
		return
	}
	if a.tokens == 0 {
		a.first, a.firstN = msg.at, msg.deltas
	}
	a.tokens += msg.deltas
	m.status.Streaming()
	if secs := msg.at.Sub(a.first).Seconds(); secs > 0 {
		m.status.Rate(math.Round(float64(a.tokens-a.firstN) / secs))
	}
}

// finishActive ends the active reply with the turn's final status.
func (m *Model) finishActive(msg streamMsg) {
	a := m.active
	m.active = nil
	if !a.saved && msg.final == nil && msg.err != nil {
		m.refused(a, msg.err)
		return
	}
	a.entry.setParts(msg.final)
	status, errLine := session.StatusDone, ""
	if msg.final != nil {
		status, errLine = msg.final.Status, msg.final.Error
		a.entry.msg.Usage = msg.final.Usage
	}
	if msg.err != nil {
		if errLine == "" {
			errLine = msg.err.Error()
		}
		if status == session.StatusDone || msg.final == nil {
			status = statusOf(msg.err)
		}
	}
	a.entry.finish(status, errLine)
	a.entry.adoptFinal(msg.final) // sequence.go: the stored parts, in order
	m.status.Finish(status)
}

// statusOf maps a turn error to the message status it implies.
func statusOf(err error) session.Status {
	if providers.KindOf(err) == providers.ErrCanceled {
		return session.StatusCancelled
	}
	return session.StatusError
}

// handleStale keeps waiting on a cancelled stream until its turn ends and
// takes the conversation ID from it; nothing of it is shown.
func (m *Model) handleStale(msg streamMsg) tea.Cmd {
	p, ok := m.draining[msg.id]
	if !ok {
		return nil
	}
	if msg.user != nil && m.convID == 0 && msg.user.ConversationID != 0 {
		m.convID = msg.user.ConversationID
	}
	if msg.done {
		delete(m.draining, msg.id)
		return nil
	}
	return p.wait()
}

// stopActive stops the streaming reply: the turn's context is cancelled
// (the Turn stores the message as cancelled) and the partial reply stays on
// screen marked cancelled. Later frames of that stream are dropped.
func (m *Model) stopActive() {
	a := m.active
	if a == nil {
		return
	}
	a.cancel()
	m.active = nil
	m.draining[a.id] = a.pump
	a.entry.finish(session.StatusCancelled, "")
	m.status.Finish(session.StatusCancelled)
}

// stopAll cancels every running turn (on quit).
func (m *Model) stopAll() {
	m.stopActive()
	m.stopVoice() // playback.go
}
