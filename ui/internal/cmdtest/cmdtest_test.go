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
