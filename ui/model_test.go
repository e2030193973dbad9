package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/common"
	"parley/ui/stream"
)

func TestSendShowsReply(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("# Title\n\n", "Hello ", "from the **fake** model.")}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)

	r.typeText("hi there")
	r.press(tea.KeyEnter, 0)
	if !m.chat.Busy() {
		t.Fatal("Enter did not start a reply")
	}
	if got := m.composer.Value(); got != "" {
		t.Errorf("composer after send = %q, want empty", got)
	}
	r.until("the reply to finish", func() bool { return !m.chat.Busy() })

	e := lastEntry(t, m)
	if e.Message().Status != session.StatusDone {
		t.Errorf("reply status = %s, want done", e.Message().Status)
	}
	view := plainView(m)
	for _, want := range []string{"You", "hi there", "Hello from the fake model.", "Title", "in 12 · out 3 tokens", "ready"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	reqs := p.Requests()
	if len(reqs) != 1 || len(reqs[0].Messages) != 1 {
		t.Fatalf("provider got %d requests (%+v), want 1 with 1 message", len(reqs), reqs)
	}
	if got := reqs[0].Messages[0].Parts[0].(providers.TextPart).Text; got != "hi there" {
		t.Errorf("sent text = %q", got)
	}
}

func TestSecondTurnSendsHistory(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("first answer")}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.send(submitMsg{text: "one"})
	r.until("first reply", func() bool { return !m.chat.Busy() })
	r.send(submitMsg{text: "two"})
	r.until("second reply", func() bool { return !m.chat.Busy() })

	reqs := p.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	var roles []string
	for _, msg := range reqs[1].Messages {
		roles = append(roles, string(msg.Role))
	}
	if got := strings.Join(roles, ","); got != "user,assistant,user" {
		t.Errorf("second request roles = %s, want user,assistant,user", got)
	}
}

func TestEmptyInputDoesNotSend(t *testing.T) {
	calls := 0
	m := newTestModel(t, nil, Options{Turns: func(string) (*session.Turn, error) {
		calls++
		return nil, errors.New("should not be called")
	}})
	r := newRunner(t, m)
	r.typeText("   ")
	r.press(tea.KeyEnter, 0)
	if calls != 0 || m.chat.Busy() {
		t.Errorf("blank input sent (factory calls %d)", calls)
	}
}

func TestNewlineKeys(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	r := newRunner(t, m)
	r.typeText("a")
	r.press(tea.KeyEnter, tea.ModShift)
	r.typeText("b")
	r.press('j', tea.ModCtrl)
	r.typeText("c")
	if got := m.composer.Value(); got != "a\nb\nc" {
		t.Errorf("composer = %q, want a\\nb\\nc", got)
	}
	if m.chat.Busy() {
		t.Error("shift+enter or ctrl+j sent the message")
	}
}

func TestEscCancelsKeepingPartialText(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("Partial ", "answer"), Hold: true}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.send(submitMsg{text: "question"})
	reply := lastEntry(t, m)
	r.until("partial text", func() bool { return strings.Contains(reply.Text(), "answer") })

	r.press(tea.KeyEscape, 0)
	if m.chat.Busy() {
		t.Fatal("Esc left the reply active")
	}
	if reply.Message().Status != session.StatusCancelled {
		t.Errorf("status = %s, want cancelled", reply.Message().Status)
	}
	view := plainView(m)
	if !strings.Contains(view, "Partial answer") || !strings.Contains(view, "cancelled") {
		t.Errorf("view should keep the partial reply marked cancelled:\n%s", view)
	}
	// The turn ends on its own; its last frames are drained, not shown.
	r.until("the cancelled turn to end", func() bool { return m.chat.Draining() == 0 })
	if reply.Message().Status != session.StatusCancelled || reply.Text() != "Partial answer" {
		t.Errorf("after the turn ended: status %s, text %q", reply.Message().Status, reply.Text())
	}
}

