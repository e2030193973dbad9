package ui

import (
	tea "charm.land/bubbletea/v2"

	"parley/themes"
	"parley/ui/images"
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

// viewerView is the full-screen image viewer as the program's view.
func viewerView(content, title string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.KeyboardEnhancements = tea.KeyboardEnhancements{}
	v.WindowTitle = title
	return v
}
