package ui

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/clip"
	"parley/ui/dialog"
	"parley/ui/transcript"
)

// ↑ recalls the messages sent, newest first, into an editable composer;
// ↓ goes back to the draft; a new model on the same store recalls them
// from the store (loaded by Init's Cmd); ctrl+u clears a multi-line draft.
func TestInputHistoryInTheChat(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, st := storeModel(t, p, Options{})
	converse(t, m, r, p, "first question")
	converse(t, m, r, p, "second question")
	r.typeText("draft")
	r.press(tea.KeyUp, 0)
	if m.composer.Value() != "second question" {
		t.Fatalf("↑: %q", m.composer.Value())
	}
	r.press(tea.KeyUp, 0)
	r.typeText(" again")
	if m.composer.Value() != "first question again" {
		t.Fatalf("edited recall: %q", m.composer.Value())
	}
	r.press(tea.KeyDown, tea.ModCtrl)
	r.press(tea.KeyDown, tea.ModCtrl)
	if m.composer.Value() != "draft" {
		t.Fatalf("back to the draft: %q", m.composer.Value())
	}
	r.press(tea.KeyEnter, tea.ModShift)
	r.typeText("line two")
	r.press('u', tea.ModCtrl)
	if m.composer.Value() != "" {
		t.Fatalf("ctrl+u left %q", m.composer.Value())
	}
	typeCommand(r, "/recall FIRST")
	if m.composer.Value() != "first question" {
		t.Fatalf("/recall: %q", m.composer.Value())
	}
	m.composer.Reset()
	typeCommand(r, "/recall nothing like it")
	if !noticeErr(m) || !strings.Contains(notice(m), `no earlier message contains "nothing like it"`) {
		t.Fatalf("/recall without a match: %q", notice(m))
	}

	m2 := newTestModel(t, p, Options{Store: st})
	r2 := newRunner(t, m2)
	r2.run(m2.Init())
	r2.until("the stored history", func() bool {
		m2.composer.Older()
		return m2.composer.Value() == "second question"
	})
}

// ctrl+g without $VISUAL or $EDITOR says what to set and keeps the
// draft; with one it writes the draft to a private file and hands the
// terminal to the editor through tea.ExecProcess.
func TestEditorKey(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	r := newRunner(t, m)
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "")
	r.typeText("draft")
	r.press('g', tea.ModCtrl)
	if !strings.Contains(notice(m), "set $VISUAL or $EDITOR") || !noticeErr(m) || m.composer.Value() != "draft" {
		t.Fatalf("no editor: notice %q, draft %q", notice(m), m.composer.Value())
	}
	t.Setenv("EDITOR", "true")
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl})
	ready := messages(cmd)
	if len(ready) != 1 {
		t.Fatalf("ctrl+g gave %#v", ready)
	}
	_, cmd = m.Update(ready[0])
	exec := messages(cmd)
	if len(exec) != 1 || !strings.Contains(reflect.TypeOf(exec[0]).String(), "exec") {
		t.Fatalf("no ExecProcess: %#v", exec)
	}
}

