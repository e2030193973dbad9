package dialog

import (
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/common"
)

// HistoryKeyMap is the history dialog's keys besides the list's: rename
// the conversation under the cursor (its title editor saves and cancels
// with ConfirmKeyMap's keys), or delete it (after a question).
type HistoryKeyMap struct {
	Rename key.Binding
	Delete key.Binding
}

// DefaultHistoryKeyMap is ctrl+r renames, ctrl+d deletes.
func DefaultHistoryKeyMap() HistoryKeyMap {
	return HistoryKeyMap{
		Rename: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "rename")),
		Delete: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "delete")),
	}
}

// ShortHelp is rename and delete (help.KeyMap).
func (k HistoryKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Rename, k.Delete} }

// FullHelp is rename and delete (help.KeyMap).
func (k HistoryKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// renaming is the title being typed for conversation id.
type renaming struct {
	id    int64
	title string
}

// renamedMsg is the store's answer to a rename.
type renamedMsg struct {
	id    int64
	title string // as stored (cleaned)
	err   error
}

func (renamedMsg) dialogMsg() {}

// startRename edits the title of the conversation under the cursor.
func (d *History) startRename() {
	if d.store == nil || d.cursor >= len(d.items) {
		return
	}
	it := d.items[d.cursor]
	d.renaming = &renaming{id: it.id, title: it.title}
	d.err = ""
}

// renameKey edits the title: enter saves it (in a Cmd), esc gives up.
func (d *History) renameKey(msg tea.KeyPressMsg) (Action, tea.Cmd) {
	r, keys := d.renaming, DefaultConfirmKeyMap()
	switch {
	case key.Matches(msg, keys.Save):
		store, id, title := d.store, r.id, r.title
		d.renaming = nil
		return nil, func() tea.Msg {
			return renamedMsg{id: id, title: session.CleanTitle(title), err: store.RenameConversation(id, title)}
		}
	case key.Matches(msg, keys.Cancel):
		d.renaming = nil
	case key.Matches(msg, d.keys.DeleteChar):
		if r.title != "" {
			_, size := utf8.DecodeLastRuneInString(r.title)
			r.title = r.title[:len(r.title)-size]
		}
	case key.Matches(msg, d.keys.ClearFilter):
		r.title = ""
	case msg.Text != "":
		r.title += msg.Text
	}
	return nil, nil
}

// renamed shows the stored title in the list and tells the root, which
// retitles the conversation on screen if it is that one.
func (d *History) renamed(msg renamedMsg) (Action, tea.Cmd) {
	if msg.err != nil {
		d.err = "cannot rename: " + common.FirstLine(msg.err.Error())
		return nil, nil
	}
	for i := range d.items {
		if d.items[i].id == msg.id {
			d.items[i].title = common.OneLine(msg.title)
		}
	}
	return ActionRenamed{ID: msg.id, Title: msg.title}, nil
}
