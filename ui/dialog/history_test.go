package dialog

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// historyStore is a store of three conversations, Bananas with an
// escape sequence in its title.
func historyStore(t *testing.T) (*session.Store, map[string]int64) {
	t.Helper()
	st, err := session.OpenEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ids := map[string]int64{}
	for _, c := range [][2]string{{"Apples", "Apples are red."}, {"Bananas \x1b[31mred\x1b[0m", "Bananas are yellow."}, {"Cherries", "Cherries are small."}} {
		conv, err := st.CreateConversation(c[0])
		if err != nil {
			t.Fatal(err)
		}
		msg := &session.Message{ConversationID: conv.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: c[1]}}}
		if err := st.AppendMessage(msg); err != nil {
			t.Fatal(err)
		}
		ids[strings.Fields(c[0])[0]] = conv.ID
	}
	return st, ids
}

// search types q and runs the debounce and the search it starts,
// returning the results' message undelivered.
func search(t *testing.T, d *History, q string) tea.Msg {
	t.Helper()
	tick := run(t, typeText(t, d, q))
	_, fetch := d.Update(tick)
	return run(t, fetch)
}

func TestHistorySearchDropsStaleResults(t *testing.T) {
	st, ids := historyStore(t)
	d := NewHistory(testStyles(), st, 0)
	d.Update(run(t, d.Init()))
	if view := flat(d.View(80, 20)); !strings.Contains(view, "3 recent") || strings.Contains(view, "\x1b[31m") || !strings.Contains(view, "Bananas red") {
		t.Fatalf("the recent list:\n%s", view)
	}

	older := search(t, d, "apples")
	d.Update(press('u', tea.ModCtrl))
	tick := run(t, typeText(t, d, "cherries"))
	_, fetch := d.Update(tick)
	newer := run(t, fetch)
	if _, cmd := d.Update(newer); cmd != nil || d.Loading() {
		t.Fatalf("the results returned a Cmd or left the dialog loading")
	}
	// A slow search for an older query answers after a newer one: dropped.
	d.Update(older)
	view := flat(d.View(80, 20))
	if !strings.Contains(view, "1 matching") || !strings.Contains(view, "Cherries") || strings.Contains(view, "Apples") {
		t.Fatalf("the stale apples results replaced the cherries ones:\n%s", view)
	}
	// A stale debounce tick starts nothing.
	if _, cmd := d.Update(tick); cmd == nil {
		t.Fatal("the current tick started no search")
	}
	d.Update(press('x', 0))
	if _, cmd := d.Update(tick); cmd != nil {
		t.Error("a stale tick started a search")
	}
	d.Update(press(tea.KeyBackspace, 0))

	if a, _ := d.Update(press(tea.KeyEnter, 0)); a != (ActionOpenConversation{ID: ids["Cherries"]}) {
		t.Errorf("enter on the hit gave %#v", a)
	}
}

func TestHistoryOff(t *testing.T) {
	d := NewHistory(testStyles(), nil, 0)
	if d.Init() != nil || d.Loading() {
		t.Fatal("history without a store starts work")
	}
	if cmd := typeText(t, d, "x"); cmd != nil {
		t.Fatal("typing without a store starts a search")
	}
	if view := flat(d.View(80, 20)); !strings.Contains(view, "history is off") {
		t.Errorf("no store, but the dialog does not say history is off:\n%s", view)
	}
	if a, _ := d.Update(press(tea.KeyEnter, 0)); a != nil {
		t.Errorf("enter on an empty list gave %#v", a)
	}
}

func TestRelTime(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	cases := map[time.Duration]string{
		10 * time.Second: "just now", 5 * time.Minute: "5 min ago", 3 * time.Hour: "3 h ago",
		30 * time.Hour: "yesterday", 4 * 24 * time.Hour: "4 days ago", 30 * 24 * time.Hour: "12 Feb",
		400 * 24 * time.Hour: "7 Feb 2025",
	}
	for ago, want := range cases {
		if got := relTime(now, now.Add(-ago)); got != want {
			t.Errorf("relTime(-%v) = %q, want %q", ago, got, want)
		}
	}
}
