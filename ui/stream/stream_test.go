package stream

import (
	"context"
	"iter"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// driver runs a Stream's Cmds the way Bubble Tea does: each on its own
// goroutine, messages fed back to Update on the test's goroutine.
type driver struct {
	t    *testing.T
	s    *Stream
	msgs chan tea.Msg
}

func newDriver(t *testing.T) *driver {
	s := New(t.Context())
	s.SetFrame(time.Millisecond)
	t.Cleanup(func() { s.Close(5 * time.Second) })
	return &driver{t: t, s: s, msgs: make(chan tea.Msg, 16)}
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				d.run(c)
			}
			return
		}
		if msg != nil {
			d.msgs <- msg
		}
	}()
}

// next delivers the next message to Update and returns what it made.
func (d *driver) next() (Frame, bool, int64) {
	d.t.Helper()
	select {
	case msg := <-d.msgs:
		f, ok, conv, cmd := d.s.Update(msg.(Msg))
		d.run(cmd)
		return f, ok, conv
	case <-time.After(5 * time.Second):
		d.t.Fatal("no frame came")
	}
	return Frame{}, false, 0
}

// events yields evs, then blocks until release is closed or ctx ends.
func events(release <-chan struct{}, evs ...session.TurnEvent) Run {
	return func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return func(yield func(session.TurnEvent) bool) {
			for _, ev := range evs {
				if !yield(ev) {
					return
				}
			}
			select {
			case <-release:
			case <-ctx.Done():
			}
			yield(session.TurnEvent{Kind: session.TurnFinished, Err: ctx.Err()})
		}
	}
}

// A turn's frames reach the root until the finished one, which ends the
// stream; the turn runs only once its Cmd does.
func TestStartStreamsUntilDone(t *testing.T) {
	d := newDriver(t)
	release := make(chan struct{})
	d.run(d.s.Start(events(release, session.TurnEvent{Kind: session.TurnDelta, Text: "hello"})))
	if !d.s.Busy() || d.s.ActiveID() == 0 {
		t.Fatal("not busy after Start")
	}
	f, ok, _ := d.next()
	if !ok || f.Text != "hello" || !f.Tokens || f.Done {
		t.Fatalf("first frame %+v ok %v", f, ok)
	}
	close(release)
	for !f.Done {
		f, ok, _ = d.next()
		if !ok {
			t.Fatal("a frame of the active stream was not passed on")
		}
	}
	if d.s.Busy() {
		t.Error("still busy after the finished frame")
	}
}

// After Stop the turn's context is cancelled and its frames are consumed,
// but the conversation ID its stored user message carries is passed on.
func TestStopDrainsAndPassesConversation(t *testing.T) {
	d := newDriver(t)
	user := &session.Message{ID: 7, ConversationID: 42}
	hold := make(chan struct{})
	d.run(d.s.Start(func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return func(yield func(session.TurnEvent) bool) {
			<-hold
			yield(session.TurnEvent{Kind: session.TurnUserSaved, Message: user})
			<-ctx.Done()
			yield(session.TurnEvent{Kind: session.TurnFinished, Err: ctx.Err()})
		}
	}))
	if !d.s.Stop() || d.s.Busy() || d.s.Draining() != 1 {
		t.Fatalf("after Stop: busy %v draining %d", d.s.Busy(), d.s.Draining())
	}
	if d.s.Stop() {
		t.Error("a second Stop stopped something")
	}
	close(hold)
	sawConv := false
	for d.s.Draining() > 0 {
		_, ok, conv := d.next()
		if ok {
			t.Fatal("a cancelled stream's frame was passed on as active")
		}
		sawConv = sawConv || conv == 42
	}
	if !sawConv {
		t.Error("the cancelled turn's conversation ID was not passed on")
	}
}

// After Close a Cmd Bubble Tea had not run yet starts no turn.
func TestCloseStartsNothingLater(t *testing.T) {
	s := New(t.Context())
	ran := false
	cmd := s.Start(func(context.Context) iter.Seq[session.TurnEvent] {
		ran = true
		return func(func(session.TurnEvent) bool) {}
	})
	s.Close(time.Second)
	// The batch is (run the turn, wait for a frame): run the first on this
	// goroutine; the second would wait forever, as nothing is pushed.
	if msg := cmd().(tea.BatchMsg)[0](); msg != nil || ran {
		t.Fatal("a turn ran after Close")
	}
}
