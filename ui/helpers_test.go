package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/providers"
	"parley/session"
	"parley/ui/chat"
	"parley/ui/internal/cmdtest"
	"parley/ui/paste"
	"parley/ui/speech"
	"parley/ui/stream"
)

// newTestModel builds a model whose turns use p (no store), at 80×24.
func newTestModel(t testing.TB, p providers.Provider, opts Options) *Model {
	t.Helper()
	if opts.Turns == nil {
		opts.Turns = func(model string) (*session.Turn, error) {
			return &session.Turn{Provider: p, Model: strings.TrimPrefix(model, "fake/")}, nil
		}
	}
	if opts.Model == "" {
		opts.Model = "fake/test-model"
	}
	if opts.Theme == "" {
		opts.Theme = "dark"
	}
	m := New(opts)
	m.chat.SetFrame(time.Millisecond) // keep tests quick; coalescing still happens
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	t.Cleanup(func() {
		m.stopAll()
		m.chat.Wait(5 * time.Second)
	})
	return &m
}

// runner executes Cmds the way Bubble Tea would, but by hand
// (ui/internal/cmdtest): the messages the model must see (stream frames,
// submits) are fed back to Update on the test's goroutine. Timer-driven
// messages (spinner ticks, cursor blinks) are dropped so a test never
// loops on them.
type runner struct {
	t    testing.TB
	m    *Model
	loop *cmdtest.Loop
	// also, while set, names more messages to feed back (untilAlso).
	also func(tea.Msg) bool
}

func newRunner(t testing.TB, m *Model) *runner {
	r := &runner{t: t, m: m}
	r.loop = cmdtest.New(r.deliver)
	return r
}

func (r *runner) run(cmd tea.Cmd) { r.loop.Run(cmd) }

// send feeds msg to Update and runs the Cmd it returns.
func (r *runner) send(msg tea.Msg) {
	_, cmd := r.m.Update(msg)
	r.run(cmd)
}

// until processes messages until cond holds, failing after 30 s.
func (r *runner) until(what string, cond func() bool) {
	r.t.Helper()
	r.within(30*time.Second, what, cond) // a bound for a hung test, not a speed check: loaded CI machines are slow
}

// within is until with another deadline (real devices: an idle
// PulseAudio null sink delivers in 2 s blocks).
func (r *runner) within(d time.Duration, what string, cond func() bool) {
	r.t.Helper()
	r.loop.Until(r.t, d, what, cond, func() string { return plainView(r.m) })
}

// untilAlso is within that also feeds back the messages also names.
func (r *runner) untilAlso(d time.Duration, what string, cond func() bool, also func(tea.Msg) bool) {
	r.t.Helper()
	r.also = also
	defer func() { r.also = nil }()
	r.within(d, what, cond)
}

func (r *runner) deliver(msg tea.Msg) {
	if r.also != nil && r.also(msg) {
		r.send(msg)
		return
	}
	switch msg.(type) {
	case stream.Msg, submitMsg, modelCheckedMsg, paste.Msg, speech.Msg:
		r.send(msg)
		return
	}
	if featureMsg(msg) { // feature_test.go
		r.send(msg)
	}
}

// typeText types s into the model key by key.
func (r *runner) typeText(s string) {
	for _, c := range s {
		r.send(tea.KeyPressMsg{Code: c, Text: string(c)})
	}
}

func (r *runner) press(code rune, mod tea.KeyMod) {
	r.send(tea.KeyPressMsg{Code: code, Mod: mod})
}

// plainView is the model's screen without styling.
func plainView(m *Model) string {
	return ansi.Strip(m.View().Content)
}

// flatView is plainView without box borders and line breaks: what a
// line wrapped inside a dialog says.
func flatView(m *Model) string {
	v := strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ").Replace(plainView(m))
	return strings.Join(strings.Fields(v), " ")
}

// lastEntry is the newest transcript entry.
func lastEntry(t testing.TB, m *Model) *chat.Entry {
	t.Helper()
	e := m.chat.Last()
	if e == nil {
		t.Fatal("transcript is empty")
	}
	return e
}

// notice is the tray's notice line.
func notice(m *Model) string { s, _ := m.tray.Notice(); return s }

// noticeErr reports whether the tray's notice is an error.
func noticeErr(m *Model) bool { _, e := m.tray.Notice(); return e }
