package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/session"
	"parley/ui/dialog"
	"parley/ui/graphics"
)

// seedConversation stores a conversation of alternating user/assistant
// texts and returns its ID.
func seedConversation(t testing.TB, st *session.Store, title string, texts ...string) int64 {
	t.Helper()
	c, err := st.CreateConversation(title)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		role := session.RoleUser
		if i%2 == 1 {
			role = session.RoleAssistant
		}
		msg := &session.Message{ConversationID: c.ID, Role: role, Status: session.StatusDone, Parts: text(s)}
		if err := st.AppendMessage(msg); err != nil {
			t.Fatal(err)
		}
	}
	return c.ID
}

// historyUntil is runner.until that also feeds the history dialog's
// messages back to Update (the shared runner only knows its own).
func historyUntil(r *runner, what string, cond func() bool) {
	r.t.Helper()
	r.untilAlso(5*time.Second, what, cond, func(msg tea.Msg) bool {
		switch msg.(type) {
		case dialog.Msg, historyOpenMsg:
			return true
		}
		return false
	})
}

// openHistoryDialog presses ctrl+o and waits for the recent list.
func openHistoryDialog(t *testing.T, r *runner) *dialog.History {
	t.Helper()
	r.press('o', tea.ModCtrl)
	d, ok := r.m.dialogs.Top().(*dialog.History)
	if !ok {
		t.Fatalf("ctrl+o opened %T; view:\n%s", r.m.dialogs.Top(), plainView(r.m))
	}
	historyUntil(r, "the recent list", func() bool { return !d.Loading() })
	return d
}

