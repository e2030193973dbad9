// Package dialog owns the dialogs parley opens over the transcript and
// the stack they open in: the ? help, the model picker, the history, the
// file picker, the inspect dialog, the save dialog and the voice-note
// transcript editor.
//
// The cut is where a dialog stops needing the chat: each one draws in
// the width × height it is given and gets what it reads (styles, the
// store, the model list, the current caps, the image pipeline) through
// its constructor, as values or through the small interfaces defined
// here. What the user chose comes back as an Action, which the root
// handles in its one switch (handleAction in ui/update.go); a dialog
// never changes the chat itself. Its slow work (listing models, searching
// the history, reading a directory, fitting an image, writing a file)
// runs in Cmds whose results come back as one sealed Msg the root routes
// to the Overlay.
package dialog

import (
	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// Dialog is a modal view over the transcript.
type Dialog interface {
	// Init is the Cmd that starts the dialog's work when it opens (the
	// model list, the recent conversations, …); nil when it has none.
	Init() tea.Cmd
	// Update handles a message while the dialog is on top; a nil Action
	// keeps it open.
	Update(msg tea.Msg) (Action, tea.Cmd)
	// View draws the dialog to fit in width × height.
	View(width, height int) string
	// Slots are the images the dialog shows when drawn in width ×
	// height (screen cells), for the root to encode and place; most
	// dialogs embed noImages.
	Slots(width, height int) []Slot
}

// Msg is a dialog's own result (the model list, history results, a
// directory listing, a fitted image, a finished write). The root routes
// every Msg to Overlay.Update without looking inside.
type Msg interface{ dialogMsg() }

// orphan is a Msg that still means something once its dialog is closed:
// a write that finishes after the save dialog was cancelled.
type orphan interface{ orphaned() Action }

// Slot is an image a dialog shows: img drawn cols × rows cells from
// screen row row, column col.
type Slot struct {
	Image      session.Image
	Cols, Rows int
	Row, Col   int
}

// noImages is the Slots of a dialog that shows no images.
type noImages struct{}

// Slots is none.
func (noImages) Slots(int, int) []Slot { return nil }

// Overlay is the stack of open dialogs, the last one on top: the top one
// gets the keys and the dialogs' messages; an Action closes it and the
// next one (if any) shows again.
type Overlay struct{ items []Dialog }

// Open pushes d and returns the Cmd that starts its work.
func (o *Overlay) Open(d Dialog) tea.Cmd {
	o.items = append(o.items, d)
	return d.Init()
}

// Close closes the dialog on top, if any.
func (o *Overlay) Close() {
	if len(o.items) > 0 {
		o.items[len(o.items)-1] = nil
		o.items = o.items[:len(o.items)-1]
	}
}

// Top is the dialog receiving keys, or nil when none is open.
func (o *Overlay) Top() Dialog {
	if len(o.items) == 0 {
		return nil
	}
	return o.items[len(o.items)-1]
}

// IsOpen reports whether a dialog is open.
func (o *Overlay) IsOpen() bool { return len(o.items) > 0 }

// Update gives msg to the dialog on top and closes it when the Action it
// returns says so. A Msg arriving with no dialog open is dropped, unless
// it is an outcome the user must still hear of.
func (o *Overlay) Update(msg tea.Msg) (Action, tea.Cmd) {
	d := o.Top()
	if d == nil {
		if m, ok := msg.(orphan); ok {
			return m.orphaned(), nil
		}
		return nil, nil
	}
	if w, ok := msg.(wrapped); ok {
		msg = w.msg
	}
	a, cmd := d.Update(msg)
	if a != nil && closes(a) {
		o.Close()
	}
	return a, cmd
}

// View draws the dialog on top in width × height, or "" when none is
// open.
func (o *Overlay) View(width, height int) string {
	if d := o.Top(); d != nil {
		return d.View(width, height)
	}
	return ""
}

// Slots are the images the dialog on top shows in width × height.
func (o *Overlay) Slots(width, height int) []Slot {
	if d := o.Top(); d != nil {
		return d.Slots(width, height)
	}
	return nil
}

// wrapped carries a message of a bubbles component a dialog embeds (the
// file picker's directory listings), so the root routes it as a Msg.
type wrapped struct{ msg tea.Msg }

func (wrapped) dialogMsg() {}

// wrap makes cmd's message a Msg.
func wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = wrap(c)
			}
			return out
		default:
			return wrapped{msg: msg}
		}
	}
}
