package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// A conversation resumed lazily sends its whole history with the next
// message, through the real OpenAI adapter, though most of it was never
// loaded into the transcript.
func TestLazyResumeSendsTheFullHistory(t *testing.T) {
	w, want := lazyWireChat(t)
	pending := 0
	for _, e := range w.m.chat.Entries() {
		if e.Pending() {
			pending++
		}
	}
	if pending != 150 {
		t.Fatalf("%d placeholders before sending, want 150", pending)
	}
	w.say("and now?")
	reqs := w.srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	if got := userTexts(t, reqs[0]); !slices.Equal(got, append(want, "and now?")) {
		t.Fatalf("the request's user messages (%d): %q…, want all %d questions and the new one", len(got), got[:min(len(got), 3)], len(want))
	}
	if r := roles(t, reqs[0]); len(r) != 201 || r[1] != "assistant" {
		t.Errorf("the request has %d messages (%v…), want 201 in turn", len(r), r[:min(len(r), 4)])
	}
}

// A lazily resumed conversation deleted meanwhile (by another parley)
// cannot be sent on: nothing goes to the model, the text comes back to
// the composer and the notice says why.
func TestLazyResumeDeletedRefusesTheSend(t *testing.T) {
	w, _ := lazyWireChat(t)
	if err := w.st.DeleteConversation(w.m.chat.ConvID()); err != nil {
		t.Fatal(err)
	}
	w.say("and now?")
	if n := w.srv.Count(); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
	if got := w.m.composer.Value(); got != "and now?" {
		t.Errorf("the composer holds %q, want the message back", got)
	}
	if !noticeErr(w.m) || !strings.Contains(notice(w.m), "read the conversation to send") {
		t.Errorf("notice %q (error %v)", notice(w.m), noticeErr(w.m))
	}
}

// lazyWireChat is a wireChat that resumed a 200-message conversation
// lazily (its last 50 messages loaded), and the 100 questions asked in it.
func lazyWireChat(t *testing.T) (*wireChat, []string) {
	t.Helper()
	st := openStore(t)
	c, err := st.CreateConversation("long")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 200 {
		m := session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: fmt.Sprintf("question %d", i)}}}
		if i%2 == 1 {
			m.Role, m.Provider, m.Model = session.RoleAssistant, "openai", "gpt-4o"
			m.Parts = []session.Part{session.Text{Text: fmt.Sprintf("answer to %d", i-1)}}
		} else {
			want = append(want, fmt.Sprintf("question %d", i))
		}
		if err := st.AppendMessage(&m); err != nil {
			t.Fatal(err)
		}
	}
	o, err := st.ConversationOutline(c.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	return newWireChat(t, Options{Store: st, Conversation: &o.Conversation, Outline: o}), want
}

// Tab in a lazily resumed conversation whose only image is in a message
// not loaded yet: its page loads ("loading that message…"), then the
// image is the selection.
func TestLazyResumeTabSelectsAPlaceholdersImage(t *testing.T) {
	st := openStore(t)
	c, err := st.CreateConversation("long")
	if err != nil {
		t.Fatal(err)
	}
	sha, err := st.PutBlob([]byte("\x89PNG not a picture"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 120 {
		m := session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: fmt.Sprintf("question %d", i)}}}
		if i == 0 {
			m.Parts = append(m.Parts, session.Image{Blob: sha, MIME: "image/png", Name: "first.png", Width: 4, Height: 4})
		}
		if err := st.AppendMessage(&m); err != nil {
			t.Fatal(err)
		}
	}
	o, err := st.ConversationOutline(c.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	w := newWireChat(t, Options{Store: st, Conversation: &o.Conversation, Outline: o})
	if !w.m.chat.Entries()[0].Pending() {
		t.Fatal("the first message is loaded already: the test shows nothing")
	}
	w.r.press(tea.KeyTab, 0)
	w.r.until("the image selected", func() bool { return w.m.chat.ImageSelected() })
	if img, _ := w.m.chat.SelectedImage(); img.Name != "first.png" || w.m.chat.Entries()[0].Pending() {
		t.Errorf("selected %q; the first message pending %v", img.Name, w.m.chat.Entries()[0].Pending())
	}
	if !strings.Contains(plainView(w.m), "question 0") {
		t.Errorf("the selected image's message is not in view:\n%s", plainView(w.m))
	}
}
