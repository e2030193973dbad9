package ui

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/ui/internal/cmdtest"
)

// idleDriver runs a Model the way Bubble Tea does, but keeps count: every
// Cmd runs in its own goroutine and every message it returns goes back to
// Update, timer ticks included (the runner in helpers_test.go drops
// those). A model that sleeps when idle reaches a state where no Cmd is in
// flight; one that keeps an animation alive never does, and the message
// type that keeps coming back names the culprit.
type idleDriver struct {
	t    *testing.T
	m    *Model
	loop *cmdtest.Loop  // its Running: Cmds started whose message is not delivered yet
	seen map[string]int // messages delivered to Update, by type
}

func newIdleDriver(t *testing.T, m *Model) *idleDriver {
	d := &idleDriver{t: t, m: m, seen: map[string]int{}}
	d.loop = cmdtest.New(d.send) // batches and sequences split, anything else to Update
	return d
}

func (d *idleDriver) run(cmd tea.Cmd) { d.loop.Run(cmd) }

func (d *idleDriver) send(msg tea.Msg) {
	d.seen[fmt.Sprintf("%T", msg)]++
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

// settle delivers messages until no Cmd is in flight, failing when one
// message type is delivered more than repeats times (an animation that
// never ends) or when a Cmd never returns. It returns what was delivered.
func (d *idleDriver) settle(what string, repeats int) map[string]int {
	d.t.Helper()
	d.seen = map[string]int{}
	// Not a timing assertion: the ticks of a loop arrive every ~0.1–0.5 s,
	// and this only bounds how long a broken model keeps the test alive.
	d.loop.Until(d.t, 30*time.Second, what+": every Cmd to return", func() bool {
		for typ, n := range d.seen {
			if n > repeats {
				d.t.Fatalf("%s: %s delivered %d times and still coming: a tick that never stops (delivered: %s)",
					what, typ, n, seenString(d.seen))
			}
		}
		return d.loop.Running() == 0
	}, func() string { return "delivered: " + seenString(d.seen) })
	return d.seen
}

func seenString(seen map[string]int) string {
	var parts []string
	for typ, n := range seen {
		parts = append(parts, fmt.Sprintf("%s×%d", typ, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// TestIdleModelSchedulesNothing: once start-up is over and once a reply
// has streamed and its spinner has stopped, the model has no Cmd in
// flight — no spinner tick, no cursor blink, no stream pump, no timer.
// An idle parley then only wakes for Bubble Tea's own frame ticker.
func TestIdleModelSchedulesNothing(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("# Title\n\n", "Hello ", "from the **fake** model.")}
	m := newTestModel(t, p, Options{})
	d := newIdleDriver(t, m)

	d.run(m.Init())
	d.settle("start-up", 3)

	for _, c := range "hi there" {
		d.send(tea.KeyPressMsg{Code: c, Text: string(c)})
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	if !m.chat.Busy() {
		t.Fatal("Enter did not start a reply")
	}
	// The stream's frames, the spinner's ticks while it streams and the
	// one tick in flight when it ends: a bounded number, then silence.
	seen := d.settle("after the reply", 200)
	if m.chat.Busy() {
		t.Fatalf("the reply is still streaming after every Cmd returned; delivered: %s", seenString(seen))
	}
	if !strings.Contains(plainView(m), "Hello from the fake model.") {
		t.Fatalf("the reply is not on screen:\n%s", plainView(m))
	}

	// Idle again: a key that changes nothing visible schedules nothing.
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyRight})
	if cmd != nil {
		d.run(cmd)
		d.settle("a cursor key while idle", 3)
	}
}
