package session

import (
	"strings"
	"testing"
)

func TestSearch(t *testing.T) {
	s := openTest(t)
	zoo, _ := s.CreateConversation("Zoo trip")
	cook, _ := s.CreateConversation("Cooking")
	add := func(conv int64, role Role, text string) *Message {
		m := &Message{ConversationID: conv, Role: role, Status: StatusDone, Parts: []Part{Text{Text: text}}}
		if err := s.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	zebra := add(zoo.ID, RoleUser, "Tell me about the zebra and its stripes, in detail please.")
	add(zoo.ID, RoleAssistant, "Stripes may deter flies.")
	add(cook.ID, RoleUser, "How long do I boil an egg?")
	both := add(cook.ID, RoleAssistant, "About nine minutes; the stripes on the shell mean nothing.")

	hits, err := s.Search("zebra", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 {
		t.Fatalf("zebra: %d hits, want 1: %+v", len(hits), hits)
	}
	h := hits[0]
	if h.ConversationID != zoo.ID || h.MessageID != zebra.ID || h.Title != "Zoo trip" {
		t.Errorf("zebra hit = %+v", h)
	}
	if !strings.Contains(h.Snippet, "zebra") {
		t.Errorf("snippet %q lacks the word", h.Snippet)
	}

	hits, _ = s.Search("stripes", 10)
	convs := map[int64]bool{}
	for _, h := range hits {
		convs[h.ConversationID] = true
	}
	if len(hits) != 3 || !convs[zoo.ID] || !convs[cook.ID] {
		t.Errorf("stripes: %+v, want 3 hits in both conversations", hits)
	}
	hits, _ = s.Search("stripes shell", 10)
	if len(hits) != 1 || hits[0].MessageID != both.ID {
		t.Errorf("two words must both match: %+v", hits)
	}
	if hits, _ := s.Search("zeb", 10); len(hits) != 1 {
		t.Errorf("prefix of the last word: %d hits", len(hits))
	}
	if hits, _ := s.Search("stripes", 1); len(hits) != 1 {
		t.Errorf("limit 1: %d hits", len(hits))
	}
	if hits, _ := s.Search("giraffe", 10); len(hits) != 0 {
		t.Errorf("absent word: %+v", hits)
	}
}

func TestSearchOddInput(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("t")
	s.AppendMessage(&Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone,
		Parts: []Part{Text{Text: `He said "NEAR(x y)" AND c++ OR not`}}})
	for _, q := range []string{`"`, `NEAR(`, `c++`, `AND OR NOT`, `*`, `-x`, `a:b`, `…`, "   ", ``, `"near(x`} {
		if _, err := s.Search(q, 10); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	if hits, _ := s.Search(`"NEAR(x`, 10); len(hits) != 1 {
		t.Errorf("quoted operator text: %d hits, want 1", len(hits))
	}
	if hits, _ := s.Search("", 10); hits != nil {
		t.Errorf("empty query: %+v", hits)
	}
}

// Many matching messages of one conversation make one result, the best.
func TestBestPerConversation(t *testing.T) {
	hits := []SearchHit{{ConversationID: 1, MessageID: 5}, {ConversationID: 2, MessageID: 9},
		{ConversationID: 1, MessageID: 3}, {ConversationID: 1, MessageID: 1}}
	got := BestPerConversation(hits)
	if len(got) != 2 || got[0].MessageID != 5 || got[1].MessageID != 9 {
		t.Fatalf("got %+v", got)
	}
}
