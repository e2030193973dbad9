package images

import "charm.land/bubbles/v2/key"

// KeyMap is the image keys: selecting an image in the transcript (tab,
// with an empty composer), opening it in the viewer and closing that, and
// the selected image's actions.
type KeyMap struct {
	// Next and Prev move the transcript's media selection (images and
	// voice notes); Prev's help entry is Next's.
	Next key.Binding
	Prev key.Binding
	Open key.Binding
	// Save, Copy and Attach act on the selected image: save it to a
	// file, copy a path to it, attach it to the next message.
	Save   key.Binding
	Copy   key.Binding
	Attach key.Binding
	// Close closes the viewer.
	Close key.Binding
}

// DefaultKeyMap is parley's image keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab/shift+tab", "select image/voice note")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous image")),
		Open:   key.NewBinding(key.WithKeys("enter", "o"), key.WithHelp("enter/o", "view selected image")),
		Save:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save selected image")),
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy its file path")),
		Attach: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "attach it (edit it)")),
		Close:  key.NewBinding(key.WithKeys("esc", "q", "enter", "o"), key.WithHelp("esc", "close image viewer")),
	}
}

// ShortHelp is the selected image's keys (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Save, k.Copy, k.Attach}
}

// FullHelp is the help's column of image keys (help.KeyMap).
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Open, k.Save, k.Copy, k.Attach, k.Close}}
}
