package dialog

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
)

// ctrl+r edits the title of the conversation under the cursor; enter
// stores it (cleaned) and the list and the root hear of it; esc gives up.
func TestHistoryRename(t *testing.T) {
	st, ids := historyStore(t)
	d := NewHistory(testStyles(), st, 0)
	d.Update(run(t, d.Init()))
	d.Update(press('r', tea.ModCtrl))
	if view := flat(d.View(80, 20)); !strings.Contains(view, "rename › Cherries") || !strings.Contains(view, "enter save the title") {
		t.Fatalf("rename mode:\n%s", view)
	}
	d.Update(press('u', tea.ModCtrl))
	typeText(t, d, "Stone")
	for range 3 {
		d.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	}
	typeText(t, d, "fruit")
	d.Update(tea.PasteMsg{Content: "\x1b[2J"}) // an escape sequence the store strips
	_, cmd := d.Update(press(tea.KeyEnter, 0))
	a, _ := d.Update(run(t, cmd))
	if a != (ActionRenamed{ID: ids["Cherries"], Title: "Stone fruit[2J"}) {
		t.Fatalf("rename gave %#v", a)
	}
	c, err := st.Conversation(ids["Cherries"])
	if err != nil || c.Title != a.(ActionRenamed).Title {
		t.Fatalf("stored %q %v", c.Title, err)
	}
	if view := flat(d.View(80, 20)); !strings.Contains(view, "Stone fruit") || strings.Contains(view, "rename ›") {
		t.Errorf("after the rename:\n%s", view)
	}
	d.Update(press('r', tea.ModCtrl))
	typeText(t, d, "zzz")
	d.Update(press(tea.KeyEscape, 0))
	if a, _ := d.Update(press(tea.KeyEnter, 0)); a != (ActionOpenConversation{ID: ids["Cherries"]}) {
		t.Errorf("esc did not leave the rename: enter gave %#v", a)
	}
}

// Priced shows each conversation's cost beside its time; an unpriced one
// shows none.
func TestHistoryCosts(t *testing.T) {
	st, ids := historyStore(t)
	reply := &session.Message{ConversationID: ids["Apples"], Role: session.RoleAssistant, Status: session.StatusDone,
		Provider: "p", Model: "m", Usage: session.Usage{InputTokens: 1_000_000, OutputTokens: 1_000_000},
		Parts: []session.Part{session.Text{Text: "yes"}}}
	if err := st.AppendMessage(reply); err != nil {
		t.Fatal(err)
	}
	price := func(p, m string) (providers.Price, bool) { return providers.Price{Input: 1, Output: 2}, p == "p" }
	d := NewHistory(testStyles(), st, 0).Priced(price)
	d.Update(run(t, d.Init()))
	view := flat(d.View(80, 20))
	if !strings.Contains(view, "$3.00") || strings.Count(view, "$") != 1 {
		t.Errorf("costs:\n%s", view)
	}
}
