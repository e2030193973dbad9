package cmdtest

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

type word string

func TestLoopSplitsBatchesAndSequences(t *testing.T) {
	var got []word
	l := New(func(msg tea.Msg) {
		if w, ok := msg.(word); ok {
			got = append(got, w)
		}
	})
	say := func(w word) tea.Cmd { return func() tea.Msg { return w } }
	l.Run(tea.Batch(say("a"), tea.Sequence(say("b"), say("c")), func() tea.Msg { return nil }))
	l.Until(t, 10*time.Second, "three words", func() bool { return len(got) == 3 }, func() string { return "" })
	if l.Running() != 0 {
		t.Errorf("%d Cmds still running", l.Running())
	}
	seen := map[word]bool{}
	for _, w := range got {
		seen[w] = true
	}
	if !seen["a"] || !seen["b"] || !seen["c"] {
		t.Errorf("delivered %v", got)
	}
}

func TestSettleWaitsForRunningCmdsAndDeliversNothing(t *testing.T) {
	delivered := 0
	l := New(func(tea.Msg) { delivered++ })
	release := make(chan struct{})
	finished := make(chan struct{})
	slow := func() tea.Msg {
		<-release
		close(finished)
		return word("late")
	}
	l.Run(tea.Batch(slow, func() tea.Msg { return word("now") }))
	if l.Settle(10 * time.Millisecond) {
		t.Fatal("Settle reported done with a Cmd still blocked")
	}
	close(release)
	if !l.Settle(10 * time.Second) {
		t.Fatalf("Settle gave up with %d Cmds running", l.Running())
	}
	select {
	case <-finished:
	default:
		t.Fatal("Settle returned before the slow Cmd finished")
	}
	if delivered != 0 || l.Running() != 0 {
		t.Errorf("delivered %d messages, %d still running", delivered, l.Running())
	}
}
