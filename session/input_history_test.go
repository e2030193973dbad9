package session

import (
	"slices"
	"testing"
)

func TestInputHistoryThisConversationFirst(t *testing.T) {
	s := openTest(t)
	a, _ := s.CreateConversation("a")
	b, _ := s.CreateConversation("b")
	addMsg(t, s, a.ID, RoleUser, "old in a")
	addMsg(t, s, b.ID, RoleUser, "in b")
	addMsg(t, s, a.ID, RoleAssistant, "a reply is never recalled")
	addMsg(t, s, a.ID, RoleUser, "new in a")
	addMsg(t, s, b.ID, RoleUser, "new in a") // the same text once
	draw := Message{ConversationID: b.ID, Role: RoleUser, Status: StatusDone,
		Parts: []Part{Text{Text: "a red fox", PromptFor: "openai/gpt-image-1"}}}
	if err := s.AppendMessage(&draw); err != nil {
		t.Fatal(err)
	}
	got, err := s.InputHistory(a.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"new in a", "old in a", "in b"}; !slices.Equal(got, want) {
		t.Errorf("history %q, want %q", got, want)
	}
	if got, _ := s.InputHistory(a.ID, 1); !slices.Equal(got, []string{"new in a"}) {
		t.Errorf("limit 1: %q", got)
	}
}
