package composer

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

var (
	up       = tea.KeyPressMsg{Code: tea.KeyUp}
	down     = tea.KeyPressMsg{Code: tea.KeyDown}
	ctrlUp   = tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModCtrl}
	ctrlDown = tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModCtrl}
)

func press(c Model, keys ...tea.KeyPressMsg) Model {
	for _, k := range keys {
		c, _ = c.Update(k)
	}
	return c
}

// Up recalls this session's messages newest first, then the stored ones
// (without repeating one), Down steps back to the draft as it was typed.
func TestHistoryRecallsAndStepsBackToTheDraft(t *testing.T) {
	c := newModel()
	c.Apply(historyMsg{texts: []string{"stored newest", "second", "stored oldest"}})
	c.Remember("first")
	c.Remember("second")
	c = typeText(c, "draft")
	want := []string{"second", "first", "stored newest", "stored oldest"}
	for _, w := range want {
		c = press(c, up)
		if c.Value() != w {
			t.Fatalf("up: %q, want %q", c.Value(), w)
		}
	}
	if c = press(c, up); c.Value() != "stored oldest" {
		t.Fatalf("up past the oldest: %q", c.Value())
	}
	for i := len(want) - 2; i >= 0; i-- {
		if c = press(c, down); c.Value() != want[i] {
			t.Fatalf("down: %q, want %q", c.Value(), want[i])
		}
	}
	if c = press(c, down); c.Value() != "draft" || c.Recalling() {
		t.Fatalf("down to the draft: %q recalling=%v", c.Value(), c.Recalling())
	}
	if c = press(c, down); c.Value() != "draft" {
		t.Fatalf("down below the draft changed it: %q", c.Value())
	}
}

// A recalled message is ordinary text: it can be edited before it is
// sent, and sending it puts it first in the history.
func TestRecalledMessageIsEditable(t *testing.T) {
	c := newModel()
	c.Remember("hello")
	c = press(c, up)
	c = typeText(c, " world")
	if c.Value() != "hello world" {
		t.Fatalf("edited recall: %q", c.Value())
	}
	c.Remember(c.Value())
	c.Reset()
	if c = press(c, up); c.Value() != "hello world" {
		t.Fatalf("newest after sending the edit: %q", c.Value())
	}
}

// In a multi-line draft ↑ moves the cursor until the first line; ctrl+↑
// recalls from any line; ctrl+u clears every line.
func TestHistoryKeysInMultilineDraft(t *testing.T) {
	c := newModel()
	c.Remember("old")
	c.SetValue("one\ntwo")
	if c = press(c, up); c.Value() != "one\ntwo" {
		t.Fatalf("up on the last line recalled: %q", c.Value())
	}
	if c = press(c, up); c.Value() != "old" {
		t.Fatalf("up on the first line: %q", c.Value())
	}
	if c = press(c, ctrlDown); c.Value() != "one\ntwo" {
		t.Fatalf("ctrl+down back to the draft: %q", c.Value())
	}
	if c = press(c, ctrlUp); c.Value() != "old" {
		t.Fatalf("ctrl+up from the last line: %q", c.Value())
	}
	c.SetValue("a\nb\nc")
	if c = press(c, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}); c.Value() != "" {
		t.Fatalf("ctrl+u left %q", c.Value())
	}
}

// LoadHistory reads the store's texts of the conversation first; its
// failure is a notice, not a crash.
func TestLoadHistoryFromStore(t *testing.T) {
	s, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var convs []int64
	for _, text := range []string{"in other", "in this"} {
		conv, err := s.CreateConversation("t")
		if err != nil {
			t.Fatal(err)
		}
		convs = append(convs, conv.ID)
		if err := s.AppendMessage(&session.Message{ConversationID: conv.ID, Role: session.RoleUser,
			Status: session.StatusDone, Parts: []session.Part{session.Text{Text: text}}}); err != nil {
			t.Fatal(err)
		}
	}
	c := newModel()
	msg := LoadHistory(s, convs[0])().(historyMsg)
	if notice, _, _ := c.Apply(msg); notice != "" {
		t.Fatalf("notice %q", notice)
	}
	c = press(c, up)
	if c.Value() != "in other" {
		t.Fatalf("first recall %q, want this conversation's", c.Value())
	}
	if LoadHistory(nil, 1) != nil {
		t.Error("no store gave a Cmd")
	}
	notice, isErr, _ := c.Apply(historyMsg{err: os.ErrPermission})
	if !isErr || !strings.Contains(notice, "input history") {
		t.Errorf("failure notice %q", notice)
	}
}

// Recall finds the newest message containing the text, any with none,
// and ↑ goes on from there.
func TestRecall(t *testing.T) {
	c := newModel()
	for _, s := range []string{"Sort a slice", "parse JSON", "sort a map"} {
		c.Remember(s)
	}
	if !c.Recall("SORT") || c.Value() != "sort a map" {
		t.Fatalf("recall sort: %q", c.Value())
	}
	if c = press(c, up); c.Value() != "parse JSON" {
		t.Fatalf("↑ after the recall: %q", c.Value())
	}
	if !c.Recall("") || c.Value() != "sort a map" {
		t.Fatalf("recall any: %q", c.Value())
	}
	if c.Recall("rust") || c.Value() != "sort a map" {
		t.Fatalf("no match changed the text: %q", c.Value())
	}
}
