package ui

import (
	"strings"

	"parley/session"
	"parley/ui/common"
	"parley/ui/images"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/themes"
)

// dialogAction is what a dialog asks of the root after a message; nil
// keeps it open. Every kind is handled in handleAction (update.go), one
// switch; every kind but none closes the dialog.
type dialogAction interface{ dialogAction() }

// The dialogs' actions.
type (
	// actionClose closes the dialog.
	actionClose struct{}
	// actionChooseModel switches to the picked model.
	actionChooseModel struct{ entry modelEntry }
	// actionAttachFile attaches the file picked.
	actionAttachFile struct{ path string }
	// actionOpenConversation loads conversation id and shows it.
	actionOpenConversation struct {
		store *session.Store
		id    int64
	}
	// actionSaved says where the save dialog wrote the image.
	actionSaved struct {
		path  string
		bytes int
	}
	// actionSaveTranscript stores the edited transcript of voice chip id.
	actionSaveTranscript struct {
		id   int
		text string
	}
)

func (actionClose) dialogAction()            {}
func (actionChooseModel) dialogAction()      {}
func (actionAttachFile) dialogAction()       {}
func (actionOpenConversation) dialogAction() {}
func (actionSaveTranscript) dialogAction()   {}
func (actionSaved) dialogAction()            {}

// dialog is a modal view over the transcript. Dialogs are a stack: the top
// one gets the keys, Esc-like keys pop it, and the next one (if any) shows
// again. Help is the first; the model picker of a later issue is another.
type dialog interface {
	// Update handles a message while the dialog is on top.
	Update(msg tea.Msg) (dialogAction, tea.Cmd)
	// View draws the dialog to fit in width × height.
	View(width, height int) string
	// Slots are the images the dialog shows when drawn in width ×
	// height (screen cells), for syncImages to encode and place; most
	// dialogs embed noImages.
	Slots(width, height int) []images.Slot
}

// noImages is the Slots of a dialog that shows no images.
type noImages struct{}

// Slots is none.
func (noImages) Slots(int, int) []images.Slot { return nil }

// dialogStack holds the open dialogs, the last one on top.
type dialogStack struct{ items []dialog }

func (s *dialogStack) push(d dialog) { s.items = append(s.items, d) }

func (s *dialogStack) pop() {
	if len(s.items) > 0 {
		s.items[len(s.items)-1] = nil
		s.items = s.items[:len(s.items)-1]
	}
}

// top is the dialog receiving keys, or nil when none is open.
func (s *dialogStack) top() dialog {
	if len(s.items) == 0 {
		return nil
	}
	return s.items[len(s.items)-1]
}

// helpDialog lists every key.
type helpDialog struct {
	noImages
	keys    keyMap
	scrollK helpScrollKeyMap
	help    help.Model
	styles  *themes.Styles
	version string
	// top is the first line shown when the keys are taller than the
	// screen; rows is how many lines the last View had (helplayout.go).
	top, rows int
}

func newHelpDialog(keys keyMap, st *themes.Styles, version string) *helpDialog {
	h := help.New()
	h.Styles = help.Styles{
		ShortKey:       st.HelpKey,
		ShortDesc:      st.HelpDesc,
		ShortSeparator: st.HelpSep,
		Ellipsis:       st.HelpSep,
		FullKey:        st.HelpKey,
		FullDesc:       st.HelpDesc,
		FullSeparator:  st.HelpSep,
	}
	return &helpDialog{keys: keys, scrollK: defaultHelpScrollKeys(), help: h, styles: st, version: version}
}

// Update closes the help on ?, esc or q, scrolls it on the arrows and
// page keys, and ignores everything else.
func (d *helpDialog) Update(msg tea.Msg) (dialogAction, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if key.Matches(k, d.keys.CloseHelp) {
			return actionClose{}, nil
		}
		d.scroll(k) // helplayout.go
	}
	return nil, nil
}

// View draws the key table in a box centred in width × height. The box
// is as wide as the widest line of the whole table (not of the lines
// shown), so it keeps its size while the table scrolls.
func (d *helpDialog) View(width, height int) string {
	title := "parley keys"
	if d.version != "" {
		title = "parley " + d.version + " · keys"
	}
	st := d.styles
	inner := max(width-st.Dialog.GetHorizontalFrameSize(), 1)
	all := append([]string{st.DialogTitle.Render(title), ""}, strings.Split(d.keyBlocks(inner), "\n")...) // helplayout.go
	lines, hintW := d.window(all, height-st.Dialog.GetVerticalFrameSize())
	w := hintW
	for _, l := range all {
		w = max(w, lipgloss.Width(l))
	}
	return dialogBox(st, lines, min(w, inner), width, height)
}

// dialogBox draws lines in the dialog border, inner cells wide (lines are
// cut with "…" or padded to it), centred in width × height. Only a screen
// too small for the border gets the lines without it, still padded to one
// width so the block is centred as a whole, not line by line.
func dialogBox(st *themes.Styles, lines []string, inner, width, height int) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		l = ansi.Truncate(l, inner, "…")
		out[i] = l + strings.Repeat(" ", max(inner-lipgloss.Width(l), 0))
	}
	box := strings.Join(out, "\n")
	if inner+st.Dialog.GetHorizontalFrameSize() <= width && len(out)+st.Dialog.GetVerticalFrameSize() <= height {
		box = st.Dialog.Width(inner + st.Dialog.GetHorizontalFrameSize()).Render(box)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(box, height))
}
