package stream

import (
	"errors"
	"strings"
	"testing"
	"time"

	"parley/session"
)

// A burst of deltas inside one frame arrives as one message.
func TestPumpCoalescesAFrame(t *testing.T) {
	p := newPump(3, 50*time.Millisecond)
	p.lastSent = time.Now() // as if a frame was just shown
	for range 100 {
		p.push(session.TurnEvent{Kind: session.TurnDelta, Text: "ab"})
	}
	p.push(session.TurnEvent{Kind: session.TurnUsage, Usage: session.Usage{InputTokens: 5, OutputTokens: 100}})
	msg := p.wait()().(frameMsg)
	if msg.id != 3 || msg.deltas != 100 || msg.text != strings.Repeat("ab", 100) {
		t.Errorf("frame: id %d deltas %d text %d bytes; want id 3, 100 deltas, 200 bytes", msg.id, msg.deltas, len(msg.text))
	}
	if msg.usage == nil || msg.usage.OutputTokens != 100 {
		t.Errorf("usage = %+v", msg.usage)
	}
	if msg.done {
		t.Error("frame marked done before TurnFinished")
	}
	// Everything was swapped out: nothing is pending and no token is left
	// behind to wake the next wait for an empty frame.
	select {
	case <-p.notify:
		t.Error("a notify token survived the drain")
	default:
	}
}

// The end of a turn is delivered without waiting for the frame.
func TestPumpFinishedSkipsTheFrame(t *testing.T) {
	p := newPump(1, time.Hour) // a frame that never ends
	p.lastSent = time.Now()
	fail := errors.New("boom")
	p.push(session.TurnEvent{Kind: session.TurnDelta, Text: "x"})
	p.push(session.TurnEvent{Kind: session.TurnFinished, Err: fail})
	done := make(chan frameMsg, 1)
	go func() { done <- p.wait()().(frameMsg) }()
	select {
	case msg := <-done:
		if !msg.done || !errors.Is(msg.err, fail) || msg.text != "x" {
			t.Errorf("final frame = %+v", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the final frame waited for the frame interval")
	}
}

// run passes a turn's failure through as the final frame.
func TestPumpRunPassesFinish(t *testing.T) {
	p := newPump(1, time.Millisecond)
	// A Turn without a provider yields only TurnFinished with an error;
	// run must pass it through once.
	p.runEvents((&session.Turn{}).Run(t.Context(), 0, nil, nil))
	msg := p.wait()().(frameMsg)
	if !msg.done || msg.err == nil {
		t.Errorf("frame = %+v, want done with an error", msg)
	}
}

// Reasoning deltas coalesce per frame like text, apart from it.
func TestPumpCoalescesReasoning(t *testing.T) {
	p := newPump(3, time.Millisecond)
	for _, s := range []string{"a ", "b ", "c"} {
		p.push(session.TurnEvent{Kind: session.TurnReasoning, Text: s})
	}
	p.push(session.TurnEvent{Kind: session.TurnDelta, Text: "x"})
	msg := p.drain()
	if msg.thinking != "a b c" || msg.reasoning != 3 || msg.text != "x" {
		t.Fatalf("frame: thinking %q (%d deltas), text %q", msg.thinking, msg.reasoning, msg.text)
	}
	if next := p.drain(); next.thinking != "" || next.reasoning != 0 {
		t.Fatalf("reasoning drained twice: %q", next.thinking)
	}
}
