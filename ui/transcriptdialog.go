package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"parley/ui/common"

	"parley/themes"
)

// transcriptDialog edits a voice note's transcript before it is sent.
// Enter saves, shift+enter (or ctrl+j) starts a new line, Esc cancels.
type transcriptDialog struct {
	noImages
	id     int // the chip
	ta     textarea.Model
	styles *themes.Styles
	keys   confirmKeyMap
}

func newTranscriptDialog(id int, text string, keys keyMap, st *themes.Styles) *transcriptDialog {
	ta := textarea.New()
	ta.KeyMap = keys.Composer.Textarea()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = "What the voice note says…"
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.SetHeight(6)
	ta.SetValue(text)
	return &transcriptDialog{id: id, ta: ta, styles: st, keys: defaultConfirmKeys()}
}

// Update saves on enter, cancels on esc and edits otherwise.
func (d *transcriptDialog) Update(msg tea.Msg) (dialogAction, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.Save):
			return actionSaveTranscript{id: d.id, text: d.ta.Value()}, nil
		case key.Matches(k, d.keys.Cancel):
			return actionClose{}, nil
		}
	}
	var cmd tea.Cmd
	d.ta, cmd = d.ta.Update(msg)
	return nil, cmd
}

// View draws the editor in a box centred in width × height.
func (d *transcriptDialog) View(width, height int) string {
	frame := d.styles.Dialog.GetHorizontalFrameSize()
	inner := max(min(width-frame, 76), 10)
	d.ta.SetWidth(inner)
	d.ta.SetHeight(max(min(6, height-6), 1))
	title := d.styles.DialogTitle.Render("Voice note transcript")
	hint := d.styles.Muted.Render("enter save · shift+enter new line · esc cancel")
	body := title + "\n\n" + d.ta.View() + "\n\n" + hint
	if frame+lipgloss.Width(body) <= width && lipgloss.Height(body)+2 <= height {
		body = d.styles.Dialog.Render(body)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(body, height))
}