// /copy copies the last reply's markdown by OSC 52 (wrapped again for
// tmux when $TMUX is set) and the system tool; /copy code N its Nth code
// block; a selected message (shift+↑) is what ctrl+y copies.
func TestCopyCommands(t *testing.T) {
	reply := "Two ways:\n\n```go\nfmt.Println(1)\n```\n\nor\n\n```sh\necho 2\n```"
	p := &providertest.Provider{Events: providertest.Reply(reply)}
	m, r, _ := storeModel(t, p, Options{})
	out := fakeXclip(t)
	converse(t, m, r, p, "how?")

	copyNow := func(line string) []tea.Msg {
		r.typeText(line)
		_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
		msgs := messages(cmd)
		for _, msg := range msgs {
			if c, ok := msg.(clip.Copied); ok {
				m.Update(c)
			}
		}
		return msgs
	}
	msgs := copyNow("/copy")
	if !reflect.DeepEqual(msgs[0], tea.SetClipboard(reply)()) {
		t.Fatalf("OSC 52 of %#v", msgs)
	}
	if b, _ := os.ReadFile(out); string(b) != reply {
		t.Errorf("xclip got %q", b)
	}
	want := fmt.Sprintf("copied the last reply (%d bytes) with xclip and OSC 52", len(reply))
	if notice(m) != want || m.composer.Value() != "" {
		t.Errorf("notice %q, want %q", notice(m), want)
	}

	copyNow("/copy code 1")
	if b, _ := os.ReadFile(out); string(b) != "fmt.Println(1)" || !strings.Contains(notice(m), "code block 1 of 2") {
		t.Errorf("code 1: %q, notice %q", b, notice(m))
	}
	t.Setenv("TMUX", "/tmp/tmux-0/default,1,0")
	msgs = copyNow("/copy code")
	if len(msgs) < 2 || !reflect.DeepEqual(msgs[1], tea.Raw(clip.TmuxOSC52("echo 2"))()) {
		t.Fatalf("tmux: %#v", msgs)
	}
	copyNow("/copy code 3")
	if !noticeErr(m) || !strings.Contains(notice(m), "N is 1 to 2") {
		t.Errorf("bad N: %q", notice(m))
	}

	r.press(tea.KeyUp, tea.ModShift)
	r.press(tea.KeyUp, tea.ModShift)
	if e, _ := m.chat.Selected(); e == nil || e.Text() != "how?" {
		t.Fatalf("shift+↑ twice selected %v", e)
	}
	if !strings.Contains(plainView(m), "▌") {
		t.Errorf("the selection is not marked:\n%s", plainView(m))
	}
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'y', Mod: tea.ModCtrl})
	for _, msg := range messages(cmd) {
		if c, ok := msg.(clip.Copied); ok {
			m.Update(c)
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "how?" || !strings.Contains(notice(m), "the selected message (4 bytes)") {
		t.Errorf("ctrl+y: %q, notice %q", b, notice(m))
	}
	r.press(tea.KeyEscape, 0)
	if _, ok := m.chat.Selected(); ok {
		t.Error("esc kept the selection")
	}
}

// With no clipboard tool the notice says what to install and that OSC 52
// was sent; with no reply there is nothing to copy.
func TestCopyWithoutARoute(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("hello")}
	m, r, _ := storeModel(t, p, Options{})
	typeCommand(r, "/copy")
	if !noticeErr(m) || !strings.Contains(notice(m), "nothing to copy") {
		t.Fatalf("no reply: %q", notice(m))
	}
	converse(t, m, r, p, "hi")
	t.Setenv("PATH", t.TempDir())
	t.Setenv("DISPLAY", ":0")
	t.Setenv("WAYLAND_DISPLAY", "")
	typeCommand(r, "/copy")
	r.until("the copy's notice", func() bool { return strings.Contains(notice(m), "copied the last reply") })
	if n := notice(m); !noticeErr(m) || !strings.Contains(n, "install xclip or xsel") || !strings.Contains(n, "OSC 52") {
		t.Errorf("no-route notice %q", n)
	}
}

// /mouse and alt+m turn mouse capture off and on.
func TestMouseToggle(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	r := newRunner(t, m)
	typeCommand(r, "/mouse")
	if m.View().MouseMode != tea.MouseModeNone || !strings.Contains(notice(m), "drag to select") {
		t.Fatalf("/mouse: mode %v, notice %q", m.View().MouseMode, notice(m))
	}
	r.send(tea.KeyPressMsg{Code: 'm', Mod: tea.ModAlt})
	if m.View().MouseMode != tea.MouseModeCellMotion || !strings.Contains(notice(m), "shift+drag") {
		t.Fatalf("alt+m: mode %v, notice %q", m.View().MouseMode, notice(m))
	}
}

