package ui

import (
	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/ui/tray"
)

// This file is the root's side of the attachment tray (ui/tray owns the
// chips, their keys, storing attachments and fitting them): the caps the
// chips are labelled for, and the one place the root does what the tray
// asks.

// currentCaps are the capabilities of the model in use; known is false
// when nothing says what they are.
func (m *Model) currentCaps() (caps providers.Caps, known bool) {
	if m.opts.Caps != nil {
		return m.opts.Caps(m.opts.Model), true
	}
	if m.picked != nil && m.picked.Name == m.opts.Model {
		return m.picked.Caps, true
	}
	return providers.Caps{}, false
}

// refreshChips recomputes every chip's label for the current model.
func (m *Model) refreshChips() {
	caps, known := m.currentCaps()
	m.tray.SetPlanner(chipPlanner(&m.opts, m.tray.HasDocs(), caps, known))
	m.tray.Relabel(caps, known, m.opts.Model)
}

// chipChanges fits each image chip for the current model, in Cmds, and
// the chips then name the lossy steps (tray.Fit).
func (m *Model) chipChanges() tea.Cmd {
	caps, known := m.currentCaps()
	return tea.Batch(m.tray.Fit(m.opts.Store, caps, known, m.opts.Model), m.tray.Prerender())
}

// applyTray is the one place the root does what the tray asks: relabel
// the chips, clear the composer text that named attached files or insert
// clipboard text, open the inspect dialog, send the start-up prompt, or
// fit the new chips for the model.
func (m *Model) applyTray(out tray.Outcome) tea.Cmd {
	if out.Relabel && out.Next == nil {
		// New chips: their previews for the transcript are made now, so
		// the sent message shows them at once.
		out.Next = m.chat.Previews(m.tray.Parts())
	}
	if next := out.Next; next != nil {
		out.Next = nil
		return tea.Batch(next, m.applyTray(out))
	}
	if out.Relabel {
		m.refreshChips()
		if m.tray.DropUnsendable() {
			out.Typed = "" // the refused video's path stays typed
		}
	}
	if out.Typed != "" && m.composer.Value() == out.Typed {
		m.composer.Reset()
	}
	var paste tea.Cmd
	if out.Text != "" {
		paste = m.insertText(out.Text) // update.go: large text becomes a chip
	}
	if out.Layout {
		m.layout()
	}
	switch {
	case out.Inspect != nil:
		return m.openInspect(out.Inspect)
	case out.Prompt != "":
		return m.handleSubmit(out.Prompt)
	case out.Fit:
		return tea.Batch(paste, m.chipChanges())
	}
	return paste
}
