package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/openai"
	"parley/providers/providertest"
)

// TestEnterWhileStreamingQueues: Enter during a reply queues the text
// (shown pending, not sent); the first Esc stops the reply and holds it,
// the second takes it back to the composer.
func TestEnterWhileStreamingQueues(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("partial"), Hold: true}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.send(submitMsg{text: "first"})
	id := m.chat.ActiveID()
	r.typeText("second")
	r.press(tea.KeyEnter, 0)
	if !m.chat.Busy() || m.chat.ActiveID() != id {
		t.Fatal("Enter during a reply started another one")
	}
	if got := m.composer.Value(); got != "" {
		t.Errorf("composer = %q, want it emptied into the queue", got)
	}
	if v := plainView(m); !strings.Contains(v, "⧗ queued: second · sent when the reply ends") {
		t.Errorf("no pending line:\n%s", v)
	}
	if n := len(p.Requests()); n > 1 {
		t.Errorf("provider got %d requests", n)
	}
	r.press(tea.KeyEscape, 0)
	if m.chat.Busy() || !strings.Contains(plainView(m), "held: enter sends it") {
		t.Errorf("the first esc should stop the reply and hold the message:\n%s", plainView(m))
	}
	r.press(tea.KeyEscape, 0)
	if got := m.composer.Value(); got != "second" {
		t.Errorf("composer = %q, want the queued text back", got)
	}
	if strings.Contains(plainView(m), "⧗ queued") {
		t.Error("the pending line stayed after the message was taken back")
	}
}

// TestQueuedMessageSentWhenReplyEnds: a message queued during a reply is
// sent once the reply ends by itself, after it in the conversation; ↑
// takes a queued one back before it is sent.
func TestQueuedMessageSentWhenReplyEnds(t *testing.T) {
	release := make(chan struct{})
	srv := providertest.NewServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		providertest.WriteChatReply(w, "gpt-4o", fmt.Sprintf("answer %d", n))
	})
	p, err := openai.New(providers.Settings{Name: "openai", Type: "openai", APIKey: "sk-test", BaseURL: srv.URL + "/v1", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.send(submitMsg{text: "first"})
	r.typeText("taken back")
	r.press(tea.KeyEnter, 0)
	r.press(tea.KeyUp, 0)
	if got := m.composer.Value(); got != "taken back" {
		t.Fatalf("↑ gave back %q", got)
	}
	m.composer.Reset()
	r.typeText("second")
	r.press(tea.KeyEnter, 0)
	close(release)
	r.until("the queued message's reply", func() bool { return srv.Count() == 2 && !m.chat.Busy() })
	body := string(srv.Requests()[1].Body)
	if !strings.Contains(body, "answer 1") || !strings.Contains(body, `"second"`) || strings.Contains(body, "taken back") {
		t.Errorf("the queued message should follow the first reply: %s", body)
	}
}
