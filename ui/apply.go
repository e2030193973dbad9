package ui

import (
	"os"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/themes"
	"parley/ui/chat"
	"parley/ui/common"
	"parley/ui/composer"
	"parley/ui/convo"
	"parley/ui/dialog"
	"parley/ui/graphics"
	"parley/ui/images"
	"parley/ui/speech"
	"parley/ui/tray"
	"parley/ui/voice"
)

// This file is where the root applies what its components report
// (their Outcome and Result values) and keeps them in step with each
// other: the chat, voice notes, reading aloud, the tray, the
// conversation, inline images.

// applyChat is the one place the root does what the chat reports: the
// composer's and the tray's changes, the notice line, a conversation read
// again, the spinner of a reply that began, the cost of one that ended,
// and a queued message now due.
func (m *Model) applyChat(out chat.Outcome) tea.Cmd {
	if !out.Layout() {
		return out.Cmd // a stream frame's: nothing around the transcript changes
	}
	cmds := []tea.Cmd{out.Cmd}
	switch {
	case out.Clear && m.composer.Value() == out.ClearText:
		m.composer.Reset()
	case out.GiveBack != "" && m.composer.Empty():
		m.composer.SetValue(out.GiveBack)
	case out.SetCompose:
		m.composer.SetValue(out.Compose)
	}
	if out.UnselectChip {
		m.tray.Select(-1)
	}
	m.tray.RemoveIDs(out.RemoveChips)
	for _, p := range out.Attach {
		switch p := p.(type) {
		case session.Image:
			m.tray.Add(tray.NewImage(p))
		case session.Audio:
			m.tray.Add(tray.NewAudio(p, false))
		}
	}
	if out.Relabel {
		m.refreshChips()
	}
	if out.SetNotice {
		m.tray.SetNotice(out.Notice, out.IsErr)
	}
	if out.SaveImage != nil {
		cmds = append(cmds, m.dialogs.Open(dialog.NewSave(*out.SaveImage, m.img.Load(), m.styles)))
	}
	if c := out.Loaded; c != nil { // the conversation's prompt and cost follow the store
		m.convo.Load(c)
		m.status.SetCost(m.convo.Cost())
		m.chat.ShowPrompt(m.convo.Prompt())
	}
	if out.Started {
		cmds = append(cmds, m.spinner.Start())
		m.status.Speech(m.speech.Label())
	}
	if out.Finished {
		cmds = append(cmds, m.convo.Refresh(m.chat.ConvID())) // and the status bar's cost
	}
	m.layout()
	if out.Fit {
		cmds = append(cmds, m.chipChanges())
	}
	if out.SubmitSet {
		cmds = append(cmds, m.handleSubmit(out.Submit))
	}
	return tea.Batch(cmds...)
}

// applySpeech is the one place the root does what the Speaker reports: a
// notice, kept speech shown on its message, the status bar's label.
func (m *Model) applySpeech(res speech.Result, cmd tea.Cmd) tea.Cmd {
	if res.SetNotice {
		m.tray.SetNotice(res.Notice, res.IsErr)
	}
	if res.StopReply {
		m.chat.Stop() // the user spoke over it
	}
	if res.Send != nil { // a spoken turn: sent like a recorded voice note
		m.tray.Add(tray.NewAudio(*res.Send, true))
		cmd = tea.Batch(cmd, m.handleSubmit(""))
		if !m.chat.Busy() {
			m.speech.Unsent() // refused (the reason is in the transcript): listen again
		}
	}
	if res.Kept != nil {
		m.chat.KeepSpoken(res.KeptID, *res.Kept)
	}
	m.status.Speech(m.speech.Label())
	if res.SetNotice || res.Resized || res.Send != nil {
		m.layout()
	}
	return cmd
}

// handleVoiceKey is layer 5 of the key precedence: the voice notes' keys
// (voice.Notes.HandleKey), told which voice chip is selected. Esc drops
// the transcript's selected note while no reply streams.
func (m *Model) handleVoiceKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	f := voice.Focus[chat.VoiceRef]{ComposerEmpty: m.composer.Empty(), Library: voiceLibrary{&m.tray}}
	if a := m.tray.Selected(); a != nil && a.Audio() != nil {
		f.Chip, f.ChipAudio, f.ChipBusy = chat.ChipRef(a.ID()), *a.Audio(), m.tray.Transcribing(a.ID())
	}
	res, cmd, ok := m.voice.HandleKey(m.ctx, msg, f)
	if ok {
		return m.applyVoice(res, cmd), true
	}
	if f.Chip.OK() || !f.ComposerEmpty || !m.voice.HasSelection() || m.chat.Busy() || !key.Matches(msg, m.keys.Deselect) {
		return nil, false
	}
	m.chat.ClearMedia()
	return nil, true
}

