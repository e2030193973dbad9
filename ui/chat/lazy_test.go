package chat

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/providers"
	"parley/session"
)

// lazyStore is a store holding one conversation of n messages, user and
// assistant in turn. Each message is a dozen short paragraphs: few bytes,
// many lines, so a placeholder's guess (from the bytes) is far from the
// real height and a jump would show.
func lazyStore(t *testing.T, n int) (*session.Store, int64) {
	t.Helper()
	s, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, err := s.CreateConversation("long")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		m := session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: paragraphs(i)}}}
		if i%2 == 1 {
			m.Role, m.Provider, m.Model = session.RoleAssistant, "fake", "m"
		}
		if err := s.AppendMessage(&m); err != nil {
			t.Fatal(err)
		}
	}
	return s, c.ID
}

// paragraphs is message i's text: its number, then short paragraphs.
func paragraphs(i int) string {
	p := []string{fmt.Sprintf("message %d", i+1)}
	for k := range 12 {
		p = append(p, fmt.Sprintf("p%d", k))
	}
	return strings.Join(p, "\n\n")
}

// openLazy is a harness showing conversation conv of s lazily.
func openLazy(t *testing.T, s *session.Store, conv int64) *harness {
	t.Helper()
	o, err := s.ConversationOutline(conv, PageSize)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s)
	h.c.LoadOutline(o)
	return h
}

// pendingCount is how many entries are placeholders.
func pendingCount(c *Chat) int {
	n := 0
	for _, e := range c.Entries() {
		if e.pending {
			n++
		}
	}
	return n
}

// visibleLoaded reports whether every entry on screen holds its message.
func visibleLoaded(c *Chat) bool {
	i, _ := c.list.Start()
	for seen := 0; i < c.Len() && seen < c.Height(); i++ {
		if c.Entries()[i].pending {
			return false
		}
		seen += c.draw.Height(c.Entries()[i], c.list.Width())
	}
	return true
}

func TestLazyPlaceholdersFillWhenScrolledTo(t *testing.T) {
	s, conv := lazyStore(t, 300)
	h := openLazy(t, s, conv)
	if got := pendingCount(h.c); got != 250 || h.c.Len() != 300 {
		t.Fatalf("%d entries, %d placeholders; want 300 and 250", h.c.Len(), got)
	}
	if e := h.c.Entries()[0]; e.Message().Role != session.RoleUser || !strings.HasPrefix(plainLines(h.c, e), "You") {
		t.Errorf("a placeholder's header %q, want the user's", plainLines(h.c, e))
	}
	pgUp := tea.KeyPressMsg{Code: tea.KeyPgUp}
	for step := 0; h.c.Entries()[0].pending; step++ {
		if step > 400 {
			t.Fatalf("after %d PgUps, %d placeholders remain", step, pendingCount(h.c))
		}
		h.apply(Outcome{Cmd: h.c.Scroll(pgUp)})
		h.until("the view's page", func() bool { return !h.c.pages.loading })
		if !visibleLoaded(h.c) {
			t.Fatalf("step %d: a placeholder is still on screen:\n%s", step, plain(h.c))
		}
	}
	h.apply(Outcome{Cmd: h.c.Scroll(tea.KeyPressMsg{Code: tea.KeyHome})})
	h.until("the top page", func() bool { return !h.c.pages.loading })
	if v := plain(h.c); !strings.Contains(v, "message 1\n") || !strings.Contains(v, "p0") {
		t.Errorf("the top of the conversation:\n%s", v)
	}
	if e := h.c.Entries()[0]; e.Text() != paragraphs(0) {
		t.Errorf("the first entry holds %q", e.Text())
	}
}

// plainLines is e's lines without styling.
func plainLines(c *Chat, e *Entry) string {
	return strings.Join(strings.Fields(stripAll(c.EntryLines(e, c.list.Width()))), " ")
}

func stripAll(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimSpace(ansi.Strip(l)))
		b.WriteByte('\n')
	}
	return b.String()
}

