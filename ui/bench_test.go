package ui

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/session"
	"parley/ui/stream"
)

// streamingModel is a model with an active reply that never ends by itself,
// at 120×40.
func streamingModel(tb testing.TB) *Model {
	m := newTestModel(tb, &providertest.Provider{Hold: true}, Options{})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(submitMsg{text: "write a long answer"})
	if !m.chat.Busy() {
		tb.Fatal("no active stream")
	}
	return m
}

// feed streams toks one frame per token (the worst case: no coalescing)
// and draws the screen after each.
func feed(m *Model, toks []string) {
	id := m.chat.ActiveID()
	now := time.Now()
	for i, tok := range toks {
		m.Update(stream.FrameFor(id, tok, 1, now.Add(time.Duration(i)*time.Millisecond)))
		_ = m.View()
	}
}

// BenchmarkStreamReply streams a markdown reply token by token through
// Update and View. ns/token must not grow with the reply's length.
func BenchmarkStreamReply(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		toks := providertest.MarkdownTokens(n)
		b.Run(fmt.Sprintf("tokens=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				b.StopTimer()
				m := streamingModel(b)
				b.StartTimer()
				feed(m, toks)
				b.StopTimer()
				m.stopAll()
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/token")
		})
	}
}

// BenchmarkView1000 draws a 1,000-message transcript.
func BenchmarkView1000(b *testing.B) {
	m := newTestModel(b, &providertest.Provider{}, Options{Conversation: bigConversation(1000)})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	_ = m.View()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkView1000Scrolled draws the same transcript scrolled to the
// middle, so View starts from an anchor instead of the bottom.
func BenchmarkView1000Scrolled(b *testing.B) {
	m := newTestModel(b, &providertest.Provider{}, Options{Conversation: bigConversation(1000)})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	for range 200 {
		m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	_ = m.View()
	for b.Loop() {
		_ = m.View()
	}
}

func bigConversation(n int) *session.Conversation {
	c := &session.Conversation{ID: 1, Title: "big"}
	for i := range n {
		role, body := session.RoleUser, fmt.Sprintf("question %d: how does *this* work?", i)
		if i%2 == 1 {
			role = session.RoleAssistant
			body = fmt.Sprintf("## Answer %d\n\nIt works like this:\n\n- one\n- two\n\n```go\nx := %d\n```\n", i, i)
		}
		c.Messages = append(c.Messages, session.Message{Role: role, Status: session.StatusDone,
			Provider: "openai", Model: "gpt-4o-mini", Parts: text(body)})
	}
	return c
}

// TestStreamWorkIsLinear counts work instead of timing it: glamour input
// bytes and heap allocation per token must stay flat from 2k to 20k tokens.
func TestStreamWorkIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 22,000 tokens")
	}
	type work struct{ glamour, alloc float64 }
	measure := func(n int) work {
		m := streamingModel(t)
		toks := providertest.MarkdownTokens(n)
		before := m.chat.MarkdownStats()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		alloc0 := ms.TotalAlloc
		feed(m, toks)
		runtime.ReadMemStats(&ms)
		after := m.chat.MarkdownStats()
		if !strings.Contains(plainView(m), "Println") {
			t.Fatalf("the streamed reply is not on screen:\n%s", plainView(m))
		}
		m.stopAll()
		return work{
			glamour: float64(after.Bytes-before.Bytes) / float64(n),
			alloc:   float64(ms.TotalAlloc-alloc0) / float64(n),
		}
	}
	small, large := measure(2000), measure(20000)
	t.Logf("per token: glamour bytes %.1f → %.1f, allocated bytes %.0f → %.0f",
		small.glamour, large.glamour, small.alloc, large.alloc)
	if small.glamour == 0 {
		t.Fatal("no glamour work was counted: the test measures nothing")
	}
	if large.glamour > 1.5*small.glamour {
		t.Errorf("glamour bytes per token grew %.2fx from 2k to 20k tokens", large.glamour/small.glamour)
	}
	if large.alloc > 2*small.alloc {
		t.Errorf("allocation per token grew %.2fx from 2k to 20k tokens", large.alloc/small.alloc)
	}
}