// applyVoice is the one place the root does what voice notes ask: a
// recorded note becomes a chip (transcribed if the model needs a
// transcript), transcripts and playback show on their chips and entries,
// the notice line says how it went, and alt+↑/↓ move the selection.
func (m *Model) applyVoice(res voice.Result[chat.VoiceRef], cmd tea.Cmd) tea.Cmd {
	cmds := []tea.Cmd{cmd}
	relabel, resize := false, res.Resized || res.SetNotice
	for _, r := range res.Redraw {
		relabel = redrawNote(&m.tray, m.voice, r) || relabel
	}
	if res.SetNotice {
		m.tray.SetNotice(res.Notice, res.IsErr)
	}
	if res.Saved != nil {
		id := m.tray.Add(tray.NewAudio(*res.Saved, true))
		caps, known := currentCaps(&m.opts, m.picked)
		t, tcmd := m.voice.Transcribe(m.ctx, id, *res.Saved, transcription(m.opts, caps, known))
		res.Transcript, relabel = t.Transcript, true
		cmds = append(cmds, tcmd)
	}
	if t := res.Transcript; t != nil && showTranscript(&m.tray, t) {
		relabel, resize = true, true
	}
	switch {
	case res.Move != 0:
		cmds = append(cmds, m.applyChat(m.chat.MoveMedia(res.Move))) // ui/chat: images and voice notes
	case res.Unselect:
		m.chat.ClearMedia()
	}
	if a := m.tray.ByID(res.Edit.Chip()); a != nil && a.Audio() != nil {
		cmds = append(cmds, m.dialogs.Open(dialog.NewTranscript(a.ID(), a.Audio().Transcript, m.keys.Composer.Textarea(), m.styles)))
	}
	if relabel {
		m.refreshChips()
	}
	if relabel || resize {
		m.layout() // a label's length may move chips to another line
	}
	return tea.Batch(cmds...)
}

// refreshChips recomputes every chip's label for the current model.
func (m *Model) refreshChips() {
	caps, known := currentCaps(&m.opts, m.picked)
	m.tray.SetPlanner(chipPlanner(&m.opts, m.tray.HasDocs(), caps, known))
	m.tray.Relabel(caps, known, m.opts.Model)
}

// chipChanges fits each image chip for the current model, in Cmds, and
// the chips then name the lossy steps (tray.Fit).
func (m *Model) chipChanges() tea.Cmd {
	caps, known := currentCaps(&m.opts, m.picked)
	return tea.Batch(m.tray.Fit(m.opts.Store, caps, known, m.opts.Model), m.tray.Prerender())
}

// applyTray is the one place the root does what the tray asks: relabel
// the chips, clear the composer text that named attached files or insert
// clipboard text, open the inspect dialog, send the start-up prompt, or
// fit the new chips for the model.
func (m *Model) applyTray(out tray.Outcome) tea.Cmd {
	if out.Relabel && out.Next == nil {
		// New chips: their previews for the transcript are made now, so
		// the sent message shows them at once.
		out.Next = m.chat.Previews(m.tray.Parts())
	}
	if next := out.Next; next != nil {
		out.Next = nil
		return tea.Batch(next, m.applyTray(out))
	}
	if out.Relabel {
		m.refreshChips()
		if m.tray.DropUnsendable() {
			out.Typed = "" // the refused video's path stays typed
		}
	}
	if out.Typed != "" && m.composer.Value() == out.Typed {
		m.composer.Reset()
	}
	var paste tea.Cmd
	if out.Text != "" {
		paste = m.insertText(out.Text) // update.go: large text becomes a chip
	}
	if out.Layout {
		m.layout()
	}
	switch {
	case out.Inspect != nil:
		return m.openInspect(out.Inspect)
	case out.Prompt != "":
		return m.handleSubmit(out.Prompt)
	case out.Fit:
		return tea.Batch(paste, m.chipChanges())
	}
	return paste
}