func TestProviderErrorShown(t *testing.T) {
	p := &providertest.Provider{
		Events: providertest.Reply("some text"),
		Err:    providers.Errorf(providers.ErrConnection, 0, nil, "connection lost after 1 tokens"),
	}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.send(submitMsg{text: "q"})
	r.until("the reply to fail", func() bool { return !m.chat.Busy() })

	e := lastEntry(t, m)
	if e.Message().Status != session.StatusError {
		t.Errorf("status = %s, want error", e.Message().Status)
	}
	view := plainView(m)
	for _, want := range []string{"some text", "connection lost after 1 tokens", "error"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	// The UI is still alive: another message goes out.
	p.Err = nil
	r.typeText("again")
	r.press(tea.KeyEnter, 0)
	r.until("the second reply", func() bool { return !m.chat.Busy() })
	if n := len(p.Requests()); n != 2 {
		t.Errorf("%d requests after the failure, want 2", n)
	}
}

func TestTurnFactoryErrorKeepsText(t *testing.T) {
	m := newTestModel(t, nil, Options{Turns: func(model string) (*session.Turn, error) {
		return nil, fmt.Errorf("%s: set OPENAI_API_KEY or base_url", model)
	}})
	r := newRunner(t, m)
	r.typeText("keep me")
	r.press(tea.KeyEnter, 0)
	if got := m.composer.Value(); got != "keep me" {
		t.Errorf("composer = %q, want the text kept", got)
	}
	if view := plainView(m); !strings.Contains(view, "set OPENAI_API_KEY or base_url") {
		t.Errorf("view lacks the factory error:\n%s", view)
	}
	if m.chat.Busy() {
		t.Error("a reply started without a turn")
	}
}

func TestSetupHintAndResume(t *testing.T) {
	conv := &session.Conversation{ID: 7, Title: "Old \x1b[31mchat", Messages: []session.Message{
		{Role: session.RoleUser, Status: session.StatusDone, Parts: []session.Part{session.Text{Text: "earlier question"}}},
		{Role: session.RoleAssistant, Status: session.StatusInterrupted, Provider: "openai", Model: "gpt-x",
			Parts: []session.Part{session.Text{Text: "earlier \x1b]0;pwned\x07answer"}}},
	}}
	m := newTestModel(t, nil, Options{SetupHint: "set OPENAI_API_KEY", Conversation: conv})
	view := plainView(m)
	for _, want := range []string{"set OPENAI_API_KEY", "earlier question", "earlier answer", "interrupted", "openai/gpt-x", "Old chat"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(m.View().Content, "pwned") || strings.Contains(m.View().Content, "\x1b[31m") {
		t.Error("escape sequences from stored text reached the screen")
	}
	if m.chat.ConvID() != 7 {
		t.Errorf("convID = %d, want 7", m.chat.ConvID())
	}
}

func TestPromptSentAtStart(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("started")}
	m := newTestModel(t, p, Options{Prompt: "from the command line"})
	r := newRunner(t, m)
	r.run(m.Init())
	r.until("the prompt's reply", func() bool { e := m.chat.Last(); return e != nil && e.Message().Status == session.StatusDone })
	if !strings.Contains(plainView(m), "from the command line") {
		t.Errorf("prompt not shown:\n%s", plainView(m))
	}
}

func TestStaleFramesDropped(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("live"), Hold: true}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.send(submitMsg{text: "q"})
	reply := lastEntry(t, m)
	r.send(stream.FrameFor(m.chat.ActiveID()+100, "GHOST", 1, time.Time{}))
	oldID := m.chat.ActiveID()
	r.press(tea.KeyEscape, 0)
	r.send(stream.FrameFor(oldID, "LATE", 1, time.Time{}))
	if strings.Contains(reply.Text(), "GHOST") || strings.Contains(reply.Text(), "LATE") {
		t.Errorf("stale frames were shown: %q", reply.Text())
	}
	if strings.Contains(plainView(m), "GHOST") {
		t.Error("view shows a stale frame")
	}
}

func TestHelpToggles(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{Version: "v0.1"})
	r := newRunner(t, m)
	r.typeText("?")
	if m.dialogs.Top() == nil {
		t.Fatal("? on an empty composer did not open help")
	}
	view := plainView(m)
	for _, want := range []string{"parley v0.1", "send", "stop the reply", "scroll up", "quit"} {
		if !strings.Contains(view, want) {
			t.Errorf("help lacks %q:\n%s", want, view)
		}
	}
	r.typeText("?")
	if m.dialogs.Top() != nil {
		t.Fatal("? did not close help")
	}
	r.typeText("why?")
	if m.dialogs.Top() != nil || m.composer.Value() != "why?" {
		t.Errorf("? in a message: dialog open %v, composer %q", m.dialogs.Top() != nil, m.composer.Value())
	}
}

