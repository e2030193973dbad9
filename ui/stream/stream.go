// Package stream owns the lifecycle of a reply: the one streaming now, the
// cancelled ones still draining, and the goroutines that run them. A chat
// turn and an /image generation are both a sequence of session.TurnEvent,
// so both go through Start, Update and Stop here; the root only decides
// what to show.
//
// Goroutines start only from Cmds: Start records the stream (state changes
// happen in Update) and returns the Cmd that runs the turn — Bubble Tea
// runs each Cmd on its own goroutine — and the Cmd that waits for its
// first frame. The pump between them coalesces events into at most one
// Msg per frame (pump.go).
package stream

import (
	"context"
	"iter"
	"math"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// FrameInterval is the longest a streamed delta waits before it is shown;
// it also caps UI updates from one stream at about 60 per second.
const FrameInterval = 16 * time.Millisecond

// Run produces a stream's events; it is called once, on the goroutine of
// the Cmd Start returns, with a context Stop cancels.
type Run func(ctx context.Context) iter.Seq[session.TurnEvent]

// Msg is the sealed type of everything this package sends the root: route
// it with `case stream.Msg:` to Stream.Update.
type Msg interface{ streamMsg() }

func (frameMsg) streamMsg() {}

// Item is one ordered piece of a frame that made images: a run of reply
// text, a generated image (a partial stage or the final one) or a hand-off
// line. Exactly one of Text, Image and Handoff is set.
type Item struct {
	Text    string
	Image   *session.Image
	Handoff string
	Failed  bool // the hand-off line reports a failed generation
}

// Frame is what the active stream produced in one frame, for the root to
// apply to the transcript and the status bar. Every field is optional.
type Frame struct {
	Text     string           // reply deltas, joined, not yet sanitized
	Thinking string           // reasoning deltas, joined, not yet sanitized
	Reasoned bool             // reasoning arrived before any reply token
	Tokens   bool             // reply deltas arrived: the reply is streaming
	Rate     float64          // tokens per second so far, when HasRate
	HasRate  bool             // the frames so far span measurable time
	Usage    *session.Usage   // the latest token accounting
	User     *session.Message // the stored user message
	Started  *session.Message // the new assistant message
	Items    []Item           // images and hand-offs, in order with the text
	At       time.Time        // when the frame was drained
	Notice   string           // a line about the request itself (TurnNotice: context trimmed)
	Done     bool             // the turn is over; Final and Err are set
	Final    *session.Message // the final assistant message; nil if none was stored
	Err      error
}

// active is the stream whose frames are shown.
type active struct {
	id     int
	pump   *pump
	cancel context.CancelFunc
	tokens int       // reply deltas so far (≈ tokens)
	first  time.Time // when the first delta was drained
	firstN int       // deltas in that first frame: they took no measured time
}

// Stream runs replies one at a time. Use New; share it by pointer.
type Stream struct {
	ctx    context.Context
	frame  time.Duration
	lastID int
	active *active
	// draining holds cancelled streams until their turn ends: their frames
	// are not shown, but the conversation ID they carry is kept.
	draining map[int]*pump
	runs     *runs
}

// New returns a Stream whose turns run under ctx.
func New(ctx context.Context) *Stream {
	return &Stream{ctx: ctx, frame: FrameInterval, draining: map[int]*pump{}, runs: &runs{}}
}

// SetContext sets the context later turns run under (Run's, once known).
func (s *Stream) SetContext(ctx context.Context) { s.ctx = ctx }

// SetFrame sets the frame interval (tests shorten it).
func (s *Stream) SetFrame(d time.Duration) { s.frame = d }

// Busy reports whether a reply is streaming.
func (s *Stream) Busy() bool { return s.active != nil }

// ActiveID is the streaming reply's ID, 0 when none streams.
func (s *Stream) ActiveID() int {
	if s.active == nil {
		return 0
	}
	return s.active.id
}

// Draining is how many cancelled streams have not ended yet.
func (s *Stream) Draining() int { return len(s.draining) }

// Start makes run the active stream. The caller checks Busy first: a
// second Start while one streams would orphan the first.
func (s *Stream) Start(run Run) tea.Cmd {
	s.lastID++
	ctx, cancel := context.WithCancel(s.ctx)
	p := newPump(s.lastID, s.frame)
	s.active = &active{id: s.lastID, pump: p, cancel: cancel}
	rs := s.runs
	return tea.Batch(func() tea.Msg {
		defer cancel()
		if !rs.begin() {
			return nil // the program is over: nothing runs any more
		}
		defer rs.end()
		p.runEvents(run(ctx))
		return nil
	}, p.wait())
}

// Update takes one of this package's messages. For the active stream it
// returns its frame (ok); a frame of a cancelled stream is consumed, and
// only the stored user message's conversation ID is passed on, as
// staleConv, for a conversation that started in the cancelled turn.
func (s *Stream) Update(msg Msg) (f Frame, ok bool, staleConv int64, cmd tea.Cmd) {
	m := msg.(frameMsg) // sealed: the only implementation
	a := s.active
	if a == nil || m.id != a.id {
		return Frame{}, false, s.stale(m), s.waitStale(m)
	}
	f = m.frame(a.tokens == 0)
	if m.deltas > 0 {
		if a.tokens == 0 {
			a.first, a.firstN = m.at, m.deltas
		}
		a.tokens += m.deltas
		if secs := m.at.Sub(a.first).Seconds(); secs > 0 {
			f.Rate, f.HasRate = math.Round(float64(a.tokens-a.firstN)/secs), true
		}
	}
	if m.done {
		s.active = nil
		return f, true, 0, nil
	}
	return f, true, 0, a.pump.wait()
}

// stale is the conversation ID a cancelled stream's user message carries.
func (s *Stream) stale(m frameMsg) int64 {
	if _, ok := s.draining[m.id]; !ok || m.user == nil {
		return 0
	}
	return m.user.ConversationID
}

// waitStale keeps waiting on a cancelled stream until its turn ends.
func (s *Stream) waitStale(m frameMsg) tea.Cmd {
	p, ok := s.draining[m.id]
	if !ok {
		return nil
	}
	if m.done {
		delete(s.draining, m.id)
		return nil
	}
	return p.wait()
}

// Stop cancels the streaming reply: its turn stores it as cancelled, and
// its later frames are dropped. It reports whether one was streaming.
func (s *Stream) Stop() bool {
	a := s.active
	if a == nil {
		return false
	}
	a.cancel()
	s.active = nil
	s.draining[a.id] = a.pump
	return true
}

// Forget drops the cancelled streams still draining (a new conversation:
// their conversation IDs no longer matter).
func (s *Stream) Forget() { clear(s.draining) }

// Wait waits, at most d, for the turns that are running to end (a
// cancelled turn stores its final status as it ends).
func (s *Stream) Wait(d time.Duration) { s.runs.wait(d, false) }

// Close is Wait, after which no turn starts any more: a Cmd Bubble Tea
// had not run when the program ended does nothing.
func (s *Stream) Close(d time.Duration) { s.runs.wait(d, true) }

// runs counts the turns running on Cmd goroutines. A sync.WaitGroup
// cannot be used: a Cmd may start after Wait began, which WaitGroup
// forbids.
type runs struct {
	mu     sync.Mutex
	n      int
	closed bool
	idle   []chan struct{}
}

func (r *runs) begin() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	r.n++
	return true
}

func (r *runs) end() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n--
	if r.n == 0 {
		for _, ch := range r.idle {
			close(ch)
		}
		r.idle = nil
	}
}

func (r *runs) wait(d time.Duration, close bool) {
	r.mu.Lock()
	r.closed = r.closed || close
	if r.n == 0 {
		r.mu.Unlock()
		return
	}
	ch := make(chan struct{})
	r.idle = append(r.idle, ch)
	r.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	}
}
