package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/ui/tray"
)

// sendText types text and presses Enter, then waits for the reply to end.
func sendText(r *runner, text string) {
	r.typeText(text)
	r.press(tea.KeyEnter, 0)
	r.until("the reply to end", func() bool { return !r.m.chat.Busy() })
}

// TestSendClearsNotices: a confirmation and an error about the previous
// action both end when the user sends the next message (the two
// examples), and the line is gone from the screen.
func TestSendClearsNotices(t *testing.T) {
	for _, c := range []struct {
		notice string
		isErr  bool
	}{
		{"transcript saved", false},
		{"no microphone found: no sound server", true},
	} {
		m := newTestModel(t, &providertest.Provider{Events: providertest.Reply("ok")}, Options{})
		r := newRunner(t, m)
		m.tray.SetNotice(c.notice, c.isErr)
		m.layout()
		if !strings.Contains(plainView(m), c.notice) {
			t.Fatalf("notice %q not shown:\n%s", c.notice, plainView(m))
		}
		sendText(r, "hello")
		if notice(m) != "" || strings.Contains(plainView(m), c.notice) {
			t.Errorf("after sending, notice %q is still there:\n%s", notice(m), plainView(m))
		}
	}
}

// TestErrorNoticeOutlivesEvents: an error set while a reply streams stays
// when the reply finishes (not a user action), and when Enter is pressed
// but nothing can be sent; the next real send ends it. A real command
// flow: an unknown command, then a confirmation from /new.
func TestErrorNoticeOutlivesEvents(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("a", "b", "c"), Delay: 20 * time.Millisecond}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.typeText("first")
	r.press(tea.KeyEnter, 0)
	r.typeText("/nosuch")
	r.press(tea.KeyEnter, 0)
	const unknown = "unknown command /nosuch"
	if !strings.Contains(notice(m), unknown) || !noticeErr(m) || !m.chat.Busy() {
		t.Fatalf("notice %q (err %v), streaming %v", notice(m), noticeErr(m), m.chat.Busy())
	}
	r.until("the reply to end", func() bool { return !m.chat.Busy() })
	if !strings.Contains(notice(m), unknown) {
		t.Errorf("the reply finishing cleared the error; notice %q", notice(m))
	}
	r.press('u', tea.ModCtrl) // clear the composer: Enter on nothing sends nothing
	r.press(tea.KeyEnter, 0)
	if !strings.Contains(notice(m), unknown) {
		t.Errorf("an Enter that sent nothing cleared the error; notice %q", notice(m))
	}
	sendText(r, "second")
	if notice(m) != "" {
		t.Errorf("after a send the notice is %q", notice(m))
	}

	r.typeText("/new")
	r.press(tea.KeyEnter, 0)
	if notice(m) != "new conversation" || noticeErr(m) {
		t.Fatalf("after /new the notice is %q", notice(m))
	}
	sendText(r, "third")
	if notice(m) != "" {
		t.Errorf("the confirmation outlived the send: %q", notice(m))
	}
}

// TestSendKeepsStartupAndProgressNotices: the start-up prompt is not the
// user's send, so why a start-up attachment failed stays; a progress line
// for a clipboard read still running stays until the read ends.
func TestSendKeepsStartupAndProgressNotices(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{Events: providertest.Reply("ok")}, Options{})
	r := newRunner(t, m)
	missing := filepath.Join(t.TempDir(), "missing.png")
	r.run(tray.StartAttachments(m.opts.Store, nil, []string{missing}, "describe it"))
	r.until("the start-up reply", func() bool { return !m.chat.Busy() && m.chat.Len() >= 2 })
	if !strings.Contains(notice(m), "cannot attach missing.png") { // the test model keeps no store
		t.Errorf("the start-up attachment error is gone: %q", notice(m))
	}

	m.tray.SetProgress(tray.ClipboardNotice)
	sendText(r, "hello")
	if notice(m) != tray.ClipboardNotice {
		t.Errorf("the clipboard read's progress line became %q on send", notice(m))
	}
}
