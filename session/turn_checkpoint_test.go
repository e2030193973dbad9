package session

import (
	"context"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

// TestTurnCheckpointWithoutFurtherEvents: a model that sends text and then
// stalls still gets that text into the store within the checkpoint
// interval, with no other event to trigger the save, so a process killed
// during the stall loses none of what it already showed.
func TestTurnCheckpointWithoutFurtherEvents(t *testing.T) {
	s := openTest(t)
	p := &providertest.Provider{Events: []providers.Event{providertest.Text("shown, then a stall")}, Hold: true}
	turn := &Turn{Store: s, Provider: p, Checkpoint: 30 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	delta := make(chan struct{})
	finished := make(chan Message, 1)
	go func() {
		for ev := range turn.Run(ctx, 0, nil, userText("q")) {
			switch ev.Kind {
			case TurnDelta:
				close(delta)
			case TurnFinished:
				finished <- *ev.Message
			}
		}
	}()
	<-delta
	deadline := time.Now().Add(20 * time.Second) // a failure bound, not a timing assertion
	for {
		m := storedLast(t, s)
		if m.Role == RoleAssistant && m.Status == StatusStreaming && m.Text() == "shown, then a stall" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the stalled reply was never checkpointed: stored %q %q", m.Status, m.Text())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if m := <-finished; m.Status != StatusCancelled || m.Text() != "shown, then a stall" {
		t.Errorf("final %q %q, want cancelled with the text", m.Status, m.Text())
	}
	if m := storedLast(t, s); m.Status != StatusCancelled {
		t.Errorf("stored status %q after the cancel: a stale timer overwrote the final save?", m.Status)
	}
}