func TestScrollStopsAndResumesFollowing(t *testing.T) {
	var msgs []session.Message
	for i := range 40 {
		msgs = append(msgs, session.Message{Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: fmt.Sprintf("message number %d", i)}}})
	}
	p := &providertest.Provider{Hold: true}
	m := newTestModel(t, p, Options{Conversation: &session.Conversation{Messages: msgs}})
	r := newRunner(t, m)
	if !strings.Contains(plainView(m), "message number 39") {
		t.Fatalf("bottom not shown at start:\n%s", plainView(m))
	}
	r.send(submitMsg{text: "stream please"})
	r.press(tea.KeyPgUp, 0)
	if m.chat.Following() {
		t.Fatal("PgUp did not stop following")
	}
	before := strings.Join(m.chat.Lines(), "\n")
	r.send(stream.FrameFor(m.chat.ActiveID(), "NEW TEXT ARRIVES", 1, time.Time{}))
	if after := strings.Join(m.chat.Lines(), "\n"); after != before || strings.Contains(after, "NEW TEXT") {
		t.Errorf("the view moved while scrolled up:\n%s", after)
	}
	r.press(tea.KeyHome, 0)
	if !strings.Contains(plainView(m), "message number 0") {
		t.Errorf("Home does not show the first message:\n%s", plainView(m))
	}
	for range 100 {
		r.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	}
	if !m.chat.Following() {
		t.Error("scrolling to the bottom did not resume following")
	}
	if !strings.Contains(plainView(m), "NEW TEXT ARRIVES") {
		t.Errorf("following view lacks the streamed text:\n%s", plainView(m))
	}
	r.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	r.press(tea.KeyEnd, 0)
	if !m.chat.Following() {
		t.Error("End did not resume following")
	}
}

func TestResizeTiny(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("a reply with `code` and\n\n- a list\n- items"), Hold: true}
	m := newTestModel(t, p, Options{SetupHint: "hint"})
	r := newRunner(t, m)
	r.send(submitMsg{text: "q"})
	r.until("text", func() bool { return strings.Contains(lastEntry(t, m).Text(), "items") })
	for _, sz := range [][2]int{{40, 10}, {20, 5}, {1, 1}, {120, 40}, {0, 0}} {
		for _, help := range []bool{false, true} {
			r.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			if help {
				m.openDialog(dialogHelp)
			}
			view := m.View().Content
			if n := strings.Count(view, "\n") + 1; n > max(sz[1], 1) {
				t.Errorf("%dx%d help=%v: %d lines", sz[0], sz[1], help, n)
			}
			r.press(tea.KeyPgUp, 0)
			_ = m.View()
			m.dialogs.Close()
		}
	}
}

func TestViewSetsTerminalModes(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	v := m.View()
	if !v.AltScreen || v.MouseMode != tea.MouseModeCellMotion {
		t.Errorf("AltScreen %v MouseMode %v, want alt screen and cell motion", v.AltScreen, v.MouseMode)
	}
}

func TestBackgroundPicksTheme(t *testing.T) {
	m := New(Options{})
	if m.Init() == nil {
		t.Fatal("Init should ask for the background colour")
	}
	m.Update(tea.BackgroundColorMsg{Color: lightGray{}})
	if m.styles.Palette.Dark {
		t.Error("light background kept the dark theme")
	}
	forced := New(Options{Theme: "dark"})
	forced.Update(tea.BackgroundColorMsg{Color: lightGray{}})
	if !forced.styles.Palette.Dark {
		t.Error("Theme=dark was overridden by the background")
	}
}

type lightGray struct{}

func (lightGray) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }

func TestClipLines(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"a\nb\nc", 2, "a\nb"}, {"a\nb\nc", 3, "a\nb\nc"}, {"a\nb\nc", 9, "a\nb\nc"},
		{"a\nb\nc", 0, ""}, {"a\n\n", 2, "a\n"}, {"", 1, ""},
	} {
		if got := common.ClipLines(c.in, c.n); got != c.want {
			t.Errorf("common.ClipLines(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
