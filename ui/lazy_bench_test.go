package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/chat"
	"parley/ui/internal/longstore"
)

// resumeLong opens conversation conv of store the way -r does (lazily:
// the outline, else whole) and draws the first screen, the pages it
// wants loaded first (runPages).
func resumeLong(b *testing.B, store *session.Store, conv int64, lazy bool) (*Model, int) {
	opts := Options{Store: store, Model: "fake/test-model", Theme: "dark"}
	if lazy {
		o, err := store.ConversationOutline(conv, chat.PageSize)
		if err != nil {
			b.Fatal(err)
		}
		opts.Conversation, opts.Outline = &o.Conversation, o
	} else {
		c, err := store.Conversation(conv)
		if err != nil {
			b.Fatal(err)
		}
		opts.Conversation = c
	}
	m := New(opts)
	_, cmd := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	pages := runPages(&m, cmd)
	if v := m.View(); v.Content == "" {
		b.Fatal("nothing drawn")
	}
	return &m, pages
}

// runPages runs cmd and what it leads to synchronously, handing the
// chat's messages (the pages the view wanted) to Update; it returns how
// many chat messages there were.
func runPages(m *Model, cmd tea.Cmd) int {
	n := 0
	for _, msg := range messages(cmd) { // manage_helpers_test.go
		if msg, ok := msg.(chat.Msg); ok {
			_, next := m.Update(msg)
			n += 1 + runPages(m, next)
		}
	}
	return n
}

// BenchmarkResumeStoreLong5000 is a resume through the real path, store
// to first screen: -r's outline (or, for comparison, the whole
// conversation), the Model, its first View.
func BenchmarkResumeStoreLong5000(b *testing.B) {
	store, conv := longstore.New(b)
	for _, lazy := range []bool{true, false} {
		b.Run(map[bool]string{true: "lazy", false: "whole"}[lazy], func(b *testing.B) {
			b.ReportAllocs()
			pages := 0
			for b.Loop() {
				_, n := resumeLong(b, store, conv, lazy)
				pages += n
			}
			b.ReportMetric(float64(pages)/float64(b.N), "pages/op")
		})
	}
}

// BenchmarkScrollStoreLong5000 pages up from the bottom of the lazily
// resumed conversation, each step a PgUp, the pages it wants loaded
// from the store (synchronously, counted) and a View.
func BenchmarkScrollStoreLong5000(b *testing.B) {
	store, conv := longstore.New(b)
	m, _ := resumeLong(b, store, conv, true)
	pgUp := tea.KeyPressMsg{Code: tea.KeyPgUp}
	pages, steps := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		if i, skip := m.chat.Top(); i == 0 && skip == 0 {
			b.StopTimer()
			m, _ = resumeLong(b, store, conv, true)
			b.StartTimer()
		}
		_, cmd := m.Update(pgUp)
		pages += runPages(m, cmd)
		_ = m.View()
		steps++
	}
	b.ReportMetric(float64(pages)/float64(steps), "pages/step")
}
