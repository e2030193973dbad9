package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/common"
	"parley/ui/composer"
	"parley/ui/dialog"
	"parley/ui/images"
	"parley/ui/tray"
)

// This file is the root's side of ui/dialog: opening the dialogs the
// root's keys and commands name, handing them their messages, and what
// their actions change in the chat (handleAction, update.go, is the one
// switch over those actions).

// dialogKind names a dialog the root opens from what it has.
type dialogKind int

// The dialogs opened by a key or a command without an argument.
const (
	dialogHelp dialogKind = iota
	dialogPicker
	dialogHistory
	dialogFiles
)

// The notices of a dialog refused while a reply streams.
const (
	switchBusyNotice = "stop the reply (Esc) or wait for it to finish before switching model"
	openBusyNotice   = "stop the reply (Esc) or wait for it to finish before opening another conversation"
)

// openDialog opens the dialog kind names and returns the Cmd that starts
// its work. The picker and the history are refused while a reply streams
// (refuseWhileBusy says why).
func (m *Model) openDialog(kind dialogKind) tea.Cmd {
	var d dialog.Dialog
	switch kind {
	case dialogHelp:
		d = dialog.NewHelp(dialog.HelpKeys{Full: m.keys.FullHelp(), Narrow: m.keys.narrowHelp(), Close: m.keys.CloseHelp},
			m.styles, m.opts.Version)
	case dialogPicker:
		if m.refuseWhileBusy(switchBusyNotice) {
			return nil
		}
		d = dialog.NewPicker(m.ctx, m.opts.Models, m.styles, m.opts.Model)
	case dialogHistory:
		if m.refuseWhileBusy(openBusyNotice) {
			return nil
		}
		d = dialog.NewHistory(m.styles, m.opts.Store, m.chat.ConvID()).Priced(m.opts.Price)
	case dialogFiles:
		d = dialog.NewFilePicker(m.styles, m.chat.Height(), nil)
	}
	return m.dialogs.Open(d)
}

// openInspect opens the inspect dialog for chip a: an image fitted for
// the current model and drawn by the transcript's image pipeline; a
// pasted text's first lines; a file document's send plan, with its page
// range or tail.
func (m *Model) openInspect(a *tray.Chip) tea.Cmd {
	if d := a.Document(); d != nil && d.Name == tray.PastedTextName {
		return m.dialogs.Open(dialog.NewInspectText(m.styles, *d, m.opts.Model, m.opts.Store))
	}
	caps, known := currentCaps(&m.opts, m.picked)
	if doc := a.Document(); doc != nil {
		var plan func(session.Part) session.SendPlan
		if known {
			plan = chipPlanner(&m.opts, true, caps, known).Plan
		}
		src := dialog.DocSource{Store: m.opts.Store, Docs: m.opts.Docs}
		if m.img != nil {
			src.Images = inspectImages{m.img}
		}
		return m.dialogs.Open(dialog.NewDocInspect(m.styles, a.ID(), *doc, m.opts.Model, plan, src))
	}
	var imgs dialog.Images
	if m.img != nil {
		imgs = inspectImages{m.img}
	}
	return m.dialogs.Open(dialog.NewInspect(m.styles, a, dialog.InspectFor{Model: m.opts.Model, Caps: caps, Known: known},
		m.opts.Store, imgs))
}

// dialogHeight is the height View gives an open dialog: the transcript's
// rows, or the whole screen but the status line when that is too short.
func dialogHeight(transcriptRows, screenRows int) int {
	if transcriptRows >= minDialogRows {
		return transcriptRows
	}
	return screenRows - 1
}

// refuseWhileBusy shows notice and reports true when a reply is
// streaming. Switching model then would pair the new model's name with
// the old model's reply in the status bar; opening another conversation
// would show the reply in the wrong one (it is stored in the one it was
// asked in). Refusing is clearer than a queued change the user may have
// forgotten by the time the reply ends.
func (m *Model) refuseWhileBusy(notice string) bool {
	if !m.chat.Busy() {
		return false
	}
	m.tray.SetNotice(notice, true)
	m.layout()
	return true
}

