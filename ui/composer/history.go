package composer

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// historyLimit bounds how many earlier messages are kept for recall: a
// day's worth of prompts, not the whole store.
const historyLimit = 200

// recall is input history: the messages sent in this session (newest
// first), then those the store had (this conversation's first, then older
// ones), and where Up and Down have got to. pos -1 is the draft.
type recall struct {
	sent   []string // sent in this session, newest first
	stored []string // from Store.InputHistory, newest first
	pos    int
	draft  string // what was typed before the first Up
}

// list is what Up steps through: this session's messages, then the
// stored ones not among them.
func (r *recall) list() []string {
	out := append([]string(nil), r.sent...)
	seen := make(map[string]bool, len(out))
	for _, s := range out {
		seen[s] = true
	}
	for _, s := range r.stored {
		if !seen[s] {
			out = append(out, s)
		}
	}
	return out
}

// historyMsg carries the store's input history for conversation conv.
type historyMsg struct {
	conv  int64
	texts []string
	err   error
}

func (historyMsg) composerMsg() {}

// LoadHistory is the Cmd that reads the input history of conversation
// conv (0: every conversation's, newest first) from store; nil without a
// store. Its result goes back through Apply.
func LoadHistory(store *session.Store, conv int64) tea.Cmd {
	if store == nil {
		return nil
	}
	return func() tea.Msg {
		texts, err := store.InputHistory(conv, historyLimit)
		return historyMsg{conv: conv, texts: texts, err: err}
	}
}

// Remember adds a sent message to the history and ends any recall, so the
// next Up starts from the newest message again.
func (c *Model) Remember(text string) {
	if text == "" {
		return
	}
	r := &c.hist
	for i, s := range r.sent {
		if s == text {
			r.sent = append(r.sent[:i], r.sent[i+1:]...)
			break
		}
	}
	r.sent = append([]string{text}, r.sent...)
	if len(r.sent) > historyLimit {
		r.sent = r.sent[:historyLimit]
	}
	r.pos, r.draft = -1, ""
}

// ForgetHistory drops this session's messages and the stored ones, for
// another conversation; LoadHistory brings that one's.
func (c *Model) ForgetHistory() { c.hist = recall{pos: -1} }

// Recalling reports whether the composer shows a recalled message rather
// than the draft.
func (c Model) Recalling() bool { return c.hist.pos >= 0 }

// Older puts the next earlier message in the composer, keeping the draft
// for Newer to bring back. ok is false when there is nothing earlier.
func (c *Model) Older() bool {
	l := c.hist.list()
	if c.hist.pos+1 >= len(l) {
		return false
	}
	if c.hist.pos < 0 {
		c.hist.draft = c.Value()
	}
	c.hist.pos++
	c.SetValue(l[c.hist.pos])
	return true
}

// Newer steps back towards the draft: the next later message, or the
// draft itself. ok is false when the draft is shown already.
func (c *Model) Newer() bool {
	if c.hist.pos < 0 {
		return false
	}
	c.hist.pos--
	if c.hist.pos < 0 {
		c.SetValue(c.hist.draft)
		c.hist.draft = ""
		return true
	}
	l := c.hist.list()
	c.SetValue(l[min(c.hist.pos, len(l)-1)])
	return true
}

// Recall is /recall [TEXT]: the newest earlier message that contains
// text (case-insensitively; any message when text is empty) goes into
// the composer, where ↑ and ↓ go on from it. ok is false when none does.
func (c *Model) Recall(text string) bool {
	want := strings.ToLower(strings.TrimSpace(text))
	for i, s := range c.hist.list() {
		if strings.Contains(strings.ToLower(s), want) {
			c.hist.pos, c.hist.draft = i, ""
			c.SetValue(s)
			return true
		}
	}
	return false
}
