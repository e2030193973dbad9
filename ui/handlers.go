package ui

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"parley/ui/common"

	"parley/themes"
)

// updateComposer passes msg to the composer; its height may change with
// the text, so the transcript gets the rest of the screen again.
func (m *Model) updateComposer(msg tea.Msg) tea.Cmd {
	h := m.composer.Height()
	var cmd tea.Cmd
	m.composer, cmd = m.composer.Update(msg)
	if m.composer.Full() {
		// The textarea drops what passes its limit without a word.
		m.tray.SetNotice("the message is at its limit of 5,000 rows: send it, or attach the rest as a file", true)
		m.layout()
	}
	if m.composer.Height() != h {
		m.layout()
	}
	return cmd
}

// handleBackground picks the dark or light theme from the terminal's
// background colour, unless the user chose one.
func (m *Model) handleBackground(msg tea.BackgroundColorMsg) tea.Cmd {
	if m.themeFixed {
		return nil
	}
	p := themes.ForBackground(msg.IsDark())
	if p.Name == m.styles.Palette.Name {
		return nil
	}
	// The styles and markdown renderer are rebuilt. The pointers are
	// shared with the children, so they see the new theme at once; cached
	// renders are dropped. A reply streaming now keeps its renderer until
	// it ends.
	*m.styles = themes.NewStyles(p)
	m.chat.SetTheme(common.NewMarkdown(p))
	m.composer.SetStyles(m.styles)
	m.status.SetStyles(m.styles)
	return nil
}

// handleSpin advances the spinner while something is in progress and lets
// the tick loop die when nothing is.
func (m *Model) handleSpin(msg spinner.TickMsg) tea.Cmd {
	cmd, changed := m.spinner.Update(msg, m.chat.Busy())
	if changed {
		m.chat.SetSpinner(m.spinner.Frame())
		m.status.SetSpinner(m.spinner.Frame())
	}
	return cmd
}
