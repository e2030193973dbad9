package dialog

import (
	"fmt"
	"strings"
	"time"

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
// flattened by common.OneLine: titles and snippets are untrusted.
type historyItem struct {
	id      int64
	title   string
	updated time.Time // zero when unknown (a hit not in the recent list)
	snippet string
	cost    string // what its replies cost, "" when unknown
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

func (historyListMsg) dialogMsg() {}
func (historyTickMsg) dialogMsg() {}

// History lists recent conversations and searches all messages as the
// user types.
type History struct {
	noImages
	styles  *themes.Styles
	keys    ListKeyMap
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
	// price prices the rows' replies (nil: no costs shown); renaming is
	// the rename in progress (history_rename.go).
	price    session.PriceFunc
	hkeys    HistoryKeyMap
	renaming *renaming
}

// NewHistory is the history of store (nil: history is off), current the
// conversation on screen.
func NewHistory(st *themes.Styles, store *session.Store, current int64) *History {
	return &History{styles: st, keys: DefaultListKeyMap(), store: store, now: time.Now, current: current,
		loading: store != nil, when: map[int64]time.Time{}, hkeys: DefaultHistoryKeyMap()}
}

// Priced shows each conversation's cost, priced by price.
func (d *History) Priced(price session.PriceFunc) *History {
	d.price = price
	return d
}

// Init loads the recent list.
func (d *History) Init() tea.Cmd { return d.fetch() }

// fetch returns the Cmd that runs the current query: the recent list for
// an empty one, a full-text search otherwise.
func (d *History) fetch() tea.Cmd {
	if d.store == nil {
		return nil
	}
	store, seq, q, price := d.store, d.seq, strings.TrimSpace(d.query), d.price
	if q == "" {
		return func() tea.Msg {
			list, err := store.ListConversations(historyLimit)
			items := make([]historyItem, len(list))
			for i, c := range list {
				items[i] = historyItem{id: c.ID, title: common.OneLine(c.Title), updated: c.UpdatedAt}
			}
			return historyListMsg{seq: seq, recent: true, items: priceItems(store, price, items), err: err}
		}
	}
	return func() tea.Msg {
		hits, err := store.Search(q, historyLimit)
		return historyListMsg{seq: seq, items: priceItems(store, price, hitItems(hits)), err: err}
	}
}

// priceItems fills in the rows' costs (one indexed read each); a cost
// that cannot be read shows nothing, like an unknown price.
func priceItems(store *session.Store, price session.PriceFunc, items []historyItem) []historyItem {
	if price == nil {
		return items
	}
	for i := range items {
		if c, err := store.StoredConversationCost(items[i].id, price); err == nil {
			items[i].cost = c.String()
		}
	}
	return items
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
func (d *History) Update(msg tea.Msg) (Action, tea.Cmd) {
	switch msg := msg.(type) {
	case historyTickMsg:
		if msg.seq == d.seq {
			return nil, d.fetch()
		}
	case historyListMsg:
		d.results(msg)
	case renamedMsg:
		return d.renamed(msg)
	case tea.PasteMsg:
		if d.renaming != nil {
			d.renaming.title += strings.ReplaceAll(msg.Content, "\n", " ")
			return nil, nil
		}
		return nil, d.setQuery(d.query + msg.Content)
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return nil, nil
}

// results takes the answer to query msg.seq, unless a newer query was typed.
func (d *History) results(msg historyListMsg) {
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

func (d *History) key(msg tea.KeyPressMsg) (Action, tea.Cmd) {
	if d.renaming != nil {
		return d.renameKey(msg)
	}
	k := d.keys
	switch {
	case key.Matches(msg, d.hkeys.Rename):
		d.startRename()
		return nil, nil
	case key.Matches(msg, d.hkeys.Delete):
		if d.store == nil || d.cursor >= len(d.items) {
			return nil, nil
		}
		it := d.items[d.cursor]
		return ActionAskDelete{ID: it.id, Title: it.title}, nil
	case key.Matches(msg, k.Close):
		return ActionClose{}, nil
	case key.Matches(msg, k.Choose):
		if d.cursor >= len(d.items) {
			return nil, nil
		}
		return ActionOpenConversation{ID: d.items[d.cursor].id}, nil
	}
	cursor, query, edited := listKey(k, msg, d.cursor, len(d.items), d.query)
	d.cursor = cursor
	if edited {
		return nil, d.setQuery(query)
	}
	return nil, nil
}

// setQuery starts a new query: the recent list comes at once (it is one
// indexed read), a search after the debounce. Either way seq moves on, so
// whatever the old query still returns is dropped.
func (d *History) setQuery(q string) tea.Cmd {
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

// View draws the query, the list around the cursor and the key hints in
// a box of fixed width, like the model picker.
func (d *History) View(width, height int) string {
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
	if d.renaming != nil {
		head[1] = st.Accent.Render("rename › ") + common.OneLine(d.renaming.title) + st.Accent.Render("▏")
		return listDialog(st, head, d.rows, inner, width, height,
			"enter save the title · esc cancel", "enter save · esc cancel")
	}
	return listDialog(st, head, d.rows, inner, width, height,
		"enter open (the conversation continues) · ctrl+r rename · ctrl+d delete · esc close",
		"enter open · ctrl+r rename · ctrl+d delete · esc close")
}

// rows draws at most n list lines, scrolled so the cursor is visible.
func (d *History) rows(width, n int) []string {
	st := d.styles
	out := errorLine(st, d.err)
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
	return listRows(out, d.cursor, len(d.items), n, func(i int, sel bool) string { return d.row(d.items[i], sel, width) })
}

// row is "› title · snippet     3 h ago", the time right-aligned and the
// text cut to leave room for it.
func (d *History) row(it historyItem, sel bool, width int) string {
	st := d.styles
	mark := cursorMark(st, sel)
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
	if it.cost != "" {
		when = strings.TrimSpace(it.cost + "  " + when)
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

// Loading reports whether the results of the current query are on their
// way.
func (d *History) Loading() bool { return d.loading }

// Pin fixes the clock the list's times are relative to and the times of
// the conversations listed, in list order: a golden view must not change
// with the day it is drawn on.
func (d *History) Pin(now time.Time, updated ...time.Time) {
	d.now = func() time.Time { return now }
	for i := range min(len(updated), len(d.items)) {
		d.items[i].updated = updated[i]
	}
}
