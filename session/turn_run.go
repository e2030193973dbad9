package session

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"parley/providers"
)

// defaultCheckpoint is how often streamed text is saved when
// Turn.Checkpoint is 0: a crash loses at most this much of a reply.
const defaultCheckpoint = time.Second

// errIncomplete is the failure of a stream that stopped without EventDone
// and without an error: the reply may be cut short, so it is not "done".
func errIncomplete() error {
	return providers.Errorf(providers.ErrIncomplete, 0, nil, "stream ended without finishing")
}

// run implements Turn.Run; see its contract in turn.go. The new message
// follows the last message of history (or the conversation's leaf).
func (t *Turn) run(ctx context.Context, convID int64, history []Message, parts []Part) iter.Seq[TurnEvent] {
	return t.send(ctx, sendSpec{convID: convID, history: history, parts: parts})
}

// saveUser creates the conversation if convID is 0 and stores the user
// message after the conversation's leaf. Without a store nothing is kept
// and IDs stay 0.
func (t *Turn) saveUser(convID int64, parts []Part) (*Message, error) {
	return t.saveUserAt(sendSpec{convID: convID}, parts)
}

// turnRun is the state of one streaming reply.
type turnRun struct {
	t        *Turn
	yield    func(TurnEvent) bool
	interval time.Duration
	asst     Message
	parts    []Part          // finished parts of the reply, in order
	text     strings.Builder // the text part being streamed, after parts
	images   map[int]int     // generated image index → its position in parts
	failed   error           // a failure found while applying an event
	lastSave time.Time
	// parent is the user message the reply answers; 0 attaches it to the
	// conversation's leaf.
	parent int64
	// The tool loop (seam.go): the calls and text of the current round,
	// and the usage of the rounds before it.
	calls     []providers.ToolCallPart
	roundText strings.Builder
	usedSoFar Usage
	// The checkpoint timer (see armCheckpoint): mu is held while consume
	// applies an event and by the timer's save, so the two never touch the
	// reply at once; gen is bumped each time the timer is disarmed, so a
	// callback that fired meanwhile knows it is stale.
	mu    sync.Mutex
	timer *time.Timer
	gen   uint64
	dirty bool // text arrived since the last save
}

// newTurnRun makes the state of one reply of t, reporting to yield.
func newTurnRun(t *Turn, yield func(TurnEvent) bool) *turnRun {
	r := &turnRun{t: t, yield: yield, interval: t.Checkpoint}
	if r.interval <= 0 {
		r.interval = defaultCheckpoint
	}
	return r
}

// outcome is how a stream ended.
type outcome struct {
	done    bool  // EventDone arrived
	stopped bool  // the consumer stopped iterating
	err     error // the failure, if neither
}

// start creates the assistant message (streaming, from provider and
// model) and yields TurnStarted. false means the turn is over: the message
// could not be stored (TurnFinished was yielded) or the consumer stopped
// (the message was marked cancelled).
func (r *turnRun) start(convID int64, provider, model string) bool {
	r.asst = Message{ConversationID: convID, ParentID: r.parent, Role: RoleAssistant,
		Status: StatusStreaming, Provider: provider, Model: model}
	if err := r.save(true); err != nil {
		r.asst.Status, r.asst.Error = StatusError, oneLine(err.Error())
		r.yield(TurnEvent{Kind: TurnFinished, Message: &r.asst, Err: err})
		return false
	}
	r.lastSave = time.Now()
	started := r.asst
	if !r.yield(TurnEvent{Kind: TurnStarted, Message: &started}) {
		r.finish(outcome{stopped: true})
		return false
	}
	return true
}

// consume ranges over the provider's events. It also checks ctx itself, so
// an adapter that keeps yielding after a cancel cannot extend the reply.
// While it waits for the next event, the checkpoint timer may save the
// text already streamed; on return the timer is disarmed, so nothing but
// this goroutine touches the reply afterwards.
func (r *turnRun) consume(ctx context.Context, req providers.Request) outcome {
	defer r.disarm()
	for ev, err := range r.t.Provider.Stream(ctx, req) {
		if o, end := r.step(ctx, ev, err); end {
			return o
		}
	}
	if ctx.Err() != nil {
		return outcome{err: ctx.Err()}
	}
	return outcome{err: errIncomplete()}
}

// step applies one provider event under r.mu and, when text is left
// unsaved, arms the checkpoint timer; end means the stream is over.
func (r *turnRun) step(ctx context.Context, ev providers.Event, err error) (o outcome, end bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err != nil:
		return outcome{err: err}, true
	case ctx.Err() != nil:
		return outcome{err: ctx.Err()}, true
	case !r.handle(ev):
		return outcome{stopped: true}, true
	case r.failed != nil:
		return outcome{err: r.failed}, true
	case ev.Kind == providers.EventDone:
		return outcome{done: true}, true
	}
	r.armCheckpoint()
	return outcome{}, false
}

// armCheckpoint makes sure unsaved text reaches the store within the
// checkpoint interval even when no further event comes (a model that
// stalls, then the process is killed): what was shown is at most an
// interval ahead of the store. Called with r.mu held.
func (r *turnRun) armCheckpoint() {
	if r.t.Store == nil || !r.dirty || r.timer != nil {
		return
	}
	gen := r.gen
	r.timer = time.AfterFunc(max(0, r.interval-time.Since(r.lastSave)), func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.gen != gen {
			return // disarmed, or a save came first
		}
		r.timer = nil
		_ = r.save(false) // a lasting failure surfaces at the final save
		r.lastSave = time.Now()
	})
}

