package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"parley/session"
)

// TestTUIRetryShowsSecondBranch: /retry sends the same question again and
// the transcript shows one reply to it, marked ‹ 2/2 ›.
func TestTUIRetryShowsSecondBranch(t *testing.T) {
	f, sb, tm := askFirst(t, 5*time.Millisecond)
	tm.run("send-keys", "-t", "main", "-l", "/retry")
	tm.run("send-keys", "-t", "main", "Enter")
	s := tm.waitFor("the retried reply marked 2/2", func(s string) bool {
		return strings.Contains(s, "‹ 2/2 ›") && strings.Contains(s, "│ ready │")
	})
	if n := f.requestCount(); n != 2 {
		t.Fatalf("the server got %d requests, want 2", n)
	}
	if got := f.lastUserText(t, 1); got != "how do I save a file?" {
		t.Errorf("the retry asked %q, want the same question", got)
	}
	if n := strings.Count(s, "final line of the reply."); n != 1 {
		t.Errorf("%d replies on screen, want one:\n%s", n, s)
	}
	body := s[:strings.LastIndex(strings.TrimRight(s, "\n"), "\n")] // the status bar shows the title too
	if n := strings.Count(body, "how do I save a file?"); n != 1 {
		t.Errorf("the question shows %d times, want once:\n%s", n, s)
	}
	tm.quit()
	c := latest(t, sb.data)
	if n := len(c.AllMessages()); n != 3 {
		t.Errorf("stored %d messages, want the question and both replies", n)
	}
}

// askFirst starts the chat against a fake OpenAI streaming reply with
// delay between chunks, asks "how do I save a file?" and waits for the
// finished reply.
func askFirst(t *testing.T, delay time.Duration) (*fakeOpenAI, sandbox, *tmux) {
	f := newFakeOpenAI(t, "test-key", delay, reply...)
	sb := newSandbox(t)
	tm := startTUI(t, sb.env("OPENAI_API_KEY=test-key"), "--data-dir", sb.data, "--base-url", f.URL())
	tm.waitText("openai")
	tm.run("send-keys", "-t", "main", "-l", "how do I save a file?")
	tm.run("send-keys", "-t", "main", "Enter")
	tm.waitFor("the first reply", func(s string) bool {
		return strings.Contains(s, "the reply.") && strings.Contains(s, "│ ready │")
	})
	return f, sb, tm
}

// TestTUIResumeGeminiConversation: -r ID of a conversation last answered
// by Gemini talks to Gemini, though OpenAI would be the default.
func TestTUIResumeGeminiConversation(t *testing.T) {
	var gc *wireCase
	for _, c := range providerCases() {
		if c.provider == "gemini" {
			gc = c
		}
	}
	f := newWireFake(t, gc)
	sb := newSandbox(t)
	st, err := session.Open(sb.data)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := st.CreateConversation("gemini chat")
	if err != nil {
		t.Fatal(err)
	}
	u := &session.Message{ConversationID: conv.ID, Role: session.RoleUser, Status: session.StatusDone,
		Parts: []session.Part{session.Text{Text: "earlier question"}}}
	a := &session.Message{ConversationID: conv.ID, Role: session.RoleAssistant, Status: session.StatusDone,
		Provider: "gemini", Model: "gemini-e2e", Parts: []session.Part{session.Text{Text: "earlier answer"}}}
	for _, m := range []*session.Message{u, a} {
		if err := st.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	env := sb.env("OPENAI_API_KEY=sk-unused-openai", gc.keyEnv+"="+gc.key)
	tm := startTUI(t, env, "--data-dir", sb.data, "--base-url", f.srv.URL, "-r", fmt.Sprint(conv.ID))
	tm.waitText("gemini/gemini-e2e") // the status bar names the restored model
	tm.run("send-keys", "-t", "main", "-l", "and now?")
	tm.run("send-keys", "-t", "main", "Enter")
	tm.waitFor("Gemini's reply", func(s string) bool {
		return strings.Contains(s, "Hello, wörld!") && strings.Contains(s, "│ ready │")
	})
	req := f.only(t)
	if req.Path != gc.path {
		t.Errorf("the request went to %s, want %s", req.Path, gc.path)
	}
	if body := string(req.Body); !strings.Contains(body, "earlier answer") || !strings.Contains(body, "and now?") {
		t.Errorf("Gemini should get the resumed conversation: %s", body)
	}
	tm.quit()
}

// TestTUIEditRetryAndQueue: in a real terminal, shift+↑ selects a message,
// e edits it into a second branch, alt+r retries, and a message typed
// during that reply is queued and sent after it.
func TestTUIEditRetryAndQueue(t *testing.T) {
	f, _, tm := askFirst(t, 20*time.Millisecond)
	tm.run("send-keys", "-t", "main", "S-Up", "S-Up") // the reply, then the question
	tm.waitText("▸ You")
	tm.run("send-keys", "-t", "main", "e")
	tm.waitText("editing your message")
	tm.run("send-keys", "-t", "main", "-l", " quickly")
	tm.run("send-keys", "-t", "main", "Enter")
	tm.waitFor("the edited branch", func(s string) bool {
		return strings.Contains(s, "You · ‹ 2/2 ›") && strings.Contains(s, "│ ready │")
	})
	if got := f.lastUserText(t, 1); got != "how do I save a file? quickly" {
		t.Errorf("the edit sent %q", got)
	}
	// The retry streams for 160 ms, so "queued one" normally lands
	// while it does; the queue itself is asserted in ui's
	// TestEnterWhileStreamingQueues, here the order on the wire.
	tm.run("send-keys", "-t", "main", "M-r")
	tm.run("send-keys", "-t", "main", "-l", "queued one")
	tm.run("send-keys", "-t", "main", "Enter")
	s := tm.waitFor("the queued message's reply", func(s string) bool {
		return f.requestCount() == 4 && strings.Contains(s, "queued one") && strings.Contains(s, "│ ready │")
	})
	if !strings.Contains(s, "Assistant · openai/gpt-4o-mini · ‹ 2/2 ›") {
		t.Errorf("the retried reply should be branch 2/2:\n%s", s)
	}
	if got := f.lastUserText(t, 2); got != "how do I save a file? quickly" {
		t.Errorf("the retry asked %q, want the edited question", got)
	}
	if got := f.lastUserText(t, 3); got != "queued one" {
		t.Errorf("the queued message sent %q", got)
	}
	tm.quit()
}
