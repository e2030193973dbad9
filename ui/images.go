package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"parley/themes"
	"parley/ui/chat"
	"parley/ui/common"
	"parley/ui/images"
	"parley/ui/tray"
)

// This file is the root's side of inline images (ui/images): building the
// component, routing its messages, the sync after every Update, and the
// selected image's keys, whose results change the tray and the dialogs.

// newImages is the images component for opts.
func newImages(opts Options, st *themes.Styles, keys images.KeyMap) *images.Images {
	var load func(string) ([]byte, error)
	if opts.Store != nil {
		load = opts.Store.Blob
	}
	return images.New(images.Options{Load: load, MaxRows: opts.ImageMaxRows, Protocol: opts.ImageProtocol,
		Styles: st, Keys: keys})
}

// handleImages routes an images.Msg and does what its outcome asks.
func (m *Model) handleImages(msg images.Msg) tea.Cmd {
	cmd, out := m.img.Update(msg)
	if out.Relayout {
		m.chat.Redraw()
	}
	if out.Notice != "" {
		m.tray.SetNotice(out.Notice, out.Error)
		m.layout()
	}
	return cmd
}

// syncImages runs after every Update: it tells ui/images which images the
// screen shows (the viewer's, the transcript's or the open dialog's), so
// it starts their encodes and schedules their placement. The selection
// goes along: it changes the image rows' text, and with it what the
// terminal still shows of a sixel image (placement.go in ui/images).
func (m *Model) syncImages() tea.Cmd {
	var slots []images.Slot
	var sel images.Ref // only the transcript draws the media selection
	switch {
	case m.img.Viewing():
		slots = m.img.ViewerSlots(m.width, m.height)
	case !m.dialogs.IsOpen():
		slots, sel = m.chat.Slots(), m.chat.MediaRef()
	default:
		for _, sl := range m.dialogs.Slots(m.width, m.dialogHeight()) {
			slots = append(slots, dialogSlot(sl))
		}
	}
	return m.img.Sync(slots, m.height, sel)
}

// viewerView is the full-screen image viewer as the program's view.
func viewerView(content, title string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.KeyboardEnhancements = tea.KeyboardEnhancements{}
	v.WindowTitle = title
	return v
}

// handleImageKey is the image layer of the key precedence (layer 4,
// ui/chat's media selection); what it asks of the tray and the dialogs
// comes back in its outcome.
func (m *Model) handleImageKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	attached := func(blob string) bool {
		return slices.ContainsFunc(m.tray.Chips(), func(a *tray.Chip) bool { return a.Image() != nil && a.Image().Blob == blob })
	}
	out, ok := m.chat.HandleMediaKey(msg, chat.MediaFocus{DialogOpen: m.dialogs.IsOpen(), ComposerEmpty: m.composer.Empty(),
		ChipSelected: m.tray.Selected() != nil, Attached: attached})
	if !ok {
		return nil, false
	}
	return m.applyChat(out), true
}

// showSaved says where an image was saved.
func (m *Model) showSaved(path string, bytes int) {
	m.tray.SetNotice("saved "+path+" ("+common.HumanBytes(int64(bytes))+")", false)
	m.layout()
}
