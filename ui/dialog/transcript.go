package dialog

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"parley/ui/common"

	"parley/themes"
)

// Transcript edits a voice note's transcript before it is sent.
// Enter saves, shift+enter (or ctrl+j) starts a new line, Esc cancels.
type Transcript struct {
	noImages
	id     int // the chip
	ta     textarea.Model
	styles *themes.Styles
	keys   ConfirmKeyMap
}

// NewTranscript is the editor of voice chip id's transcript text, with
// the composer's editing keys (keys).
func NewTranscript(id int, text string, keys textarea.KeyMap, st *themes.Styles) *Transcript {
	ta := textarea.New()
	ta.KeyMap = keys
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = "What the voice note says…"
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.SetHeight(6)
	ta.SetValue(text)
	return &Transcript{id: id, ta: ta, styles: st, keys: DefaultConfirmKeyMap()}
}

// Init focuses the editor.
func (d *Transcript) Init() tea.Cmd { return d.ta.Focus() }

// Update saves on enter, cancels on esc and edits otherwise.
func (d *Transcript) Update(msg tea.Msg) (Action, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.Save):
			return ActionSaveTranscript{ID: d.id, Text: d.ta.Value()}, nil
		case key.Matches(k, d.keys.Cancel):
			return ActionClose{}, nil
		}
	}
	var cmd tea.Cmd
	d.ta, cmd = d.ta.Update(msg)
	return nil, cmd
}

// View draws the editor in a box centred in width × height.
func (d *Transcript) View(width, height int) string {
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
