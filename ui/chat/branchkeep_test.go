package chat

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// addSibling stores "other answer" and the paragraphs beside message at of conv's
// current branch, making it the leaf; it returns the message's ID and
// the sibling's.
func addSibling(t *testing.T, s *session.Store, conv int64, at int) (orig, sib int64) {
	t.Helper()
	c, err := s.Conversation(conv)
	if err != nil {
		t.Fatal(err)
	}
	m := c.Messages[at]
	other := session.Message{ConversationID: conv, Role: m.Role, Status: session.StatusDone,
		Provider: "fake", Model: "m", Parts: []session.Part{session.Text{Text: "other answer\n\n" + paragraphs(at)}}}
	if err := s.AppendSibling(&other, m.ID); err != nil {
		t.Fatal(err)
	}
	return m.ID, other.ID
}

// switchInPlace selects message id, puts it on row 5, presses → and
// waits for the branch and the pages in view; it returns the entry
// shown for the sibling switched to.
func switchInPlace(t *testing.T, h *harness, id, to int64) *Entry {
	t.Helper()
	var e *Entry
	for _, x := range h.c.Entries() {
		if x.msg.ID == id {
			e = x
		}
	}
	if e == nil || e.branch.Count != 2 {
		t.Fatalf("message %d is not shown with two branches", id)
	}
	h.c.selectEntry(e)
	h.c.showAbove(indexOf(h.c, e), 5)
	h.apply(Outcome{Cmd: h.c.Want()})
	h.until("the pages in view", func() bool { return !h.c.pages.loading && visibleLoaded(h.c) })
	if row, ok := h.c.rowOf(e); !ok || row != 5 {
		t.Fatalf("the message starts on row %d (shown %v), want 5", row, ok)
	}
	out, ok := h.c.HandleSelectKey(tea.KeyPressMsg{Code: tea.KeyRight}, true)
	if !ok || out.Cmd == nil {
		t.Fatalf("→ on the selected message: %+v", out)
	}
	h.apply(out)
	var now *Entry
	h.until("the switched branch", func() bool {
		for _, x := range h.c.Entries() {
			if x.msg.ID == to {
				now = x
			}
		}
		return now != nil && !h.c.pages.loading && visibleLoaded(h.c)
	})
	return now
}

func indexOf(c *Chat, e *Entry) int {
	for i, x := range c.Entries() {
		if x == e {
			return i
		}
	}
	return -1
}

// ← / → on a message of a long conversation switches its branch lazily
// (the outline, placeholders for what is not in view) and keeps the
// message on the row it was on.
func TestBranchSwitchKeepsTheMessageInPlace(t *testing.T) {
	s, conv := lazyStore(t, 120)
	orig, sib := addSibling(t, s, conv, 101) // the new leaf: the branch is 102 messages
	h := openLazy(t, s, conv)
	now := switchInPlace(t, h, sib, orig) // back to the 120-message branch
	if row, ok := h.c.rowOf(now); !ok || row != 5 {
		t.Errorf("the message switched to starts on row %d (shown %v), want 5:\n%s", row, ok, plain(h.c))
	}
	if h.c.Len() != 120 || pendingCount(h.c) == 0 {
		t.Errorf("%d entries, %d placeholders: want the 120-message branch read lazily", h.c.Len(), pendingCount(h.c))
	}
	if sel, ok := h.c.Selected(); !ok || sel != now || now.Tags().Branch != 1 {
		t.Errorf("selection %v on %p (want %p), branch ‹ %d ›", ok, sel, now, now.Tags().Branch)
	}
	if now.Text() != paragraphs(101) {
		t.Errorf("the message switched to holds %q", now.Text())
	}
}

// A switch onto a message the new outline has as a placeholder (before
// its last page) keeps it on its row once the pages above it came.
func TestBranchSwitchOntoAPlaceholderKeepsItsRow(t *testing.T) {
	s, conv := lazyStore(t, 120)
	orig, sib := addSibling(t, s, conv, 41) // the branch through the sibling is 42 messages: all in its tail
	h := openLazy(t, s, conv)
	now := switchInPlace(t, h, sib, orig)
	if i := indexOf(h.c, now); i != 41 || h.c.Len() != 120 {
		t.Fatalf("the message is entry %d of %d", i, h.c.Len())
	}
	if row, ok := h.c.rowOf(now); !ok || row != 5 {
		t.Errorf("the message switched to starts on row %d (shown %v), want 5:\n%s", row, ok, plain(h.c))
	}
	if !strings.Contains(plain(h.c), "message 42") {
		t.Errorf("the view does not show the message switched to:\n%s", plain(h.c))
	}
}
