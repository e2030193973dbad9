package stream

import (
	"errors"
	"iter"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// frameMsg is everything one stream produced during one frame. Every field
// but id is optional; id says which stream it belongs to so the Stream can
// drop the messages of a stream it has cancelled or replaced.
type frameMsg struct {
	id        int
	text      string           // the frame's reply deltas, joined, not yet sanitized
	deltas    int              // how many deltas text holds (≈ tokens)
	reasoning int              // how many reasoning deltas arrived
	thinking  string           // the frame's reasoning deltas, joined, not yet sanitized
	usage     *session.Usage   // the latest token accounting, if any came
	user      *session.Message // the stored user message (TurnUserSaved)
	notice    string           // TurnNotice's line, not yet sanitized
	started   *session.Message // the new assistant message (TurnStarted)
	done      bool             // the turn is over; final and err are set
	final     *session.Message // the final assistant message; nil if none was stored
	err       error
	at        time.Time // when the frame was drained, for tokens/s
	// items are the frame's generated images and hand-off lines, in order
	// with its text; when there are any, the text is in them, not in text
	// (items.go).
	items []Item
}

// pump carries a turn's events from the goroutine that runs it to Bubble
// Tea. The producer never blocks: it appends to pending under the mutex and
// leaves a token in notify (capacity 1). One Cmd at a time waits for the
// token, lets the rest of the frame pass, and swaps out everything pending
// as one frameMsg, so the UI does one update per frame however fast tokens
// arrive, and nothing polls.
type pump struct {
	id     int
	frame  time.Duration
	notify chan struct{}

	mu       sync.Mutex
	pend     frameMsg
	text     strings.Builder
	think    strings.Builder // reasoning, coalesced per frame like text
	lastSent time.Time
}

func newPump(id int, frame time.Duration) *pump {
	return &pump{id: id, frame: frame, notify: make(chan struct{}, 1)}
}

// runEvents drives any stream of turn events (a chat turn, or an image
// generation: session.GenerateImage) to its end. Turn.Run promises
// TurnFinished last; if a stream ever ends without one, runEvents reports
// that as an error so the UI never waits forever.
func (p *pump) runEvents(events iter.Seq[session.TurnEvent]) {
	finished := false
	for ev := range events {
		finished = finished || ev.Kind == session.TurnFinished
		p.push(ev)
	}
	if !finished {
		p.push(session.TurnEvent{Kind: session.TurnFinished, Err: errors.New("the reply ended without a result")})
	}
}

// push records one event. It holds the lock only to append.
func (p *pump) push(ev session.TurnEvent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev.Kind {
	case session.TurnUserSaved:
		p.pend.user = ev.Message
	case session.TurnStarted:
		p.pend.started = ev.Message
	case session.TurnNotice:
		p.pend.notice = ev.Text
	case session.TurnDelta:
		p.text.WriteString(ev.Text)
		p.pend.deltas++
	case session.TurnReasoning:
		p.think.WriteString(ev.Text)
		p.pend.reasoning++
	case session.TurnUsage:
		u := ev.Usage
		p.pend.usage = &u
	case session.TurnImage, session.TurnHandoff:
		p.pushItem(ev) // items.go
	case session.TurnFinished:
		p.pend.done = true
		p.pend.final = ev.Message
		p.pend.err = ev.Err
	default:
		return
	}
	// Sent under the lock so a token in notify always means "something is
	// pending": drain takes the token back under the same lock.
	select {
	case p.notify <- struct{}{}:
	default:
	}
}

// wait returns the Cmd that delivers the next frame of this stream.
func (p *pump) wait() tea.Cmd {
	return func() tea.Msg {
		<-p.notify
		p.mu.Lock()
		done := p.pend.done
		rest := p.frame - time.Since(p.lastSent)
		p.mu.Unlock()
		// The end of the turn is shown at once; otherwise let the frame
		// fill up so a burst of deltas becomes one update.
		if !done && rest > 0 {
			t := time.NewTimer(rest)
			<-t.C
		}
		return p.drain()
	}
}

// drain swaps out everything pending as one message.
func (p *pump) drain() frameMsg {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.notify:
	default:
	}
	m := p.pend
	m.id = p.id
	m.text = p.text.String()
	m.thinking = p.think.String()
	m.items, m.text = withTrailingText(m.items, m.text)
	m.at = time.Now()
	p.pend = frameMsg{}
	p.text.Reset()
	p.think.Reset()
	p.lastSent = m.at
	return m
}

// frame is the message as the root sees it; first says no reply token
// had arrived before it.
func (m frameMsg) frame(first bool) Frame {
	return Frame{Text: m.text, Thinking: m.thinking, Reasoned: m.reasoning > 0 && first, Tokens: m.deltas > 0,
		Usage: m.usage, User: m.user, Started: m.started, Notice: m.notice, Items: m.items, At: m.at,
		Done: m.done, Final: m.final, Err: m.err}
}

// FrameFor is the message stream id would send for a frame holding text
// in deltas deltas, drained at at: tests and benchmarks of the root feed it
// to Update to show a reply without running a turn.
func FrameFor(id int, text string, deltas int, at time.Time) Msg {
	return frameMsg{id: id, text: text, deltas: deltas, at: at}
}
