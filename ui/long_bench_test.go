package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/session"
)

// longConversation is the 5,000-message conversation of issue 16 with 50
// image parts (shown as chips: this model draws no inline images).
func longConversation() *session.Conversation {
	c := bigConversation(5000)
	for i := 0; i < len(c.Messages); i += 100 {
		c.Messages[i].Parts = append(c.Messages[i].Parts, session.Image{Blob: fmt.Sprintf("%064x", i),
			MIME: "image/png", Name: fmt.Sprintf("picture-%d.png", i), Width: 800, Height: 600, Bytes: 120_000})
	}
	return c
}

// BenchmarkResumeLong5000 opens the long conversation in a new Model and
// draws its first screen: the UI half of a resume (the store half is
// session's BenchmarkResumeLong*).
func BenchmarkResumeLong5000(b *testing.B) {
	c := longConversation()
	b.ReportAllocs()
	for b.Loop() {
		m := New(Options{Conversation: c, Model: "fake/test-model", Theme: "dark"})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		if v := m.View(); v.Content == "" {
			b.Fatal("nothing drawn")
		}
	}
}

// BenchmarkScrollLong5000 pages up (PgUp, then View) from the bottom of
// the long conversation, every step showing entries never drawn before.
func BenchmarkScrollLong5000(b *testing.B) {
	c := longConversation()
	fresh := func() *Model {
		m := newTestModel(b, &providertest.Provider{}, Options{Conversation: c})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = m.View()
		return m
	}
	m := fresh()
	renders := -m.chat.MarkdownStats().Calls
	pgUp := tea.KeyPressMsg{Code: tea.KeyPgUp}
	b.ReportAllocs()
	for b.Loop() {
		if i, skip := m.chat.Top(); i == 0 && skip == 0 {
			b.StopTimer()
			renders += m.chat.MarkdownStats().Calls
			m = fresh()
			renders -= m.chat.MarkdownStats().Calls
			b.StartTimer()
		}
		m.Update(pgUp)
		_ = m.View()
	}
	b.ReportMetric(float64(renders+m.chat.MarkdownStats().Calls)/float64(b.N), "renders/step")
}
