package ui

import "parley/providers"

// currentCaps are the capabilities of the model in use; known is false
// when nothing says what they are.
func (m *Model) currentCaps() (caps providers.Caps, known bool) {
	if m.opts.Caps != nil {
		return m.opts.Caps(m.opts.Model), true
	}
	if m.picked != nil && m.picked.name == m.opts.Model {
		return m.picked.caps, true
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
