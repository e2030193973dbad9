// Package cmdtest runs Bubble Tea Cmds in tests the way the program
// would, by hand: each Cmd in its own goroutine, batches and sequences
// split into their Cmds, and every other message handed to Deliver on
// the test's goroutine, so a test drives a model (the root's, or one
// component's) without a terminal and waits on conditions, not on the
// clock.
package cmdtest

import (
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Loop is the Cmds running for one test and the messages they return.
// Use New.
type Loop struct {
	msgs    chan tea.Msg
	deliver func(tea.Msg)
	running int
}

// New is a loop that hands each message (not a batch or a sequence, not
// nil) to deliver, which decides what reaches the model.
func New(deliver func(tea.Msg)) *Loop {
	return &Loop{msgs: make(chan tea.Msg, 1024), deliver: deliver}
}

// Run starts cmd, if any, in its own goroutine.
func (l *Loop) Run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	l.running++
	go func() { l.msgs <- cmd() }()
}

// Running is how many Cmds have not answered yet.
func (l *Loop) Running() int { return l.running }

// Until handles messages until cond holds, failing the test after d
// (a bound for a hung test, not a speed check) with what and view().
func (l *Loop) Until(t testing.TB, d time.Duration, what string, cond func() bool, view func() string) {
	t.Helper()
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for !cond() {
		select {
		case msg := <-l.msgs:
			l.handle(msg)
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s; view:\n%s", what, view())
		}
	}
}

// Settle waits, at most d, for the Cmds still running to answer,
// running the Cmds of the batches and sequences they return but
// delivering nothing. A test calls it from a Cleanup registered after its
// temporary directories, so a Cmd still writing there (a preview being
// rendered into the store, say) finishes before they are removed. It
// reports whether everything answered.
func (l *Loop) Settle(d time.Duration) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for l.running > 0 {
		select {
		case msg := <-l.msgs:
			l.running--
			l.split(msg)
		case <-deadline.C:
			return false
		}
	}
	return true
}

// handle splits a batch or a sequence into its Cmds and hands anything
// else to deliver.
func (l *Loop) handle(msg tea.Msg) {
	l.running--
	if msg != nil && !l.split(msg) {
		l.deliver(msg)
	}
}

// split runs the Cmds of a batch or a sequence and reports whether msg
// was one (or nil).
func (l *Loop) split(msg tea.Msg) bool {
	switch m := msg.(type) {
	case nil:
		return true
	case tea.BatchMsg:
		for _, c := range m {
			l.Run(c)
		}
		return true
	}
	// tea.Sequence's message type is unexported; it is a slice of Cmds.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := range v.Len() {
			l.Run(v.Index(i).Interface().(tea.Cmd))
		}
		return true
	}
	return false
}