// disarm stops the checkpoint timer; a callback already running waits
// for r.mu and then finds gen changed.
func (r *turnRun) disarm() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopTimer()
}

// stopTimer is disarm with r.mu held (or when no timer can be armed).
func (r *turnRun) stopTimer() {
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
		r.gen++
	}
}

// handle applies one event and re-emits it; false means the consumer
// stopped.
func (r *turnRun) handle(ev providers.Event) bool {
	switch ev.Kind {
	case providers.EventText:
		if ev.Text == "" {
			return true
		}
		r.text.WriteString(ev.Text)
		r.roundText.WriteString(ev.Text)
		r.dirty = true
		r.checkpoint()
		return r.yield(TurnEvent{Kind: TurnDelta, Text: ev.Text})
	case providers.EventReasoning:
		if ev.Text == "" {
			return true
		}
		return r.yield(TurnEvent{Kind: TurnReasoning, Text: ev.Text})
	case providers.EventUsage:
		// Each round of a tool loop reports its own usage; the reply's
		// is their sum.
		r.asst.Usage = Usage{InputTokens: r.usedSoFar.InputTokens + ev.Usage.InputTokens,
			OutputTokens:      r.usedSoFar.OutputTokens + ev.Usage.OutputTokens,
			CachedInputTokens: r.usedSoFar.CachedInputTokens + ev.Usage.CachedInputTokens}
		return r.yield(TurnEvent{Kind: TurnUsage, Usage: r.asst.Usage})
	case providers.EventImagePartial, providers.EventImage:
		return r.image(ev)
	case providers.EventToolCall:
		if ev.ToolCall != nil {
			r.calls = append(r.calls, *ev.ToolCall) // run once the round is done
		}
	}
	return true
}

// checkpoint saves the partial reply if the interval has passed. A failed
// checkpoint does not stop the reply: the final save tries again.
func (r *turnRun) checkpoint() {
	if r.t.Store == nil || time.Since(r.lastSave) < r.interval {
		return
	}
	_ = r.save(false) // a lasting failure surfaces at the final save
	r.lastSave = time.Now()
}

// finish sets the final status from how the stream ended, saves the
// message and, unless the consumer has gone, yields TurnFinished.
func (r *turnRun) finish(o outcome) {
	var err error
	switch {
	case o.done:
		r.asst.Status, r.asst.Error = StatusDone, ""
	case o.stopped || isCanceled(o.err):
		r.asst.Status, r.asst.Error = StatusCancelled, "cancelled"
		err = o.err
	default:
		r.asst.Status, r.asst.Error = StatusError, oneLine(o.err.Error())
		err = o.err
	}
	if saveErr := r.save(false); saveErr != nil {
		// The reply is whole in memory: hand it over with the failure,
		// so the UI can show it and offer to save it again.
		kept := r.asst
		err = &ReplyNotSavedError{Message: &kept, Cause: err, Err: saveErr}
	}
	if o.stopped {
		return // yield returned false: it must not be called again
	}
	r.yield(TurnEvent{Kind: TurnFinished, Message: &r.asst, Err: err})
}

// isCanceled reports whether err is the user's cancel.
func isCanceled(err error) bool {
	return providers.KindOf(err) == providers.ErrCanceled || errors.Is(err, context.Canceled)
}

// save writes the assistant message (append the first time, update after)
// and disarms the checkpoint timer, nothing being left unsaved. Without a
// store it only refreshes the in-memory parts.
func (r *turnRun) save(first bool) error {
	r.dirty = false
	r.stopTimer()
	r.asst.Parts = slices.Clone(r.parts)
	if r.text.Len() > 0 {
		r.asst.Parts = append(r.asst.Parts, Text{Text: r.text.String()})
	}
	if r.t.Store == nil {
		if first {
			r.asst.CreatedAt = now()
		}
		r.asst.UpdatedAt = now()
		return nil
	}
	if first {
		return r.t.Store.AppendMessage(&r.asst)
	}
	return r.t.Store.UpdateMessage(&r.asst)
}

// maxErrorLen bounds a stored error line; provider error bodies can be long.
const maxErrorLen = 500

// oneLine squeezes an error message onto one line of bounded length.
func oneLine(s string) string {
	// What this makes is stored (messages.error) and shown: no credential
	// an error quotes (a URL's userinfo, a ?key=) may reach either.
	s = strings.Join(strings.Fields(providers.Redact(s, "")), " ")
	if r := []rune(s); len(r) > maxErrorLen {
		s = string(r[:maxErrorLen-1]) + "…"
	}
	return s
}

// maxTitleLen is the longest title made from a first message, in runes.
const maxTitleLen = 60

// titleFrom makes a conversation title from the first non-blank line of the
// message text (or, for a message without text, of a voice note's
// transcript, else the name of its first attachment), made safe and short
// by cleanTitle.
func titleFrom(parts []Part) string {
	line := firstLine(parts, false)
	if line == "" {
		line = firstLine(parts, true)
	}
	if line = cleanTitle(line); line == "" {
		return "New conversation"
	}
	return line
}

// firstLine returns the first non-blank line of the text parts, or with
// attachments set, of the transcripts and names of the other parts.
func firstLine(parts []Part, attachments bool) string {
	for _, p := range parts {
		var s string
		switch p := p.(type) {
		case Text:
			if !attachments {
				s = p.Text
			}
		case Audio:
			if attachments {
				s = cmp.Or(p.Transcript, p.Name)
			}
		case Image:
			if attachments {
				s = p.Name
			}
		}
		for l := range strings.Lines(s) {
			if line := strings.Join(strings.Fields(l), " "); line != "" {
				return line
			}
		}
	}
	return ""
}