// applyConvo applies what a conversation command or its Cmd's result
// asks, and returns cmd (the command's own) with what that adds.
func (m *Model) applyConvo(out convo.Outcome, cmd tea.Cmd) tea.Cmd {
	if out.Ask != "" { // /delete, the history's ctrl+d: the confirmation decides
		if out.AskID == m.chat.ConvID() && m.refuseWhileBusy(deleteBusyNotice) {
			return cmd
		}
		return tea.Batch(cmd, m.dialogs.Open(dialog.NewAsk(m.styles, "Delete conversation", out.Ask,
			dialog.ActionDeleteConversation{ID: out.AskID})))
	}
	if out.Notice != "" {
		m.tray.SetNotice(out.Notice, out.IsErr)
	}
	if out.Prompt {
		m.chat.ShowPrompt(m.convo.Prompt())
		m.chat.Relayout()
	}
	if out.Title != "" {
		m.status.SetTitle(out.Title)
	}
	if out.Cost {
		m.status.SetCost(m.convo.Cost())
	}
	if out.Model != "" {
		m.switchModel(dialog.ModelEntry{Name: out.Model, Usable: true, Typed: true})
		cmd = tea.Batch(cmd, m.chipChanges())
	}
	if out.Deleted != 0 && out.Deleted == m.chat.ConvID() {
		m.newConversation()
		m.tray.SetNotice(out.Notice+"; this is a new one", false)
		cmd = tea.Batch(cmd, composer.LoadHistory(m.opts.Store, 0))
	}
	m.layout()
	return cmd
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
// it starts their encodes and schedules their placement, and which are a
// screen away in the transcript, to encode next. The selection
// goes along: it changes the image rows' text, and with it what the
// terminal still shows of a sixel image (placement.go in ui/images).
func (m *Model) syncImages() tea.Cmd {
	var slots, near []images.Slot
	var sel images.Ref // only the transcript draws the media selection
	switch {
	case m.img.Viewing():
		slots = m.img.ViewerSlots(m.width, m.height)
	case !m.dialogs.IsOpen():
		slots, sel = m.chat.Slots(), m.chat.MediaRef()
		if m.img.Protocol() != graphics.None {
			near = m.chat.NearSlots() // lays out the entries around the view: only when images are drawn
		}
	default:
		for _, sl := range m.dialogs.Slots(m.width, dialogHeight(m.chat.Height(), m.height)) {
			slots = append(slots, dialogSlot(sl))
		}
	}
	return m.img.Sync(slots, near, m.height, sel)
}

// deleteBusyNotice refuses /delete while a reply streams into the
// conversation it would delete.
const deleteBusyNotice = "stop the reply (Esc) or wait for it to finish before deleting the conversation"

// The notices of /mouse.
const (
	mouseOffNotice = "mouse capture off: drag to select text with the terminal; /mouse turns the wheel back on"
	mouseOnNotice  = "mouse capture on: the wheel scrolls (shift+drag still selects text)"
)

// toggleMouse is /mouse and alt+m: View's MouseMode follows *off.
func toggleMouse(off *bool) convo.Outcome {
	*off = !*off
	if *off {
		return convo.Outcome{Notice: mouseOffNotice}
	}
	return convo.Outcome{Notice: mouseOnNotice}
}

// noticeOutcome is an outcome that only tells the user something (a
// component's notice), with the Cmd that came with it, if any.
func noticeOutcome(notice string, isErr bool, cmds ...tea.Cmd) (convo.Outcome, tea.Cmd) {
	return convo.Outcome{Notice: notice, IsErr: isErr}, tea.Batch(cmds...)
}

// editorOutcome is ctrl+g and /editor: the Cmd that opens the draft in
// $VISUAL or $EDITOR, or the notice saying neither is set.
func editorOutcome(c *composer.Model) (convo.Outcome, tea.Cmd) {
	argv, err := composer.EditorCommand(os.Getenv)
	if err != nil {
		return convo.Outcome{Notice: common.FirstLine(err.Error()), IsErr: true}, nil
	}
	return convo.Outcome{}, c.OpenEditor(argv)
}

// voiceLibrary finds the audio a chat.VoiceRef names (voice.Library):
// a chip's in the tray, a transcript note's in its entry.
type voiceLibrary struct{ tray *tray.Tray }

// Audio is the audio part r names, if it is still there.
func (l voiceLibrary) Audio(r chat.VoiceRef) (session.Audio, bool) {
	if r.Chip() > 0 {
		if a := l.tray.ByID(r.Chip()); a != nil && a.Audio() != nil {
			return *a.Audio(), true
		}
		return session.Audio{}, false
	}
	return r.Audio()
}

// redrawNote puts r's playback state on its chip or transcript entry; it
// reports whether a chip changed (the chips then relabel).
func redrawNote(t *tray.Tray, v *voice.Notes[chat.VoiceRef], r chat.VoiceRef) bool {
	switch {
	case !r.OK():
	case r.Chip() > 0:
		return t.ShowPlay(r.Chip(), v.ViewOf(r))
	default:
		r.Redraw()
	}
	return false
}

// showTranscript shows a chip's transcript news under it. A transcript
// the user already typed is kept; a failure keeps the recording and says
// why. It reports false when the chip was sent or removed meanwhile.
func showTranscript(t *tray.Tray, tr *voice.Transcript) bool {
	switch {
	case t.ByID(tr.ID) == nil:
		return false
	case tr.Started:
		t.StartTranscript(tr.ID)
	case tr.Err != nil:
		t.TranscriptFailed(tr.ID, tr.Err.Error())
	default:
		t.Transcribed(tr.ID, tr.Text)
	}
	return true
}

// trayLines is what sits above the composer: the chips and either the
// recording bar, voice mode's bar (ui/speech) or the tray's notice line.
func trayLines(t *tray.Tray, v *voice.Notes[chat.VoiceRef], sp *speech.Speaker[*chat.Entry], width int, st *themes.Styles) []string {
	bar, ok := v.Bar(width, st)
	if !ok {
		bar, ok = sp.Bar(width, st)
	}
	if !ok {
		return t.View(width, st)
	}
	return append(t.ChipView(width, st), bar)
}