// A page that arrives for placeholders above the view, taller than
// guessed, moves nothing on screen.
func TestLazyPageAboveDoesNotMoveTheView(t *testing.T) {
	s, conv := lazyStore(t, 120)
	h := openLazy(t, s, conv)
	first := len(h.c.Entries()) - PageSize // the tail's first entry
	h.c.ShowAt(first, 2)
	before := plain(h.c)
	above := h.c.Entries()[first-1]
	guess := h.c.draw.Height(above, h.c.list.Width())
	h.apply(Outcome{Cmd: h.c.Want()})
	h.until("the page above", func() bool { return !above.pending })
	if real := h.c.draw.Height(above, h.c.list.Width()); real == guess {
		t.Fatalf("the guess (%d lines) was right: the test shows no jump", guess)
	}
	if after := plain(h.c); after != before {
		t.Errorf("the view moved when the page above arrived:\nbefore\n%s\nafter\n%s", before, after)
	}
	if i, skip := h.c.Top(); i != first || skip != 2 {
		t.Errorf("top is entry %d line %d, want %d line 2", i, skip, first)
	}
}

// A page of a conversation deleted meanwhile says so once; the chat
// stays usable and asks no more.
func TestLazyPageErrorIsOneNotice(t *testing.T) {
	s, conv := lazyStore(t, 120)
	h := openLazy(t, s, conv)
	if err := s.DeleteConversation(conv); err != nil {
		t.Fatal(err)
	}
	h.c.ShowAt(0, 0)
	h.apply(Outcome{Cmd: h.c.Want()})
	h.until("the failed page", func() bool { return h.c.pages.failed })
	for range 3 {
		h.apply(Outcome{Cmd: h.c.Scroll(tea.KeyPressMsg{Code: tea.KeyPgDown})})
	}
	var notices []string
	for _, o := range h.outs {
		if o.SetNotice && o.IsErr {
			notices = append(notices, o.Notice)
		}
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "cannot load the earlier messages") {
		t.Fatalf("notices %q, want one error saying the messages cannot be loaded", notices)
	}
	if h.c.pages.loading {
		t.Error("a page is still asked for after the failure")
	}
}

// /copy of a selected placeholder copies its text once its page arrived.
func TestLazyCopyWaitsForThePage(t *testing.T) {
	s, conv := lazyStore(t, 120)
	h := openLazy(t, s, conv)
	e := h.c.Entries()[3]
	h.c.selectEntry(e)
	out := h.apply(h.c.Copy(""))
	if !strings.Contains(out.Notice, "loading that message") {
		t.Fatalf("copying a placeholder says %q", out.Notice)
	}
	h.until("the copy", func() bool {
		last := h.outs[len(h.outs)-1]
		return strings.Contains(last.Notice, "copying the selected message")
	})
	if e.pending || e.Text() != paragraphs(3) {
		t.Errorf("the selected entry holds %q", e.Text())
	}
}