// switchModel makes e the model of the next turn. The conversation (its
// ID and history) is kept: the next turn sends it to the new model. It is
// refused while a reply streams (a choice made in a picker opened before
// the reply started gets here too).
func (m *Model) switchModel(e dialog.ModelEntry) {
	if e.Name == m.opts.Model || m.refuseWhileBusy(switchBusyNotice) {
		return
	}
	m.opts.Model = e.Name
	m.status.SetModel(e.Name)
	// The picker knows a model it lists is unusable ("no key: set
	// ANTHROPIC_API_KEY"); of a typed name the next send tells.
	m.status.SetProblem("")
	if !e.Usable {
		m.status.SetProblem(e.Status)
	}
	m.picked = nil
	if !e.Typed {
		p := e
		m.picked = &p
	}
	m.refreshChips()
	note := "switched to " + e.Name + "; the conversation continues"
	if !e.Usable {
		note += " (" + e.Status + ")"
	}
	m.chat.Notice(note, false)
	m.layout()
}

// historyOpenMsg is the loaded conversation the user chose in the
// history.
type historyOpenMsg struct {
	conv *session.Conversation
	// outline, when not nil, is the conversation opened lazily (conv
	// is then nil).
	outline *session.Outline
	err     error
	// model is the model to continue on (Options.ResumeModel; "" keeps
	// the current one) and reason why it is not the conversation's last.
	model, reason string
}

// handleHistoryOpen replaces the transcript with the conversation chosen
// in the history, the way a resumed conversation is shown at start; the
// next message continues it. Its images are placed afresh by syncImages
// after this Update.
func (m *Model) handleHistoryOpen(o historyOpenMsg) tea.Cmd {
	switch {
	case o.err != nil:
		m.tray.SetNotice("cannot open the conversation: "+common.FirstLine(sanitize.String(o.err.Error())), true)
		m.layout()
		return nil
	case m.refuseWhileBusy(openBusyNotice):
		return nil
	}
	m.chat.Reset() // turns still ending are forgotten, the old selection let go
	m.status.Reset()
	m.load(o.conv, o.outline)
	m.chat.Redraw()
	var msgs []session.Message // shown in full: their documents get previews
	count := 0
	if o.outline != nil {
		msgs, count = o.outline.Tail, len(o.outline.Branch)
	} else {
		msgs, count = o.conv.Messages, len(o.conv.Messages)
	}
	title := m.status.Title()
	if title == "" {
		title = "untitled"
	}
	note := fmt.Sprintf("opened %q (%d messages); the conversation continues", title, count)
	if o.model != "" && o.model != m.opts.Model {
		m.switchModel(dialog.ModelEntry{Name: o.model, Usable: true, Typed: true})
		note += " on " + o.model
	}
	if o.reason != "" {
		m.chat.Notice(o.reason, false)
	}
	m.tray.SetNotice(note, false)
	m.layout()
	return tea.Batch(composer.LoadHistory(m.opts.Store, m.chat.ConvID()), m.chipChanges(), // its messages first for ↑; chips fitted for its model
		m.chat.PreviewsOf(msgs), m.chat.Want())
}

// inspectImages is the image pipeline as the inspect dialog draws with
// it (dialog.Images).
type inspectImages struct{ s *images.Images }

// BlobID is images.MemBlobID.
func (inspectImages) BlobID(data []byte) string { return images.MemBlobID(data) }

// PutBlob keeps data in memory for the encodes.
func (p inspectImages) PutBlob(id string, data []byte) { p.s.PutMemBlob(id, data) }

// Size scales img to fill maxCols × maxRows, as the viewer does, or is
// 0×0 when the transcript would not draw it.
func (p inspectImages) Size(img session.Image, maxCols, maxRows int) (cols, rows int) {
	b, ok := p.s.FitBox(img, maxCols, maxRows)
	if !ok {
		return 0, 0
	}
	return b.Cols, b.Rows
}

// Row is row k of the image in sl as text.
func (p inspectImages) Row(sl dialog.Slot, k int) string { return p.s.RowText(dialogSlot(sl), k) }

// dialogSlot is a dialog's image as the pipeline's slot.
func dialogSlot(sl dialog.Slot) images.Slot {
	return images.Slot{B: images.Block{Img: sl.Image, Cols: sl.Cols, Rows: sl.Rows}, Row: sl.Row, Col: sl.Col, Count: sl.Rows, Caption: -1}
}
