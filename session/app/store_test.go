package app

import (
	"fmt"
	"testing"

	"parley/session"
)

// The TUI resumes lazily: -r and -c give the outline (its last page in
// full, the rest as headers) and the conversation as its row; print mode
// gets the conversation whole. The flags' errors are the same either way.
func TestOpenStoreLazyForTheTUI(t *testing.T) {
	f := newFixture(t, "", 0o600)
	s, err := session.Open(f.data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.CreateConversation("long")
	if err != nil {
		t.Fatal(err)
	}
	n := session.OutlinePage + 30
	for i := range n {
		m := session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: fmt.Sprint("m", i)}}}
		if err := s.AppendMessage(&m); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	for _, cont := range []bool{false, true} {
		resume := ""
		if !cont {
			resume = fmt.Sprint(c.ID)
		}
		store, conv, o, err := OpenStore(f.data, cont, resume, true)
		if err != nil {
			t.Fatal(err)
		}
		if o == nil || conv != &o.Conversation || conv.Messages != nil || len(o.Branch) != n || len(o.Tail) != session.OutlinePage {
			t.Errorf("-c %v lazily: outline %v, conversation %p (outline's %p)", cont, o != nil, conv, &o.Conversation)
		}
		store.Close()
		store, conv, o, err = OpenStore(f.data, cont, resume, false)
		if err != nil || o != nil || len(conv.Messages) != n {
			t.Errorf("-c %v whole: outline %v, %d messages, %v", cont, o != nil, len(conv.Messages), err)
		}
		store.Close()
	}
	if _, _, _, err := OpenStore(f.data, false, "99", true); err == nil || err.Error() != "--resume 99: no such conversation" {
		t.Errorf("a missing conversation, lazily: %v", err)
	}
}