// /system sets the prompt the turn sends and the store keeps, shown dim
// at the transcript's top; /system shows it; /system clear removes it.
func TestSystemCommand(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, st := storeModel(t, p, Options{System: "from the config"})
	if e := m.chat.Entries(); len(e) != 1 || e[0].Kind() != transcript.KindSystem {
		t.Fatalf("the default prompt is not at the top: %v", e)
	}
	converse(t, m, r, p, "hi")
	if got := p.Requests()[0].System; got != "from the config" {
		t.Fatalf("sent system %q", got)
	}
	typeCommand(r, "/system Be brief.")
	r.until("the prompt stored", func() bool {
		c, err := st.Conversation(m.chat.ConvID())
		return err == nil && c.System == "Be brief."
	})
	if e := m.chat.Entries()[0]; e.Kind() != transcript.KindSystem || e.Text() != "Be brief." {
		t.Fatalf("top entry %q", e.Text())
	}
	if !strings.Contains(plainView(m), "System prompt") {
		t.Errorf("not shown:\n%s", plainView(m))
	}
	converse(t, m, r, p, "again")
	if got := p.Requests()[1].System; got != "Be brief." {
		t.Fatalf("second turn sent system %q", got)
	}
	typeCommand(r, "/system")
	if notice(m) != "system prompt: Be brief." {
		t.Errorf("/system shows %q", notice(m))
	}
	typeCommand(r, "/system clear")
	if e := m.chat.Entries()[0]; e.Kind() == transcript.KindSystem {
		t.Error("cleared prompt still shown")
	}
	converse(t, m, r, p, "third")
	if got := p.Requests()[2].System; got != "" {
		t.Errorf("cleared prompt sent %q", got)
	}
}

// /persona NAME (Tab completes the name) sets its prompt and switches to
// its model; an unknown name lists the configured ones.
func TestPersonaCommand(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, _ := storeModel(t, p, Options{Personas: personas()})
	r.typeText("/persona rev")
	r.press(tea.KeyTab, 0)
	if m.composer.Value() != "/persona reviewer" {
		t.Fatalf("tab: %q", m.composer.Value())
	}
	r.press(tea.KeyEnter, 0)
	if m.opts.Model != "fake/review-model" || m.convo.Prompt().Persona != "reviewer" {
		t.Fatalf("model %q, prompt %+v", m.opts.Model, m.convo.Prompt())
	}
	converse(t, m, r, p, "look")
	if req := p.Requests()[0]; req.System != "You review Go code." || req.Model != "review-model" {
		t.Errorf("sent %q to %q", req.System, req.Model)
	}
	if !strings.Contains(m.chat.Entries()[0].Text(), "persona reviewer") {
		t.Errorf("top entry %q", m.chat.Entries()[0].Text())
	}
	typeCommand(r, "/persona nobody")
	if !noticeErr(m) || !strings.Contains(notice(m), "reviewer, terse") {
		t.Errorf("unknown persona: %q", notice(m))
	}
}

// /rename retitles the stored conversation and the status bar; before
// the first message there is nothing to rename.
func TestRenameCommand(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, st := storeModel(t, p, Options{})
	typeCommand(r, "/rename Early")
	if !noticeErr(m) || !strings.Contains(notice(m), "nothing to rename yet") {
		t.Fatalf("unsaved: %q", notice(m))
	}
	converse(t, m, r, p, "hello there")
	typeCommand(r, "/rename Go \x1b[31msorting\x1b[0m")
	r.until("the rename", func() bool { return strings.HasPrefix(notice(m), "renamed") })
	c, err := st.Conversation(m.chat.ConvID())
	if err != nil || c.Title != "Go [31msorting[0m" && c.Title != "Go sorting" {
		t.Fatalf("stored title %q %v", c.Title, err)
	}
	if m.status.Title() != c.Title || strings.Contains(m.status.Title(), "\x1b") {
		t.Errorf("status title %q, stored %q", m.status.Title(), c.Title)
	}
}

// /delete asks first: n keeps everything; y deletes the conversation
// from the store and starts a new one.
func TestDeleteCommand(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, st := storeModel(t, p, Options{})
	converse(t, m, r, p, "to be deleted")
	id := m.chat.ConvID()
	typeCommand(r, "/delete")
	if _, ok := m.dialogs.Top().(*dialog.Ask); !ok || !strings.Contains(flatView(m), "Delete \"to be deleted\"") {
		t.Fatalf("no confirmation:\n%s", plainView(m))
	}
	r.send(tea.KeyPressMsg{Code: 'n', Text: "n"})
	if m.dialogs.IsOpen() || m.chat.ConvID() != id {
		t.Fatal("n did not just close the question")
	}
	typeCommand(r, "/delete")
	r.send(tea.KeyPressMsg{Code: 'y', Text: "y"})
	r.until("the deletion", func() bool { return m.chat.ConvID() == 0 })
	if _, err := st.Conversation(id); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("still stored: %v", err)
	}
	if m.chat.Len() != 0 || !strings.Contains(notice(m), "conversation deleted; this is a new one") {
		t.Errorf("after delete: %d entries, notice %q", m.chat.Len(), notice(m))
	}
}

