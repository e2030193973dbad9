package ui

import (
	"parley/providers"
	"parley/ui/dialog"
)

// This file is the root's side of the attachment tray (ui/tray owns the
// chips, their keys, storing attachments and fitting them): the caps the
// chips are labelled for, and the one place the root does what the tray
// asks.

// currentCaps are the capabilities of the model in use; known is false
// when nothing says what they are.
func currentCaps(o *Options, picked *dialog.ModelEntry) (caps providers.Caps, known bool) {
	if o.Caps != nil {
		return o.Caps(o.Model), true
	}
	if picked != nil && picked.Name == o.Model {
		return picked.Caps, true
	}
	return providers.Caps{}, false
}
