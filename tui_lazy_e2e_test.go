package main

import (
	"fmt"
	"strings"
	"testing"

	"parley/session"
)

// TestTUIResumeLongLazily: -r of a long conversation shows its end at
// once, Home reaches its first message (loaded from the store as it
// comes into view), and the next message sends the whole history.
func TestTUIResumeLongLazily(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, reply...)
	sb := newSandbox(t)
	st, err := session.Open(sb.data)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := st.CreateConversation("long chat")
	if err != nil {
		t.Fatal(err)
	}
	const n = 300 // six pages: most of it starts as placeholders
	for i := range n {
		m := &session.Message{ConversationID: conv.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: fmt.Sprintf("message %03d", i+1)}}}
		if i%2 == 1 {
			m.Role, m.Provider, m.Model = session.RoleAssistant, "openai", "gpt-4o-mini"
		}
		if err := st.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	tm := startTUI(t, sb.env("OPENAI_API_KEY=test-key"), "--data-dir", sb.data, "--base-url", f.URL(), "-r", fmt.Sprint(conv.ID))
	tm.waitText("message 300")
	tm.run("send-keys", "-t", "main", "Home")
	tm.waitText("message 001")
	tm.run("send-keys", "-t", "main", "End")
	tm.waitText("message 300")
	tm.run("send-keys", "-t", "main", "-l", "and now?")
	tm.run("send-keys", "-t", "main", "Enter")
	tm.waitFor("the reply", func(s string) bool {
		return strings.Contains(s, "the reply.") && strings.Contains(s, "│ ready │")
	})
	f.mu.Lock()
	msgs := f.requests[0].Messages
	f.mu.Unlock()
	if len(msgs) != n+1 || !strings.Contains(string(msgs[0].Content), "message 001") {
		t.Errorf("the request carries %d messages (first %s), want all %d and the new one", len(msgs), msgs[0].Content, n)
	}
	if got := f.lastUserText(t, 0); got != "and now?" {
		t.Errorf("the last user message is %q", got)
	}
	tm.quit()
}
