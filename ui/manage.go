package ui

import (
	"os"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/ui/common"
	"parley/ui/composer"
	"parley/ui/convo"
)

// This file is the root's side of managing the conversation and its text:
// the system prompt at the transcript's top, what ui/convo's outcomes
// change, copying (ui/clip) and the external editor (ui/composer).

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

// toggleMouse is /mouse and alt+m: View's MouseMode follows *off.
func toggleMouse(off *bool) convo.Outcome {
	*off = !*off
	if *off {
		return convo.Outcome{Notice: mouseOffNotice}
	}
	return convo.Outcome{Notice: mouseOnNotice}
}

// noticeOutcome is an outcome that only tells the user something (a
// component's notice), with the Cmd that came with it, if any.
func noticeOutcome(notice string, isErr bool, cmds ...tea.Cmd) (convo.Outcome, tea.Cmd) {
	return convo.Outcome{Notice: notice, IsErr: isErr}, tea.Batch(cmds...)
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
