package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"parley/ui/common"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/session"
	"parley/themes"
)

// historyDebounce is how long typing must pause before a search runs: a
// full-text query per key would queue behind each other on a slow disk.
const historyDebounce = 150 * time.Millisecond

// historyLimit bounds the recent list and the search hits: the dialog
// shows a screenful, and more than this is better found by typing.
const historyLimit = 200

// historyItem is one line of the history dialog: a conversation and, for
// a search, its best matching excerpt. Text fields are sanitized and
// flattened by oneLine (voice.go): titles and snippets are untrusted.
type historyItem struct {
	id      int64
	title   string
	updated time.Time // zero when unknown (a hit not in the recent list)
	snippet string
}

// historyListMsg carries the recent list or the hits of query seq.
type historyListMsg struct {
	seq    int
	recent bool // the list of recent conversations, not a search
	items  []historyItem
	err    error
}

// historyTickMsg ends the debounce of query seq.
type historyTickMsg struct{ seq int }

// historyOpenMsg is the loaded conversation the user chose.
type historyOpenMsg struct {
	conv *session.Conversation
	err  error
}

// historyDialog lists recent conversations and searches all messages as
// the user types.
type historyDialog struct {
	noImages
	styles  *themes.Styles
	keys    listKeyMap
	store   *session.Store // nil: history is off
	now     func() time.Time
	current int64 // the conversation on screen, marked in the list
	query   string
	// seq numbers the queries; a result or tick of an older one is stale
	// and dropped, so a slow search never overwrites a newer one.
	seq     int
	items   []historyItem
	when    map[int64]time.Time // updated times from the recent list
	cursor  int
	loading bool
	err     string
}

func newHistoryDialog(st *themes.Styles, store *session.Store, current int64) *historyDialog {
	return &historyDialog{styles: st, keys: defaultListKeys(), store: store, now: time.Now, current: current,
		loading: store != nil, when: map[int64]time.Time{}}
}

// openHistory pushes the history dialog and loads the recent list.
func (m *Model) openHistory() tea.Cmd {
	if m.refuseOpenWhileBusy() {
		return nil
	}
	d := newHistoryDialog(m.styles, m.opts.Store, m.convID)
	m.dialogs.push(d)
	return d.fetch()
}

func (m *Model) cmdHistory(string) tea.Cmd {
	m.clearCommand()
	return m.openHistory()
}

// fetch returns the Cmd that runs the current query: the recent list for
// an empty one, a full-text search otherwise.
func (d *historyDialog) fetch() tea.Cmd {
	if d.store == nil {
		return nil
	}
	store, seq, q := d.store, d.seq, strings.TrimSpace(d.query)
	if q == "" {
		return func() tea.Msg {
			list, err := store.ListConversations(historyLimit)
			items := make([]historyItem, len(list))
			for i, c := range list {
				items[i] = historyItem{id: c.ID, title: common.OneLine(c.Title), updated: c.UpdatedAt}
			}
			return historyListMsg{seq: seq, recent: true, items: items, err: err}
		}
	}
	return func() tea.Msg {
		hits, err := store.Search(q, historyLimit)
		return historyListMsg{seq: seq, items: hitItems(hits), err: err}
	}
}

// hitItems makes the rows of a search: the best hit of each conversation.
func hitItems(hits []session.SearchHit) []historyItem {
	var out []historyItem
	for _, h := range session.BestPerConversation(hits) {
		out = append(out, historyItem{id: h.ConversationID, title: common.OneLine(h.Title), snippet: common.OneLine(h.Snippet)})
	}
	return out
}

