package ui

import (
	"slices"

	"parley/ui/common"
	"parley/ui/dialog"
	"parley/ui/tray"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// addImageActionKeys sets the keys that act on the image selected in the
// transcript (tab selects one while the composer is empty).
func addImageActionKeys(k *keyMap) {
	k.ImageSave = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save selected image"))
	k.ImageCopy = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy its file path"))
	k.ImageAttach = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "attach it (edit it)"))
}

// imageHelp is the help's column of image keys.
func imageHelp(k keyMap) []key.Binding {
	return []key.Binding{k.ImageNext, k.ImageOpen, k.ImageSave, k.ImageCopy, k.ImageAttach, k.CloseViewer}
}

// isImageAction reports whether msg is one of the selected image's keys.
func (m *Model) isImageAction(msg tea.KeyPressMsg) bool {
	return key.Matches(msg, m.keys.ImageSave, m.keys.ImageCopy, m.keys.ImageAttach)
}

// imageAction runs s, c or a on the selected image.
func (m *Model) imageAction(msg tea.KeyPressMsg) tea.Cmd {
	img, ok := m.img.selected()
	if !ok {
		return nil
	}
	defer m.layout() // the notice line may appear
	switch {
	case key.Matches(msg, m.keys.ImageSave):
		if img.Blob == "" {
			m.tray.SetNotice("this image's bytes were not kept (no history store)", true)
			return nil
		}
		return m.dialogs.Open(dialog.NewSave(img, m.img.load, m.styles))
	case key.Matches(msg, m.keys.ImageCopy):
		return m.copyImagePath(img)
	case key.Matches(msg, m.keys.ImageAttach):
		m.attachImage(img)
	}
	return nil
}

// copyImagePath puts a path to the image on the clipboard: a copy named
// with its extension under DATADIR/exports (see exportImage), made off
// the UI goroutine; handleExported copies and shows the path.
func (m *Model) copyImagePath(img session.Image) tea.Cmd {
	st := m.opts.Store
	if st == nil || st.BlobPath(img.Blob) == "" {
		m.tray.SetNotice("this image has no file: it was not stored (no history store)", true)
		return nil
	}
	return exportImage(st, img)
}

// attachImage puts the image in the tray: the next message (or /image)
// sends it, to ask about it or to have it edited.
func (m *Model) attachImage(img session.Image) {
	switch {
	case img.Partial:
		m.tray.SetNotice("wait for the finished image to attach it", true)
		return
	case img.Blob == "":
		m.tray.SetNotice("this image's bytes were not kept (no history store)", true)
		return
	case slices.ContainsFunc(m.tray.Chips(), func(a *tray.Chip) bool { return a.Image() != nil && a.Image().Blob == img.Blob }):
		m.tray.SetNotice(img.Name+" is attached already", false)
		return
	}
	m.tray.Add(tray.NewImage(img))
	m.refreshChips()
	m.tray.SetNotice("attached "+img.Name+": say what to change, then enter (or /image PROMPT)", false)
}

// showSaved says where an image was saved.
func (m *Model) showSaved(path string, bytes int) {
	m.tray.SetNotice("saved "+path+" ("+common.HumanBytes(int64(bytes))+")", false)
	m.layout()
}
