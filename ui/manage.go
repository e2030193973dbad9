package ui

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/clip"
	"parley/ui/common"
	"parley/ui/composer"
	"parley/ui/convo"
	"parley/ui/dialog"
	"parley/ui/transcript"
)

// This file is the root's side of managing the conversation and its text:
// the system prompt at the transcript's top, what ui/convo's outcomes
// change, copying (ui/clip) and the external editor (ui/composer).

// selectionMark runs down the left edge of the selected message.
const selectionMark = "▌"

// deleteBusyNotice refuses /delete while a reply streams into the
// conversation it would delete.
const deleteBusyNotice = "stop the reply (Esc) or wait for it to finish before deleting the conversation"

// The notices of /mouse.
const (
	mouseOffNotice = "mouse capture off: drag to select text with the terminal; /mouse turns the wheel back on"
	mouseOnNotice  = "mouse capture on: the wheel scrolls (shift+drag still selects text)"
)

// addManageKeys sets the keys of input history's neighbours: copying and
// mouse capture (selecting a message is ui/transcript's SelectKeyMap).
func addManageKeys(k *keyMap) {
	k.Copy = key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "copy the selected message (or last reply)"))
	k.Mouse = key.NewBinding(key.WithKeys("alt+m"), key.WithHelp("alt+m", "mouse capture on/off (shift+drag selects text)"))
}

// manageHelp is the help's column of the composer's history and editor
// keys and the message keys.
func manageHelp(k keyMap) []key.Binding {
	c := k.Composer
	return []key.Binding{c.Older, c.Newer, c.ClearDraft, c.Editor, k.Copy, k.Mouse}
}

// manageKey is the message keys of rootKey: copying, mouse capture, the
// editor.
func (m *Model) manageKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Copy):
		return m.cmdCopy(""), true
	case key.Matches(msg, k.Mouse):
		return m.applyConvo(toggleMouse(&m.mouseOff), nil), true
	case key.Matches(msg, k.Composer.Editor):
		return m.applyConvo(editorOutcome(&m.composer)), true
	}
	return nil, false
}

// toggleMouse is /mouse and alt+m: View's MouseMode follows *off.
func toggleMouse(off *bool) convo.Outcome {
	*off = !*off
	if *off {
		return convo.Outcome{Notice: mouseOffNotice}
	}
	return convo.Outcome{Notice: mouseOnNotice}
}

// showPrompt keeps the system prompt's entry at the top of t in step with
// p: made, changed or removed; *slot is that entry (nil when none).
func showPrompt(t *entryList, slot **entry, p convo.Prompt) {
	text := p.System
	if p.Persona != "" {
		text = "persona " + p.Persona + " · " + text
	}
	switch {
	case p.System == "" && *slot != nil:
		t.Remove(*slot)
		*slot = nil
	case p.System == "":
	case *slot == nil:
		*slot = newNoticeEntry(transcript.KindSystem, text)
		t.Prepend(*slot)
	default:
		e := newNoticeEntry(transcript.KindSystem, text)
		**slot = *e
	}
}

// noticeOutcome is an outcome that only tells the user something (a
// component's notice), with the Cmd that came with it, if any.
func noticeOutcome(notice string, isErr bool, cmds ...tea.Cmd) (convo.Outcome, tea.Cmd) {
	return convo.Outcome{Notice: notice, IsErr: isErr}, tea.Batch(cmds...)
}

// applyConvo applies what a conversation command or its Cmd's result
// asks, and returns cmd (the command's own) with what that adds.
func (m *Model) applyConvo(out convo.Outcome, cmd tea.Cmd) tea.Cmd {
	if out.Ask != "" { // /delete, the history's ctrl+d: the confirmation decides
		if out.AskID == m.convID && m.refuseWhileBusy(deleteBusyNotice) {
			return cmd
		}
		return tea.Batch(cmd, m.dialogs.Open(dialog.NewAsk(m.styles, "Delete conversation", out.Ask,
			dialog.ActionDeleteConversation{ID: out.AskID})))
	}
	if out.Notice != "" {
		m.tray.SetNotice(out.Notice, out.IsErr)
	}
	if out.Prompt {
		showPrompt(&m.transcript, &m.prompt, m.convo.Prompt())
		m.transcript.Relayout()
	}
	if out.Title != "" {
		m.status.SetTitle(out.Title)
	}
	if out.Cost {
		m.status.SetCost(m.convo.Cost())
	}
	if out.Model != "" {
		m.switchModel(dialog.ModelEntry{Name: out.Model, Usable: true, Typed: true})
		cmd = tea.Batch(cmd, m.chipChanges())
	}
	if out.Deleted != 0 && out.Deleted == m.convID {
		m.newConversation()
		m.tray.SetNotice(out.Notice+"; this is a new one", false)
		cmd = tea.Batch(cmd, composer.LoadHistory(m.opts.Store, 0))
	}
	m.layout()
	return cmd
}

// cmdCopy is /copy (the last reply's markdown), /copy code [N] (its Nth
// code block, the last by default) and the copy key (the selected
// message, else the last reply).
func (m *Model) cmdCopy(arg string) tea.Cmd {
	m.clearCommand()
	e, _ := m.transcript.Selected()
	what := "the selected message"
	if e == nil {
		e, what = lastReply(m.transcript.Entries()), "the last reply"
	}
	if e == nil {
		m.tray.SetNotice("nothing to copy yet: no reply in this conversation", true)
		return nil
	}
	text := e.text()
	if word, n, _ := strings.Cut(arg, " "); word == "code" {
		blocks := clip.CodeBlocks(text)
		i, err := blockIndex(strings.TrimSpace(n), len(blocks))
		if err != nil {
			m.tray.SetNotice(err.Error(), true)
			return nil
		}
		text, what = blocks[i], fmt.Sprintf("code block %d of %d of %s", i+1, len(blocks), what)
	} else if arg != "" {
		m.tray.SetNotice("/copy copies the last reply; /copy code [N] its Nth code block", true)
		return nil
	}
	if text == "" {
		m.tray.SetNotice(what+" has no text to copy", true)
		return nil
	}
	m.tray.SetNotice(fmt.Sprintf("copying %s…", what), false)
	return clip.Copy(text, what, clip.Env{Tmux: os.Getenv("TMUX") != ""})
}

// blockIndex is the index of block n (1-based, "" for the last) of count.
func blockIndex(n string, count int) (int, error) {
	if count == 0 {
		return 0, fmt.Errorf("the reply has no code block to copy")
	}
	if n == "" {
		return count - 1, nil
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || i > count {
		return 0, fmt.Errorf("/copy code N: N is 1 to %d", count)
	}
	return i - 1, nil
}

// lastReply is the newest assistant message with text, or nil.
func lastReply(entries []*entry) *entry {
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.kind == transcript.KindMessage && e.msg.Role == session.RoleAssistant && e.text() != "" {
			return e
		}
	}
	return nil
}

// editorOutcome is ctrl+g and /editor: the Cmd that opens the draft in
// $VISUAL or $EDITOR, or the notice saying neither is set.
func editorOutcome(c *composer.Model) (convo.Outcome, tea.Cmd) {
	argv, err := composer.EditorCommand(os.Getenv)
	if err != nil {
		return convo.Outcome{Notice: common.FirstLine(err.Error()), IsErr: true}, nil
	}
	return convo.Outcome{}, c.OpenEditor(argv)
}
