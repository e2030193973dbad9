package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/themes"
	"parley/ui/common"
	"parley/ui/dialog"
	"parley/ui/images"
	"parley/ui/tray"
)

// This file is the root's side of inline images (ui/images): building the
// component, routing its messages, the sync after every Update, and the
// selected image's keys, whose results change the tray and the dialogs.

// imageIndent is the column images and the hand-off lines start at.
const imageIndent = images.Indent

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
		m.imagesChanged()
	}
	if out.Notice != "" {
		m.tray.SetNotice(out.Notice, out.Error)
		m.layout()
	}
	return cmd
}

// imagesChanged re-lays out entries with images: their heights depend on
// the protocol and the cell size.
func (m *Model) imagesChanged() {
	invalidateAll(&m.transcript)
	m.transcript.Relayout()
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
		slots, sel = visibleSlots(&m.transcript, m.img), m.imgSel.blocksRef()
	default:
		for _, sl := range m.dialogs.Slots(m.width, m.dialogHeight()) {
			slots = append(slots, dialogSlot(sl))
		}
	}
	return m.img.Sync(slots, m.height, sel)
}

// visibleSlots lists the image parts in view; it only walks the visible
// entries, whose layout is cached.
func visibleSlots(t *entryList, s *images.Images) []images.Slot {
	var out []images.Slot
	for v := range t.Visible {
		out = s.EntrySlots(out, &v.Entry.blocks, v.Row, t.Height())
	}
	return out
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

// handleImageKey takes the image keys (layer 4 of handleKey): with an
// empty composer, tab/shift+tab move the selection over the transcript's
// images and voice notes (mediasel.go), enter or o opens a selected image,
// s, c and a act on it; esc drops the selection.
func (m *Model) handleImageKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.dialogs.IsOpen() || !m.composer.Empty() || m.tray.Selected() != nil {
		// A selected tray chip owns enter (inspect); typing owns the rest.
		return nil, false
	}
	k, sel := m.keys.Images, m.imgSel.ok
	switch {
	case key.Matches(msg, k.Next):
		m.moveMediaSelection(+1) // mediasel.go: images and voice notes
	case key.Matches(msg, k.Prev):
		m.moveMediaSelection(-1)
	case sel && key.Matches(msg, k.Open):
		if img, ok := selectedImage(m.imgSel); ok {
			m.img.Open(img)
		}
	case sel && key.Matches(msg, k.Save, k.Copy, k.Attach):
		return m.imageAction(msg), true
	case sel && !m.stream.Busy() && key.Matches(msg, m.keys.Deselect):
		m.imgSel = imageRef{}
	default:
		// Typing a message ends the selection; space is a selected voice
		// note's play key (ui/voice) and keeps it.
		if msg.Text != "" && !(m.voice.HasSelection() && key.Matches(msg, m.keys.Voice.PlayPause)) {
			m.clearMediaSelection()
		}
		return nil, false
	}
	return nil, true
}

// imageAction runs s (the save dialog), c (export a copy and copy its
// path, ui/images) or a (attach it to the next message, or /image) on the
// selected image.
func (m *Model) imageAction(msg tea.KeyPressMsg) tea.Cmd {
	img, ok := selectedImage(m.imgSel)
	if !ok {
		return nil
	}
	defer m.layout() // the notice line may appear
	k, st := m.keys.Images, m.opts.Store
	const notKept = "this image's bytes were not kept (no history store)"
	switch {
	case key.Matches(msg, k.Save) && img.Blob == "":
		m.tray.SetNotice(notKept, true)
	case key.Matches(msg, k.Save):
		return m.dialogs.Open(dialog.NewSave(img, m.img.Load(), m.styles))
	case key.Matches(msg, k.Copy) && (st == nil || st.BlobPath(img.Blob) == ""):
		m.tray.SetNotice("this image has no file: it was not stored (no history store)", true)
	case key.Matches(msg, k.Copy):
		return images.Export(st, img)
	case img.Partial: // a: attach
		m.tray.SetNotice("wait for the finished image to attach it", true)
	case img.Blob == "":
		m.tray.SetNotice(notKept, true)
	case slices.ContainsFunc(m.tray.Chips(), func(a *tray.Chip) bool { return a.Image() != nil && a.Image().Blob == img.Blob }):
		m.tray.SetNotice(img.Name+" is attached already", false)
	default:
		m.tray.Add(tray.NewImage(img))
		m.refreshChips()
		m.tray.SetNotice("attached "+img.Name+": say what to change, then enter (or /image PROMPT)", false)
	}
	return nil
}

// showSaved says where an image was saved.
func (m *Model) showSaved(path string, bytes int) {
	m.tray.SetNotice("saved "+path+" ("+common.HumanBytes(int64(bytes))+")", false)
	m.layout()
}