// itemTitles are the titles of want that the open dialog lists, in the
// order it lists them.
func itemTitles(m *Model, want ...string) []string {
	var out []string
	for _, l := range strings.Split(plainView(m), "\n") {
		for _, w := range want {
			if strings.Contains(l, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// historyFixture is a model with a store holding three conversations,
// "Apples" touched last, and a title carrying an escape sequence.
func historyFixture(t *testing.T, p *providertest.Provider) (*Model, *runner, *factory, map[string]int64) {
	t.Helper()
	m, r, f := attachModel(t, p, Options{})
	ids := map[string]int64{}
	ids["Apples"] = seedConversation(t, f.st, "Apples", "tell me about apples", "Apples are red.")
	ids["Bananas"] = seedConversation(t, f.st, "Bananas \x1b[31mred\x1b[0m", "tell me about bananas", "Bananas are yellow.")
	ids["Cherries"] = seedConversation(t, f.st, "Cherries", "and cherries?", "Cherries are small.")
	// Activity moves Apples to the top.
	msg := &session.Message{ConversationID: ids["Apples"], Role: session.RoleUser, Status: session.StatusDone, Parts: text("crisp ones?")}
	if err := f.st.AppendMessage(msg); err != nil {
		t.Fatal(err)
	}
	return m, r, f, ids
}

func TestHistoryListsRecentNewestFirst(t *testing.T) {
	m, r, _, _ := historyFixture(t, &providertest.Provider{})
	openHistoryDialog(t, r)
	want := []string{"Apples", "Cherries", "Bananas red"}
	if got := itemTitles(m, want...); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("recent list %q, want %q (newest first, sanitized)", got, want)
	}
	view := plainView(m)
	if strings.Contains(m.View().Content, "\x1b[31mred") || !strings.Contains(view, "Bananas red") {
		t.Errorf("the title's escape sequence reached the screen or the title is gone:\n%s", view)
	}
	if !strings.Contains(view, "3 recent") || !strings.Contains(view, "just now") {
		t.Errorf("the dialog lacks its count or the relative times:\n%s", view)
	}
	r.press(tea.KeyEscape, 0)
	if m.dialogs.Top() != nil {
		t.Fatal("esc did not close the history")
	}
	r.typeText("/history")
	r.press(tea.KeyEnter, 0)
	if _, ok := m.dialogs.Top().(*dialog.History); !ok || m.composer.Value() != "" {
		t.Fatalf("/history opened %T, composer %q", m.dialogs.Top(), m.composer.Value())
	}
}

func TestHistoryTypingSearchesAndDropsStale(t *testing.T) {
	m, r, _, _ := historyFixture(t, &providertest.Provider{})
	d := openHistoryDialog(t, r)
	r.typeText("yellow")
	if !d.Loading() {
		t.Fatal("typing did not start a search")
	}
	historyUntil(r, "the search", func() bool { return !d.Loading() })
	view := plainView(m)
	if got := itemTitles(m, "Apples", "Cherries", "Bananas red"); fmt.Sprint(got) != "[Bananas red]" ||
		!strings.Contains(view, "1 matching") || !strings.Contains(view, "Bananas are yellow") || !strings.Contains(view, "just now") {
		t.Fatalf("search for yellow lists %v, or lacks the hit's snippet or time:\n%s", got, view)
	}
	// Dropping a slow search's stale answer: ui/dialog's tests.

	// Clearing the query brings the recent list back.
	r.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	historyUntil(r, "the recent list", func() bool { return !d.Loading() })
	if !strings.Contains(plainView(m), "3 recent") {
		t.Errorf("after ctrl+u the 3 recent are not listed:\n%s", plainView(m))
	}
	r.typeText("zzzz")
	historyUntil(r, "the empty search", func() bool { return !d.Loading() })
	if !strings.Contains(plainView(m), "no message matches") {
		t.Errorf("an empty search does not say so:\n%s", plainView(m))
	}
}

func TestHistoryEnterOpensAndNextSendContinues(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("Plantains too.")}
	m, r, f, ids := historyFixture(t, p)
	r.send(submitMsg{text: "something else"})
	r.until("the first reply", func() bool { return !m.chat.Busy() })
	other := m.chat.ConvID()

	d := openHistoryDialog(t, r)
	r.typeText("bananas")
	historyUntil(r, "the search", func() bool { return !d.Loading() && strings.Contains(plainView(m), "1 matching") })
	r.press(tea.KeyEnter, 0)
	historyUntil(r, "the conversation", func() bool { return m.chat.ConvID() == ids["Bananas"] })
	if m.dialogs.Top() != nil {
		t.Fatal("the dialog stayed open")
	}
	view := plainView(m)
	if !strings.Contains(view, "Bananas are yellow.") || strings.Contains(view, "something else") {
		t.Fatalf("the transcript is not the opened conversation:\n%s", view)
	}
	if m.status.Title() != "Bananas red" || !strings.Contains(notice(m), "opened") {
		t.Errorf("title %q, notice %q", m.status.Title(), notice(m))
	}

	r.typeText("what about plantains?")
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && len(p.Requests()) == 2 })
	req := p.Requests()[1]
	if len(req.Messages) != 3 || !strings.Contains(fmt.Sprint(req.Messages[0]), "tell me about bananas") {
		t.Fatalf("the turn was sent %d messages: %+v", len(req.Messages), req.Messages)
	}
	c, err := f.st.Conversation(ids["Bananas"])
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Messages) != 4 || m.chat.ConvID() != ids["Bananas"] || m.chat.ConvID() == other {
		t.Fatalf("the reply was not stored in the opened conversation: %d messages, convID %d", len(c.Messages), m.chat.ConvID())
	}
}

func TestHistoryRefusedWhileStreaming(t *testing.T) {
	p := &providertest.Provider{Hold: true}
	m, r, _, ids := historyFixture(t, p)
	r.send(submitMsg{text: "long one"})
	if !m.chat.Busy() {
		t.Fatal("no reply streaming")
	}
	r.press('o', tea.ModCtrl)
	if m.dialogs.Top() != nil || !strings.Contains(notice(m), "before opening another conversation") {
		t.Fatalf("ctrl+o while streaming: dialog %T, notice %q", m.dialogs.Top(), notice(m))
	}
	// A choice arriving while a reply streams (the dialog was open before
	// the start-up prompt went) is refused too.
	r.send(historyOpenMsg{conv: &session.Conversation{ID: ids["Apples"], Title: "Apples", Messages: []session.Message{
		{Role: session.RoleUser, Status: session.StatusDone, Parts: text("old")}}}})
	if m.chat.ConvID() == ids["Apples"] || strings.Contains(plainView(m), "old") {
		t.Fatalf("a conversation was opened under a streaming reply:\n%s", plainView(m))
	}
}

