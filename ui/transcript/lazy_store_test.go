package transcript

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// lazyMsg is a message entry of a lazily resumed conversation: a header
// until its message is loaded.
type lazyMsg struct {
	hdr session.MessageHeader
	msg *session.Message
	ver uint64
}

// lazyLayout draws lazyMsgs: a placeholder as its header and blank lines
// of its estimated height, a loaded message as its words wrapped at w.
type lazyLayout struct{}

func (lazyLayout) Render(e *lazyMsg, w int) []string {
	if e.msg == nil {
		return append([]string{"… " + string(e.hdr.Role)}, make([]string, EstimateHeight(e.hdr, w, 1)-1)...)
	}
	lines := []string{fmt.Sprintf("%s #%d", e.msg.Role, e.msg.ID)}
	line := ""
	for _, word := range strings.Fields(e.msg.Text()) {
		if line != "" && len(line)+1+len(word) > w {
			lines, line = append(lines, line), ""
		}
		line = strings.TrimPrefix(line+" "+word, " ")
	}
	return append(lines, line, "")
}

func (lazyLayout) Version(e *lazyMsg) uint64 { return e.ver }

// Estimate serves placeholders and loaded messages not drawn yet alike.
func (lazyLayout) Estimate(e *lazyMsg, w int) int { return EstimateHeight(e.hdr, w, 1) }

// Loaded makes lazyLayout a Loader: a Cache over it asks it.
func (lazyLayout) Loaded(e *lazyMsg) bool { return e.msg != nil }

// lazyRoot plays the root's part: it resumes a conversation from its
// outline and fills in the pages the transcript wants.
type lazyRoot struct {
	tb    testing.TB
	store *session.Store
	conv  int64
	tr    Model[*lazyMsg]
	loads map[int64]int // per message ID, how often it was loaded
}

func (r *lazyRoot) service() {
	r.tb.Helper()
	for {
		w, ok := r.tr.Want(24, 16)
		if !ok {
			return
		}
		page := r.tr.Entries()[w.From:w.To]
		ids := make([]int64, len(page))
		for i, e := range page {
			ids[i] = e.hdr.ID
		}
		msgs, err := r.store.Messages(r.conv, ids)
		if err != nil {
			r.tb.Fatal(err)
		}
		for i := range msgs {
			page[i].msg, page[i].ver = &msgs[i], page[i].ver+1
			r.loads[msgs[i].ID]++
		}
		r.tr.Relayout()
	}
}

// resume opens conversation conv of store from its outline with the last
// tail messages loaded, one placeholder per other message, laid out by r
// at w×h, and loads the pages the first screen wants.
func resume(tb testing.TB, store *session.Store, conv int64, tail int, r Renderer[*lazyMsg], w, h int) *lazyRoot {
	tb.Helper()
	o, err := store.ConversationOutline(conv, tail)
	if err != nil {
		tb.Fatal(err)
	}
	root := &lazyRoot{tb: tb, store: store, conv: conv, loads: map[int64]int{},
		tr: New[*lazyMsg](NewCache[*lazyMsg](r, 0), DefaultKeyMap())}
	first := len(o.Branch) - len(o.Tail)
	for i, hdr := range o.Branch {
		e := &lazyMsg{hdr: hdr}
		if i >= first {
			e.msg = &o.Tail[i-first]
		}
		root.tr.Add(e)
	}
	root.tr.SetSize(w, h)
	root.service()
	return root
}

func (r *lazyRoot) press(code rune) {
	r.tr, _ = r.tr.Update(tea.KeyPressMsg{Code: code})
	r.service()
}

// A conversation resumed from its outline loads only the pages that come
// near the view; scrolling from the top to the bottom loads every message
// once, the entry at the top of the view stays put as the pages above it
// arrive, and every entry on screen is loaded once its page is in.
func TestLazyResumeFromStore(t *testing.T) {
	store, err := session.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	c, err := store.CreateConversation("long")
	if err != nil {
		t.Fatal(err)
	}
	const n = 160
	for i := range n {
		m := &session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: fmt.Sprintf("message %d %s", i, strings.Repeat("word ", i%23))}}}
		if i%2 == 1 {
			m.Role = session.RoleAssistant
		}
		if err := store.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	const tail = 3
	r := resume(t, store, c.ID, tail, lazyLayout{}, 40, 12)
	if !strings.Contains(strings.Join(r.tr.Lines(), "\n"), "message 159") {
		t.Fatalf("the resumed view does not end with the last message:\n%s", strings.Join(r.tr.Lines(), "\n"))
	}
	if len(r.loads) == 0 || len(r.loads) > 32 {
		t.Fatalf("resuming loaded %d messages beyond the tail; want two pages at most, not all %d", len(r.loads), n)
	}

	r.press(tea.KeyHome)
	if got := r.tr.Lines()[1]; !strings.HasPrefix(got, "message 0") {
		t.Fatalf("at the top the view shows %q, want the first message", got)
	}
	for !r.tr.Following() {
		r.tr.Visible(func(s Shown[*lazyMsg]) bool {
			if s.Entry.msg == nil {
				t.Fatalf("entry %d on screen is still a placeholder after its page arrived", s.Index)
			}
			return true
		})
		r.press(tea.KeyPgDown)
	}
	for id, k := range r.loads {
		if k != 1 {
			t.Errorf("message %d was loaded %d times", id, k)
		}
	}
	if got := len(r.loads) + tail; got != n {
		t.Errorf("%d messages loaded after scrolling through all %d", got, n)
	}

	// Paging up onto placeholders: the entry the view starts at stays
	// the same when its page arrives and the estimates become heights.
	r2 := &lazyRoot{tb: t, store: store, conv: c.ID, loads: map[int64]int{}, tr: r.tr}
	for _, e := range r2.tr.Entries()[:n-tail] {
		e.msg, e.ver = nil, e.ver+1 // unload all but the tail
	}
	r2.tr, _ = r2.tr.Update(tea.KeyPressMsg{Code: tea.KeyPgUp})
	r2.tr, _ = r2.tr.Update(tea.KeyPressMsg{Code: tea.KeyPgUp})
	before, _ := r2.tr.Start()
	r2.service()
	if after, _ := r2.tr.Start(); after != before {
		t.Errorf("the view jumped from entry %d to %d as its page arrived", before, after)
	}
}
