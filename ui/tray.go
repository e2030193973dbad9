package ui

import (
	tea "charm.land/bubbletea/v2"

	"parley/media/imaging"
	"parley/providers"
)

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
	m.tray.Relabel(caps, known, m.opts.Model)
}

// setDetail sets image chip id's detail; the chips re-estimate.
func (m *Model) setDetail(id int, detail string) {
	m.tray.SetDetail(id, detail)
	m.refreshChips()
}

// trayHeight is the lines the tray takes at the current width.
func (m *Model) trayHeight() int { return len(m.trayLines()) }

// chipChangesMsg is what fitting image chip id for model changes.
type chipChangesMsg struct {
	id      int
	model   string
	changes []string
}

// chipChanges fits each image chip for the current model, in Cmds (a fit
// may decode and encode a large image; it is cached in the store's derived
// table, so sending reuses it), and reports the lossy steps, which the chip
// then names. Scaling is left out: the chip already shows "W×H → w×h".
func (m *Model) chipChanges() tea.Cmd {
	caps, known := m.currentCaps()
	store, model := m.opts.Store, m.opts.Model
	if !known || store == nil || !caps.Images {
		return nil
	}
	var cmds []tea.Cmd
	for _, c := range m.tray.Chips() {
		img := c.Image()
		if img == nil || img.Width <= 0 {
			continue
		}
		id, im := c.ID(), *img
		cmds = append(cmds, func() tea.Msg {
			f, err := store.FittedImage(im, caps)
			if err != nil {
				return nil // sending says why; the chip keeps its label
			}
			var changes []string
			for _, n := range f.Notes {
				if n.Kind != string(imaging.NoteScaled) {
					changes = append(changes, n.Text)
				}
			}
			return chipChangesMsg{id: id, model: model, changes: changes}
		})
	}
	return tea.Batch(cmds...)
}
