package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
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

// run implements Turn.Run; see its contract in turn.go.
func (t *Turn) run(ctx context.Context, convID int64, history []Message, parts []Part) iter.Seq[TurnEvent] {
	return func(yield func(TurnEvent) bool) {
		if t.Provider == nil {
			yield(TurnEvent{Kind: TurnFinished, Err: errors.New("no provider configured")})
			return
		}
		prep, err := t.prepare(ctx, history, parts)
		if err == nil {
			err = prep.transcribe(ctx)
		}
		if err != nil {
			yield(TurnEvent{Kind: TurnFinished, Err: err})
			return // refused: nothing was stored
		}
		user, err := t.saveUser(convID, prep.newParts())
		if err != nil {
			yield(TurnEvent{Kind: TurnFinished, Err: err})
			return
		}
		u := *user
		if !yield(TurnEvent{Kind: TurnUserSaved, Message: &u}) {
			return // nothing streams yet, so there is nothing to mark cancelled
		}
		req := prep.request()
		if t.offersImageTool() {
			req.Tools = []providers.Tool{imageTool(t.Images)}
		}
		r := newTurnRun(t, yield)
		if r.start(user.ConversationID, t.Provider.Name(), t.Model) {
			r.finish(r.converse(ctx, req))
		}
	}
}

// saveUser creates the conversation if convID is 0 and stores the user
// message. Without a store nothing is kept and IDs stay 0.
func (t *Turn) saveUser(convID int64, parts []Part) (*Message, error) {
	m := &Message{ConversationID: convID, Role: RoleUser, Status: StatusDone, Parts: parts}
	if t.Store == nil {
		m.CreatedAt = now()
		m.UpdatedAt = m.CreatedAt
		return m, nil
	}
	if convID == 0 {
		c, err := t.Store.CreateConversation(titleFrom(parts))
		if err != nil {
			return nil, err
		}
		m.ConversationID = c.ID
	}
	if err := t.Store.AppendMessage(m); err != nil {
		return nil, err
	}
	return m, nil
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
	// The tool loop (seam.go): the calls and text of the current round,
	// and the usage of the rounds before it.
	calls     []providers.ToolCallPart
	roundText strings.Builder
	usedSoFar Usage
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
	r.asst = Message{ConversationID: convID, Role: RoleAssistant, Status: StatusStreaming,
		Provider: provider, Model: model}
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
func (r *turnRun) consume(ctx context.Context, req providers.Request) outcome {
	for ev, err := range r.t.Provider.Stream(ctx, req) {
		if err != nil {
			return outcome{err: err}
		}
		if ctx.Err() != nil {
			return outcome{err: ctx.Err()}
		}
		if !r.handle(ev) {
			return outcome{stopped: true}
		}
		if r.failed != nil {
			return outcome{err: r.failed}
		}
		if ev.Kind == providers.EventDone {
			return outcome{done: true}
		}
	}
	if ctx.Err() != nil {
		return outcome{err: ctx.Err()}
	}
	return outcome{err: errIncomplete()}
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
			OutputTokens: r.usedSoFar.OutputTokens + ev.Usage.OutputTokens}
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
		if err == nil {
			err = fmt.Errorf("saving the reply failed: %w", saveErr)
		} else {
			err = fmt.Errorf("%w (and saving the reply failed: %v)", err, saveErr)
		}
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

// save writes the assistant message (append the first time, update after).
// Without a store it only refreshes the in-memory parts.
func (r *turnRun) save(first bool) error {
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
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxErrorLen {
		s = string(r[:maxErrorLen-1]) + "…"
	}
	return s
}

// maxTitleLen is the longest title made from a first message, in runes.
const maxTitleLen = 60

// titleFrom makes a conversation title from the first non-blank line of the
// message text (or, for a message without text, of a voice note's
// transcript, else the name of its first attachment): whitespace squeezed,
// at most maxTitleLen runes, cut at a word boundary with "…" when too long.
func titleFrom(parts []Part) string {
	line := firstLine(parts, false)
	if line == "" {
		line = firstLine(parts, true)
	}
	if line == "" {
		return "New conversation"
	}
	r := []rune(line)
	if len(r) <= maxTitleLen {
		return line
	}
	cut := string(r[:maxTitleLen-1])
	// Back up to the last space unless that would leave too little.
	if i := strings.LastIndexByte(cut, ' '); i >= len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " .,;:-") + "…"
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
