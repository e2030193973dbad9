package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"parley/ui/common"

	"parley/themes"
)

// handleKey routes a key press: quit always works; an open dialog takes
// every other key; then the root's own keys; the rest edits the composer.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Quit) {
		m.stopAll()
		return tea.Quit
	}
	if d := m.dialogs.top(); d != nil {
		action, cmd := d.Update(msg)
		if action == dialogClose {
			m.dialogs.pop()
		}
		return cmd
	}
	if cmd, ok := m.handleFeatureKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, m.keys.Send):
		return m.sendTyped(m.composer.Value())
	case key.Matches(msg, m.keys.Stop):
		m.stopActive()
		return nil
	case key.Matches(msg, m.keys.Help) && m.composer.Empty():
		m.dialogs.push(newHelpDialog(m.keys, m.styles, m.opts.Version))
		return nil
	case key.Matches(msg, m.keys.PageUp, m.keys.PageDown, m.keys.Top, m.keys.Bottom):
		var cmd tea.Cmd
		m.transcript, cmd = m.transcript.Update(msg)
		return cmd
	}
	return m.updateComposer(msg)
}

// handleWheel scrolls the transcript (dialogs have nothing to scroll yet).
func (m *Model) handleWheel(msg tea.MouseWheelMsg) tea.Cmd {
	var cmd tea.Cmd
	m.transcript, cmd = m.transcript.Update(msg)
	return cmd
}

// handleOther gives the composer what nobody else claims: pastes, cursor
// blinks, clipboard replies.
func (m *Model) handleOther(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.handleFeatureMsg(msg); ok {
		return cmd
	}
	if m.dialogs.top() != nil {
		if _, paste := msg.(tea.PasteMsg); paste {
			return m.toDialog(msg)
		}
		return tea.Batch(m.toDialog(msg), m.updateComposer(msg))
	}
	return m.updateComposer(msg)
}

// updateComposer passes msg to the composer; its height may change with
// the text, so the transcript gets the rest of the screen again.
func (m *Model) updateComposer(msg tea.Msg) tea.Cmd {
	h := m.composer.Height()
	var cmd tea.Cmd
	m.composer, cmd = m.composer.Update(msg)
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
	pal := themes.ForBackground(msg.IsDark())
	if pal.Name == m.styles.Palette.Name {
		return nil
	}
	m.setTheme(pal)
	return nil
}

// setTheme rebuilds the styles and markdown renderer. The pointers are
// shared with the children, so they see the new theme at once; cached
// renders are dropped. A reply streaming now keeps its renderer until it
// ends.
func (m *Model) setTheme(p themes.Palette) {
	*m.styles = themes.NewStyles(p)
	m.draw.md = common.NewMarkdown(p)
	m.composer.SetStyles(m.styles)
	m.status.SetStyles(m.styles)
	m.transcript.invalidate()
}

// handleSpin advances the spinner while something is in progress and lets
// the tick loop die when nothing is.
func (m *Model) handleSpin(msg spinner.TickMsg) tea.Cmd {
	if !m.stream.Busy() {
		m.spinning = false
		return nil
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	m.draw.spin = m.spinner.View()
	m.status.SetSpinner(m.draw.spin)
	return cmd
}

// startSpinner starts the tick loop unless one is running.
func (m *Model) startSpinner() tea.Cmd {
	if m.spinning {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick
}