// A placeholder's header shows what the whole message's would: who wrote
// it, its ‹ i/n › and its reply's cost — the outline's headers carry them.
func TestLazyHeadersMatchTheWholeLoad(t *testing.T) {
	s, conv := lazyStore(t, 120)
	whole, err := s.Conversation(conv)
	if err != nil {
		t.Fatal(err)
	}
	a := whole.Messages[3] // an early reply: retried, then switched back to
	a.Usage = session.Usage{InputTokens: 1200, OutputTokens: 340}
	if err := s.UpdateMessage(&a); err != nil {
		t.Fatal(err)
	}
	retry := session.Message{ConversationID: conv, Role: session.RoleAssistant, Status: session.StatusDone,
		Provider: "fake", Model: "m", Parts: []session.Part{session.Text{Text: "again"}}}
	if err := s.AppendSibling(&retry, a.ID); err != nil {
		t.Fatal(err)
	}
	if whole, err = s.SwitchBranch(conv, a.ID); err != nil || len(whole.Messages) != 120 {
		t.Fatalf("switch back: %v, %d messages", err, len(whole.Messages))
	}
	price := func(provider, model string) (providers.Price, bool) {
		return providers.Price{Input: 2, Output: 8}, provider == "fake"
	}
	full := newHarness(t, s)
	full.c.opts.Price = price
	full.c.Load(whole)
	o, err := s.ConversationOutline(conv, PageSize)
	if err != nil {
		t.Fatal(err)
	}
	lazy := newHarness(t, s)
	lazy.c.opts.Price = price
	lazy.c.LoadOutline(o)
	if !lazy.c.Entries()[3].pending {
		t.Fatal("the retried reply was loaded: the test shows nothing")
	}
	for i, e := range lazy.c.Entries() {
		want := full.c.Entries()[i]
		if e.Tags() != want.Tags() || e.Message().Role != want.Message().Role {
			t.Errorf("entry %d: tags %+v, whole load's %+v", i, e.Tags(), want.Tags())
		}
		if got, w := lazy.c.EntryLines(e, 80)[0], full.c.EntryLines(want, 80)[0]; got != w {
			t.Errorf("entry %d: header %q, whole load's %q", i, ansi.Strip(got), ansi.Strip(w))
		}
	}
	if tags := lazy.c.Entries()[3].Tags(); tags.Branches != 2 || tags.Cost == "" {
		t.Errorf("the retried reply's placeholder shows %+v, want ‹ 1/2 › and a cost", tags)
	}
}

// An image in a message that was a placeholder is laid out (its block,
// its slot on screen) once its page arrives.
func TestLazyImageOfAPlaceholderIsDrawn(t *testing.T) {
	s, conv := lazyStore(t, 120)
	c, err := s.Conversation(conv)
	if err != nil {
		t.Fatal(err)
	}
	sha, err := s.PutBlob([]byte("\x89PNG not decoded by the fake pipeline"))
	if err != nil {
		t.Fatal(err)
	}
	first := c.Messages[0]
	first.Parts = append(first.Parts, session.Image{Blob: sha, MIME: "image/png", Name: "early.png", Width: 8, Height: 8})
	if err := s.UpdateMessage(&first); err != nil {
		t.Fatal(err)
	}
	h := openLazy(t, s, conv)
	e := h.c.Entries()[0]
	if !e.pending || e.ImageBlocks().Len() != 0 {
		t.Fatalf("the first message is loaded already (pending %v, %d blocks)", e.pending, e.ImageBlocks().Len())
	}
	h.apply(Outcome{Cmd: h.c.Scroll(tea.KeyPressMsg{Code: tea.KeyHome})})
	h.until("the first page", func() bool { return !e.pending })
	if lines := stripAll(h.c.EntryLines(e, 80)); len(h.c.Blocks(e)) != 1 || len(h.c.Slots()) == 0 || !strings.Contains(lines, "▣ early.png") {
		t.Errorf("the early image: %d blocks, %d slots on screen, entry:\n%s", len(h.c.Blocks(e)), len(h.c.Slots()), lines)
	}
}

// A page still in flight when another conversation opens is dropped: it
// fills nothing there and does not hold up that one's pages.
func TestLazyStalePageIsDropped(t *testing.T) {
	s, conv := lazyStore(t, 120)
	h := openLazy(t, s, conv)
	h.c.ShowAt(0, 0)
	stale := h.c.Want()
	if stale == nil {
		t.Fatal("no page wanted at the top")
	}
	o, err := s.ConversationOutline(conv, PageSize)
	if err != nil {
		t.Fatal(err)
	}
	h.c.Reset()
	h.c.LoadOutline(o) // opened again: the same IDs, a new load
	before := pendingCount(h.c)
	out := h.c.Update(stale())
	if out.Cmd != nil || pendingCount(h.c) != before || h.c.pages.loading {
		t.Errorf("the stale page filled %d entries (cmd %v, loading %v)", before-pendingCount(h.c), out.Cmd != nil, h.c.pages.loading)
	}
	h.c.ShowAt(0, 0)
	if h.c.Want() == nil {
		t.Error("the new load asks for no page")
	}
}