// Update handles results, debounce ticks and keys.
func (d *historyDialog) Update(msg tea.Msg) (dialogAction, tea.Cmd) {
	switch msg := msg.(type) {
	case historyTickMsg:
		if msg.seq == d.seq {
			return nil, d.fetch()
		}
	case historyListMsg:
		d.results(msg)
	case tea.PasteMsg:
		return nil, d.setQuery(d.query + msg.Content)
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return nil, nil
}

// results takes the answer to query msg.seq, unless a newer query was typed.
func (d *historyDialog) results(msg historyListMsg) {
	if msg.seq != d.seq {
		return
	}
	d.loading, d.err = false, ""
	if msg.err != nil {
		d.err = common.FirstLine(sanitize.String(msg.err.Error()))
	}
	d.items = msg.items
	for i, it := range d.items {
		if msg.recent {
			d.when[it.id] = it.updated
		} else {
			d.items[i].updated = d.when[it.id]
		}
	}
	d.cursor = min(d.cursor, max(len(d.items)-1, 0))
}

func (d *historyDialog) key(msg tea.KeyPressMsg) (dialogAction, tea.Cmd) {
	k := d.keys
	switch {
	case key.Matches(msg, k.Close):
		return actionClose{}, nil
	case key.Matches(msg, k.Choose):
		if d.cursor >= len(d.items) {
			return nil, nil
		}
		return actionOpenConversation{store: d.store, id: d.items[d.cursor].id}, nil
	case key.Matches(msg, k.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, k.Down):
		d.cursor = max(min(d.cursor+1, len(d.items)-1), 0)
	case key.Matches(msg, k.PageUp):
		d.cursor = max(d.cursor-10, 0)
	case key.Matches(msg, k.PageDown):
		d.cursor = max(min(d.cursor+10, len(d.items)-1), 0)
	case key.Matches(msg, k.DeleteChar):
		if d.query != "" {
			_, n := utf8.DecodeLastRuneInString(d.query)
			return nil, d.setQuery(d.query[:len(d.query)-n])
		}
	case key.Matches(msg, k.ClearFilter):
		return nil, d.setQuery("")
	default:
		if msg.Text != "" {
			return nil, d.setQuery(d.query + msg.Text)
		}
	}
	return nil, nil
}

// setQuery starts a new query: the recent list comes at once (it is one
// indexed read), a search after the debounce. Either way seq moves on, so
// whatever the old query still returns is dropped.
func (d *historyDialog) setQuery(q string) tea.Cmd {
	d.query = strings.ReplaceAll(sanitize.String(q), "\n", " ")
	d.seq++
	d.cursor = 0
	if d.store == nil {
		return nil
	}
	d.loading = true
	if strings.TrimSpace(d.query) == "" {
		return d.fetch()
	}
	seq := d.seq
	return tea.Tick(historyDebounce, func(time.Time) tea.Msg { return historyTickMsg{seq: seq} })
}

// refuseOpenWhileBusy says so in the tray and reports true when a reply
// is streaming: replacing the transcript under it would show the reply in
// the wrong conversation (it is stored in the one it was asked in).
func (m *Model) refuseOpenWhileBusy() bool {
	if !m.stream.Busy() {
		return false
	}
	m.tray.SetNotice("stop the reply (Esc) or wait for it to finish before opening another conversation", true)
	m.layout()
	return true
}

// handleHistoryOpen opens the conversation chosen in the history dialog.
func (m *Model) handleHistoryOpen(o historyOpenMsg) tea.Cmd {
	switch {
	case o.err != nil:
		m.tray.SetNotice("cannot open the conversation: "+common.FirstLine(sanitize.String(o.err.Error())), true)
		m.layout()
	case !m.refuseOpenWhileBusy():
		m.openConversation(o.conv)
	}
	return nil
}

// openConversation replaces the transcript with c, the way a resumed
// conversation is shown at start; the next message continues c. The
// images of c are placed afresh by syncImages after this Update.
func (m *Model) openConversation(c *session.Conversation) {
	m.resetTranscript()
	m.loadConversation(c)
	m.imagesChanged()
	title := m.status.Title()
	if title == "" {
		title = "untitled"
	}
	m.tray.SetNotice(fmt.Sprintf("opened %q (%d messages); the conversation continues", title, len(c.Messages)), false)
	m.layout()
}

// View draws the query, the list around the cursor and the key hints in
// a box of fixed width, like the model picker.
func (d *historyDialog) View(width, height int) string {
	st := d.styles
	inner := max(min(width-st.Dialog.GetHorizontalFrameSize(), 100), 10)
	status := ""
	switch {
	case d.store == nil:
	case d.loading:
		status = "  searching…"
	case strings.TrimSpace(d.query) == "":
		status = fmt.Sprintf("  %d recent", len(d.items))
	default:
		status = fmt.Sprintf("  %d matching", len(d.items))
	}
	input := d.query + st.Accent.Render("▏")
	if d.query == "" {
		input += st.Muted.Render("type to search all messages")
	}
	head := []string{st.DialogTitle.Render("History") + st.Muted.Render(status), st.Accent.Render("› ") + input}
	return listDialog(st, head, d.rows, inner, width, height,
		"enter open (the conversation continues) · ↑/↓ move · esc close",
		"enter open · ↑/↓ move · esc close")
}

// rows draws at most n list lines, scrolled so the cursor is visible.
func (d *historyDialog) rows(width, n int) []string {
	st := d.styles
	var out []string
	if d.err != "" {
		out = append(out, st.ErrorLine.Render("✗ "+d.err))
	}
	switch {
	case d.store == nil:
		return append(out, st.Muted.Render("history is off: nothing is saved in this session"))
	case d.loading && len(d.items) == 0:
		out = append(out, st.Muted.Render("loading…"))
	case len(d.items) == 0 && strings.TrimSpace(d.query) == "":
		out = append(out, st.Muted.Render("no conversations yet"))
	case len(d.items) == 0:
		out = append(out, st.Muted.Render("no message matches"))
	}
	start, end := listWindow(d.cursor, len(d.items), n-len(out))
	for i := start; i < end; i++ {
		out = append(out, d.row(d.items[i], i == d.cursor, width))
	}
	return out
}

// row is "› title · snippet     3 h ago", the time right-aligned and the
// text cut to leave room for it.
func (d *historyDialog) row(it historyItem, sel bool, width int) string {
	st := d.styles
	mark := "  "
	if sel {
		mark = st.Accent.Render("› ")
	}
	title := it.title
	if title == "" {
		title = "(untitled)"
	}
	if it.id == d.current {
		title += " •"
	}
	when := ""
	if !it.updated.IsZero() {
		when = relTime(d.now(), it.updated)
	}
	textW := max(width-2-ansi.StringWidth(when)-2, 1)
	text := st.Text.Render(title)
	if it.snippet != "" {
		text += st.Muted.Render(" · " + it.snippet)
	}
	text = ansi.Truncate(text, textW, "…")
	pad := max(width-2-ansi.StringWidth(text)-ansi.StringWidth(when), 1)
	return mark + text + strings.Repeat(" ", pad) + st.Muted.Render(when)
}

// relTime says how long before now t was, coarsely: the list is for
// finding a conversation, not auditing it.
func relTime(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	case d < 48*time.Hour:
		return "yesterday"
	case d < 7*24*time.Hour:
		return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
	case t.Year() == now.Year():
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}