// ctrl+d in the history deletes the conversation under the cursor after
// the same question; the conversation on screen goes on.
func TestDeleteFromHistory(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, st := storeModel(t, p, Options{})
	converse(t, m, r, p, "the old one")
	old := m.chat.ConvID()
	typeCommand(r, "/new")
	converse(t, m, r, p, "the current one")
	current := m.chat.ConvID()
	openHistoryDialog(t, r)
	r.press(tea.KeyDown, 0) // the older conversation, below the current one
	r.press('d', tea.ModCtrl)
	if _, ok := m.dialogs.Top().(*dialog.Ask); !ok || !strings.Contains(flatView(m), "Delete \"the old one\"") {
		t.Fatalf("no confirmation:\n%s", plainView(m))
	}
	r.send(tea.KeyPressMsg{Code: 'y', Text: "y"})
	r.until("the deletion", func() bool { return strings.Contains(notice(m), "conversation deleted") })
	if _, err := st.Conversation(old); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("still stored: %v", err)
	}
	if m.chat.ConvID() != current || !strings.Contains(plainView(m), "the current one") {
		t.Errorf("the conversation on screen changed: conv %d (want %d)", m.chat.ConvID(), current)
	}
}

// A conversation deleted by another parley: the next save says so.
func TestConversationDeletedElsewhere(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, st := storeModel(t, p, Options{})
	converse(t, m, r, p, "hello")
	if err := st.DeleteConversation(m.chat.ConvID()); err != nil {
		t.Fatal(err)
	}
	typeCommand(r, "/rename New name")
	r.until("the rename's failure", func() bool { return noticeErr(m) })
	if !strings.Contains(notice(m), "this conversation was deleted") {
		t.Errorf("rename: %q", notice(m))
	}
	r.typeText("still there?")
	r.press(tea.KeyEnter, 0)
	r.until("the turn's end", func() bool { return !m.chat.Busy() })
	if view := flatView(m); !strings.Contains(view, "deleted") {
		t.Errorf("the failed save is not explained:\n%s", plainView(m))
	}
}

// The status bar shows what the conversation's replies cost; an
// unknown price shows nothing.
func TestCostInStatusBar(t *testing.T) {
	p := &providertest.Provider{Events: append(providertest.TextEvents("ok"), providertest.Usage(2_000_000, 500_000))}
	price := func(provider, model string) (providers.Price, bool) {
		return providers.Price{Input: 1, Output: 4}, provider == "fake" && model == "test-model"
	}
	m, r, _ := storeModel(t, p, Options{Price: price})
	converse(t, m, r, p, "hi")
	r.until("the cost", func() bool { return strings.Contains(plainView(m), "$4.00") })
	converse(t, m, r, p, "again")
	r.until("the sum", func() bool { return strings.Contains(plainView(m), "$8.00") })

	m2, r2, _ := storeModel(t, p, Options{Price: func(string, string) (providers.Price, bool) { return providers.Price{}, false }})
	converse(t, m2, r2, p, "hi")
	if strings.Contains(plainView(m2), "$") {
		t.Errorf("unknown price shown:\n%s", plainView(m2))
	}
}

// A resumed conversation sends the prompt the app chose (here --system's
// over its stored one) and shows it at the top; the stored one stays.
func TestResumedConversationPrompt(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	st := openStore(t)
	c, err := st.CreateConversation("old")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSystem(c.ID, "stored", ""); err != nil {
		t.Fatal(err)
	}
	c, _ = st.Conversation(c.ID)
	opts := Options{Store: st, Conversation: c, System: "from the flag",
		Turns: func(model string) (*session.Turn, error) {
			return &session.Turn{Store: st, Provider: p, Model: "test-model"}, nil
		}}
	m := newTestModel(t, p, opts)
	r := newRunner(t, m)
	if e := m.chat.Entries(); len(e) == 0 || e[0].Text() != "from the flag" {
		t.Fatalf("top: %v", e)
	}
	converse(t, m, r, p, "hi")
	if got := p.Requests()[0].System; got != "from the flag" {
		t.Errorf("sent %q", got)
	}
	if c, _ := st.Conversation(c.ID); c.System != "stored" {
		t.Errorf("stored prompt became %q", c.System)
	}
}
