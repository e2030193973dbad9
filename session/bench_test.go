package session

import (
	"strings"
	"testing"
)

// BenchmarkAppendMessage measures storing one short message (one write
// transaction: conversation bump, message row, one part and its FTS entry).
func BenchmarkAppendMessage(b *testing.B) {
	s := openTest(b)
	c, err := s.CreateConversation("bench")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m := &Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone,
			Parts: []Part{Text{Text: "a short question about benchmarks and stores"}}}
		if err := s.AppendMessage(m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateMessage measures one streaming checkpoint of a reply that
// has grown to about 4 KB (the text part is rewritten and re-indexed).
func BenchmarkUpdateMessage(b *testing.B) {
	s := openTest(b)
	c, err := s.CreateConversation("bench")
	if err != nil {
		b.Fatal(err)
	}
	m := &Message{ConversationID: c.ID, Role: RoleAssistant, Status: StatusStreaming}
	if err := s.AppendMessage(m); err != nil {
		b.Fatal(err)
	}
	base := strings.Repeat("streaming reply text with several words ", 100)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		m.Parts = []Part{Text{Text: base + strings.Repeat("x", i%64)}}
		if err := s.UpdateMessage(m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConversationLoad measures loading a 200-message conversation.
func BenchmarkConversationLoad(b *testing.B) {
	s := openTest(b)
	c, _ := s.CreateConversation("bench")
	for range 200 {
		m := &Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone,
			Parts: []Part{Text{Text: strings.Repeat("word ", 100)}}}
		if err := s.AppendMessage(m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Conversation(c.ID); err != nil {
			b.Fatal(err)
		}
	}
}
