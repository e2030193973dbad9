package dialog

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/themes"
	"parley/ui/common"
)

// Ask is a yes-or-no question (delete this conversation?): y or enter
// answers with its Action, n or esc closes it and nothing happens.
type Ask struct {
	noImages
	styles          *themes.Styles
	keys            AskKeyMap
	title, question string
	yes             Action
}

// NewAsk asks question under title; yes is the Action a yes returns.
// question is shown as given: the caller sanitizes what it quotes.
func NewAsk(st *themes.Styles, title, question string, yes Action) *Ask {
	return &Ask{styles: st, keys: DefaultAskKeyMap(), title: title, question: question, yes: yes}
}

// Init has no work to start.
func (d *Ask) Init() tea.Cmd { return nil }

// Update answers on the KeyMap's keys; other keys are ignored, so a
// stray key never deletes anything.
func (d *Ask) Update(msg tea.Msg) (Action, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.Yes):
			return d.yes, nil
		case key.Matches(k, d.keys.No):
			return ActionClose{}, nil
		}
	}
	return nil, nil
}

// View draws the question in a box centred in width × height.
func (d *Ask) View(width, height int) string {
	st := d.styles
	frame := st.Dialog.GetHorizontalFrameSize()
	inner := max(min(width-frame, 64), 10)
	q := lipgloss.NewStyle().Width(inner).Render(d.question)
	hint := st.Muted.Render(ansi.Truncate("y/enter yes · n/esc no", inner, "…"))
	body := st.DialogTitle.Render(d.title) + "\n\n" + q + "\n\n" + hint
	if frame+lipgloss.Width(body) <= width && lipgloss.Height(body)+2 <= height {
		body = st.Dialog.Render(body)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(body, height))
}
