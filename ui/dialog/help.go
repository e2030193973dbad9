package dialog

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/themes"
	"parley/ui/common"
)

// HelpKeys is what the ? help lists, all taken from the root's KeyMap
// (which folds in the components' KeyMaps), so the help cannot drift
// from the keys: Full is its FullHelp, Narrow the same columns ordered
// for two side by side, Close the key that closes the help.
type HelpKeys struct {
	Full, Narrow [][]key.Binding
	Close        key.Binding
}

// Help lists every key.
type Help struct {
	noImages
	keys    HelpKeys
	scrollK HelpScrollKeyMap
	help    help.Model
	styles  *themes.Styles
	version string
	// top is the first line shown when the keys are taller than the
	// screen; rows is how many lines the last View had (helplayout.go).
	top, rows int
}

// NewHelp is the help for keys, titled with version when it is known.
func NewHelp(keys HelpKeys, st *themes.Styles, version string) *Help {
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
	return &Help{keys: keys, scrollK: DefaultHelpScrollKeyMap(), help: h, styles: st, version: version}
}

// Init is nothing: the help has all it shows.
func (d *Help) Init() tea.Cmd { return nil }

// Update closes the help on ?, esc or q, scrolls it on the arrows and
// page keys, and ignores everything else.
func (d *Help) Update(msg tea.Msg) (Action, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if key.Matches(k, d.keys.Close) {
			return ActionClose{}, nil
		}
		d.scroll(k) // helplayout.go
	}
	return nil, nil
}

// View draws the key table in a box centred in width × height. The box
// is as wide as the widest line of the whole table (not of the lines
// shown), so it keeps its size while the table scrolls.
func (d *Help) View(width, height int) string {
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
	return box(st, lines, min(w, inner), width, height)
}

// box draws lines in the dialog border, inner cells wide (lines are
// cut with "…" or padded to it), centred in width × height. Only a screen
// too small for the border gets the lines without it, still padded to one
// width so the block is centred as a whole, not line by line.
func box(st *themes.Styles, lines []string, inner, width, height int) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		l = ansi.Truncate(l, inner, "…")
		out[i] = l + strings.Repeat(" ", max(inner-lipgloss.Width(l), 0))
	}
	b := strings.Join(out, "\n")
	if inner+st.Dialog.GetHorizontalFrameSize() <= width && len(out)+st.Dialog.GetVerticalFrameSize() <= height {
		b = st.Dialog.Width(inner + st.Dialog.GetHorizontalFrameSize()).Render(b)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(b, height))
}