func TestHistoryOffWithoutStore(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	r := newRunner(t, m)
	r.press('o', tea.ModCtrl)
	if !strings.Contains(plainView(m), "history is off") {
		t.Fatalf("no store, but the dialog does not say history is off:\n%s", plainView(m))
	}
	r.typeText("x")
	r.press(tea.KeyEnter, 0)
	if _, ok := m.dialogs.Top().(*dialog.History); !ok {
		t.Fatal("enter on an empty list closed the dialog")
	}
}

func TestHistoryOpenPlacesImagesFresh(t *testing.T) {
	store := blobs{"red": redPNG(t, 200, 120), "blue": redPNG(t, 200, 120)}
	m := newImageModel(t, graphics.Sixel, store, 80, 24, imageMsg("look at this", "red", 200, 120))
	d := newImgDriver(t, m)
	d.settle()
	if len(m.img.Placed()) != 1 || m.img.Placed()[0].Key.Blob != "red" {
		t.Fatalf("before: drawn %+v", m.img.Placed())
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyTab}) // selects the image
	if !m.chat.ImageSelected() {
		t.Fatal("tab did not select the image")
	}
	clears := d.clear
	d.send(historyOpenMsg{conv: &session.Conversation{ID: 7, Title: "blue one", Messages: []session.Message{
		{Role: session.RoleUser, Status: session.StatusDone, Parts: text("first line\n\nsecond")},
		imageMsg("and this", "blue", 200, 120)}}})
	d.settle()
	if m.chat.ConvID() != 7 || m.chat.ImageSelected() {
		t.Fatalf("convID %d, selection kept %v", m.chat.ConvID(), m.chat.ImageSelected())
	}
	drawn := m.img.Placed()
	if len(drawn) != 1 || drawn[0].Key.Blob != "blue" {
		t.Fatalf("after opening: drawn %+v, want only the blue image", drawn)
	}
	if d.clear <= clears {
		t.Fatal("the red image moved away but the screen was not cleared of it")
	}
	if c := captionRow(t, m, "blue"); drawn[0].Row != c-redRows {
		t.Errorf("blue image placed at row %d, its caption is at %d", drawn[0].Row, c)
	}
}

// goldenHistory opens the dialog over a store of three conversations and
// pins their times, so the relative times are fixed.
func goldenHistory(t *testing.T, w, h int) (*Model, *dialog.History) {
	m, r, _, _ := historyFixture(t, &providertest.Provider{})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	d := openHistoryDialog(t, r)
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	d.Pin(now, now.Add(-5*time.Minute), now.Add(-26*time.Hour), now.Add(-40*24*time.Hour))
	return m, d
}

func TestGoldenHistory(t *testing.T) {
	m, _ := goldenHistory(t, 80, 24)
	m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	checkViews(t, "history_80", m)
}

func TestHistorySmallScreen(t *testing.T) {
	m, _ := goldenHistory(t, 40, 10)
	view := plainView(m)
	box := boxRows(t, view)
	if !strings.Contains(view, "History") || !strings.Contains(view, "Apples") {
		t.Fatalf("40×10 history lacks its title or first item:\n%s", view)
	}
	for _, l := range box {
		if w := len([]rune(l)); w > 40 {
			t.Fatalf("a line is %d cells wide at 40 columns:\n%s", w, view)
		}
	}
	for _, size := range [][2]int{{20, 5}, {1, 1}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		_ = plainView(m) // must not panic
	}
}
