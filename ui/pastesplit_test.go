package ui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
)

// watched runs the root Model inside a real tea.Program and reports, from
// Update's own goroutine, when cond first holds: the test may not read the
// model while the program runs.
type watched struct {
	*Model
	cond func(*Model) bool
	hit  chan struct{}
	done bool
}

func (w *watched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := w.Model.Update(msg)
	if !w.done && w.cond(w.Model) {
		w.done = true
		close(w.hit)
	}
	return w, cmd
}

// runProgram feeds input to m through Bubble Tea's real input reader and
// waits for cond; then it quits the program and returns.
func runProgram(t *testing.T, m *Model, input string, cond func(*Model) bool) {
	t.Helper()
	in, feed := io.Pipe()
	w := &watched{Model: m, cond: cond, hit: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := tea.NewProgram(w, tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithoutSignals(), tea.WithContext(ctx),
		tea.WithWindowSize(80, 24))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	go func() { _, _ = feed.Write([]byte(input)) }()
	select {
	case <-w.hit:
	case <-time.After(10 * time.Second):
		p.Quit()
		<-done
		t.Fatalf("timed out; view:\n%s", plainView(m))
	}
	p.Quit()
	<-done
	_ = feed.Close()
}

// The paste-end marker inside pasted text ("hello\x1b[201~\rINJECTED", as
// a terminal delivers it: wrapped in its own markers) sends nothing: what
// follows the early end is kept as text, and a notice says the paste
// looked split (issue 15, item 10). Bytes go through Bubble Tea's own
// input reader, so this is what a terminal's paste really becomes.
func TestPasteEndMarkerInsidePasteSendsNothing(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("should not be asked")}
	m := newTestModel(t, p, Options{})
	attack := "\x1b[200~hello\x1b[201~\rINJECTED\x1b[201~"
	runProgram(t, m, attack, func(m *Model) bool { return strings.Contains(notice(m), "looked split") })
	if got := m.composer.Value(); got != "hello\nINJECTED" {
		t.Errorf("composer %q, want the whole paste as text", got)
	}
	if m.chat.Busy() || len(p.Requests()) != 0 || m.chat.Len() != 0 {
		t.Errorf("the paste sent a message: %d requests, %d entries", len(p.Requests()), m.chat.Len())
	}
}

// A whole paste followed by Enter still sends: held keys come back.
func TestEnterAfterWholePasteSends(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m := newTestModel(t, p, Options{})
	runProgram(t, m, "\x1b[200~hello\x1b[201~\r", func(m *Model) bool { return len(p.Requests()) == 1 })
	if notice(m) != "" && strings.Contains(notice(m), "split") {
		t.Errorf("a whole paste was called split: %q", notice(m))
	}
}
