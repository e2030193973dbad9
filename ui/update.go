package ui

import (
	"errors"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"parley/ui/chat"
	"parley/ui/clip"
	"parley/ui/common"
	"parley/ui/composer"
	"parley/ui/convo"
	"parley/ui/dialog"
	"parley/ui/images"
	"parley/ui/paste"
	"parley/ui/speech"
	"parley/ui/stream"
	"parley/ui/tray"
	"parley/ui/voice"
)

// This file is the only place messages and keys are routed. Every message
// type the UI receives is a case of route; every key passes the layers of
// handleKey in the order listed there. A handler elsewhere never routes:
// it handles its message and returns a Cmd.

// Update routes msg, then keeps inline images in step with the screen
// (syncImages places sixel/iTerm2 images after whatever changed).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, tea.Batch(m.route(msg), m.syncImages())
}

// route is the one message switch: each message goes to the handler or
// component that owns it.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	// The terminal: its size, background and graphics detection.
	case tea.WindowSizeMsg:
		cmd, changed := m.img.Resize(msg.Width, msg.Height) // ui/images: cell size, erased placements
		if changed {
			m.chat.Redraw()
		}
		m.resize(msg.Width, msg.Height)
		return tea.Batch(cmd, m.chat.Want()) // a taller view may show placeholders
	case tea.BackgroundColorMsg:
		return m.handleBackground(msg)

	// Input. Keys right after a paste are held until it surely ended
	// (ui/paste): pasted text holding a paste-end marker must not send.
	case tea.KeyPressMsg:
		if m.paste.Hold(msg) {
			return nil
		}
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		return m.chat.Scroll(msg)
	case tea.PasteStartMsg:
		m.paste.Start()
		return nil
	case tea.PasteMsg:
		if m.paste.Paste(msg) {
			return nil
		}
		return m.handlePaste(msg)
	case tea.PasteEndMsg:
		return m.paste.End()
	case paste.Msg:
		return m.applyPaste(m.paste.Update(msg))

	// Replies streaming in (ui/stream) and sending.
	case stream.Msg, chat.Msg: // a reply's frames; the chat's own results (branches, drafts, previews, the queue)
		return m.applyChat(m.chat.Update(msg))
	case submitMsg:
		return m.handleSubmit(msg.text)
	case modelCheckedMsg: // whether the model in use can be used: the status bar says
		if msg.model == m.opts.Model {
			m.status.SetProblem(modelProblem(msg.err))
		}
		return nil
	case spinner.TickMsg: // turns while something is in progress; the loop dies when nothing is
		cmd, changed := m.spinner.Update(msg, m.chat.Busy())
		if changed {
			m.chat.SetSpinner(m.spinner.Frame())
			m.status.SetSpinner(m.spinner.Frame())
		}
		return cmd

	// Inline images: detection's end, encodes, placement, exporting
	// (ui/images).
	case images.Msg:
		return m.handleImages(msg)

	// Attachments, models and conversations: what dialogs and Cmds chose.
	case tray.Msg: // stored attachments, what fitting a chip changes
		return m.applyTray(m.tray.Update(msg))
	case historyOpenMsg: // a conversation chosen in the history, loaded
		return m.handleHistoryOpen(msg)
	case dialog.Msg: // a dialog's own results: the model list, history results, a directory listing, a fitted image, a write
		return m.toDialog(msg)

	// Voice notes: recording, transcripts, playback.
	case voice.Msg: // the microphone, the speaker and the transcripts
		return m.applyVoice(m.voice.Update(msg))

	// Input history and the editor, copies, the conversation (ui/convo).
	case composer.Msg:
		return m.applyConvo(noticeOutcome(m.composer.Apply(msg)))
	case clip.Copied:
		return m.applyConvo(noticeOutcome(msg.Notice()))
	case convo.Msg:
		return m.applyConvo(m.convo.Update(msg, m.chat.ConvID()), nil)
	// Reading aloud: the backend and speaker opened, progress, kept audio.
	case speech.Msg:
		return m.applySpeech(m.speech.Update(msg))
	}
	if handled, changed := m.img.TerminalReply(msg); handled { // ui/images: the detection burst's answers
		if changed {
			m.chat.Redraw()
		}
		return nil
	}
	// The rest — cursor blinks — goes to the open dialog and the composer.
	return tea.Batch(m.toDialog(msg), m.updateComposer(msg))
}

// handleKey is the key precedence. The first layer that claims a key ends
// its way (keys right after a paste reach it only once the paste guard
// gives them back, see route):
//
//  1. quit (ctrl+c) always quits;
//  2. the full-screen image viewer takes every other key;
//  3. an open dialog takes every key;
//  4. the transcript's image and voice-note selection (tab, enter/o,
//     s/c/a, esc), while the composer is empty and no chip is selected
//     (ui/chat's HandleMediaKey); then message selection (shift+↑/↓; on
//     the selected message e edits, ←/→ switch its branch, x expands its
//     text files, esc ends it; ui/chat's HandleSelectKey),
//     with the same conditions;
//  5. voice notes: a recording's stop and discard, ctrl+r, the selected
//     voice chip's play and edit, the transcript's notes (ui/voice);
//  6. voice mode and speech being read aloud (ui/speech): in voice mode
//     esc leaves it and space (empty composer) is push-to-talk; else esc
//     stops the reading and space (empty composer) pauses it. What is
//     heard stops first: while a reply streams and is read, the first esc
//     silences it and the second stops the reply; a selected voice note
//     or a playing one keeps space;
//  7. the selected chip's keys (←/→, del, enter, ↓/esc; ui/tray);
//  8. the root's keys (rootKey): first the keys that run a command's
//     action (keyMap.actions: ctrl+y copy, alt+m mouse, ctrl+g editor,
//     ctrl+p/ctrl+o/ctrl+t dialogs, alt+s reads aloud, alt+v voice mode,
//     alt+r retry), then the rest (ui/chat's Esc, Queue, Held). esc: stops
//     the streaming reply (a queued message is then held), else takes a
//     queued message back to the composer, else cancels an /edit in
//     progress. ↑ in an empty composer takes a queued message back
//     before it selects a chip. enter: a command, else a held message
//     (empty composer), else queues the text while a reply streams, else
//     sends;
//  9. the composer gets the rest.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Quit) {
		m.stopAll()
		return tea.Quit
	}
	if m.img.Viewing() {
		m.img.ViewerKey(msg)
		return nil
	}
	if m.dialogs.IsOpen() {
		return m.toDialog(msg)
	}
	if out, ok := m.chat.HandleMediaKey(msg, chat.MediaFocus{DialogOpen: m.dialogs.IsOpen(), ComposerEmpty: m.composer.Empty(),
		ChipSelected: m.tray.Selected() != nil, Attached: m.tray.HasImage}); ok { // ui/chat: the media selection
		return m.applyChat(out)
	}
	if out, ok := m.chat.HandleSelectKey(msg, m.composer.Empty() && m.tray.SelectedIndex() < 0); ok { // ui/chat
		return m.applyChat(out)
	}
	if !key.Matches(msg, m.keys.Composer.Complete) {
		m.composer.EndCompletion() // the next Tab completes afresh
	}
	if cmd, ok := m.handleVoiceKey(msg); ok {
		return cmd
	}
	if res, cmd, ok := m.speech.HandleKey(msg, m.composer.Empty()); ok {
		return m.applySpeech(res, cmd)
	}
	out, ok := m.tray.HandleKey(msg) // a key given back may end the selection
	if cmd := m.applyTray(out); ok {
		return cmd
	}
	if cmd, ok := m.rootKey(msg); ok {
		return cmd
	}
	return m.updateComposer(msg)
}

// rootKey is layer 8: the dialogs' keys, reading aloud, copying, mouse
// capture, the editor, pasting, the tray's chips, Tab completion, Enter
// (a command, typed paths, a held or queued message, or the message), Esc
// (stop the reply), retry, ? (help in an empty composer) and scrolling.
// A key that a slash command also offers runs the command's action.
func (m *Model) rootKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	if key.Matches(msg, k.Unqueue) { // ui/chat: the waiting message before the chips
		if out, ok := m.chat.TakeBack(m.composer.Empty()); ok {
			return m.applyChat(out), true
		}
	}
	for _, ka := range k.actions() {
		if key.Matches(msg, ka.key) {
			return m.run(ka.act, ka.clear), true
		}
	}
	switch {
	case key.Matches(msg, k.Paste):
		cmd := m.tray.Paste(m.ctx, m.opts.Clipboard, m.opts.Store, m.opts.Docs, m.opts.MaxTextBytes)
		m.layout()
		return cmd, true
	case key.Matches(msg, k.ChipN):
		if n := int(msg.Code - '1'); n < m.tray.Len() {
			m.tray.Select(n)
			m.layout()
		}
		return nil, true
	case key.Matches(msg, k.Chips) && m.composer.Value() == "" && m.tray.Len() > 0:
		m.tray.Select(m.tray.Len() - 1)
		m.layout()
		return nil, true
	case key.Matches(msg, k.Composer.Complete):
		return nil, m.handleTab()
	case key.Matches(msg, k.Send):
		if cmd, ok := m.handleEnter(); ok { // commands.go
			return cmd, true
		}
		if text, ok := m.chat.Held(m.composer.Empty()); ok { // ui/chat: a held message
			return m.sendTyped(text), true
		}
		if m.chat.Busy() {
			return m.applyChat(m.chat.Queue(m.composer.Value())), true
		}
		return m.sendTyped(m.composer.Value()), true
	case key.Matches(msg, k.Stop): // ui/chat: stop the reply, take a queued message back, cancel an /edit
		return m.applyChat(m.chat.Esc(m.composer.Empty())), true
	case key.Matches(msg, k.Help) && m.composer.Empty():
		return m.run(actOpen{dialogHelp}, false), true
	case m.chat.Scrolls(msg):
		return m.chat.Scroll(msg), true
	}
	return nil, false
}

// handleAction is the one switch over what the dialogs ask (the
// dialog.Overlay has closed the dialog already when the action says so).
func (m *Model) handleAction(a dialog.Action) tea.Cmd {
	switch a := a.(type) {
	case dialog.ActionChooseModel:
		m.switchModel(a.Entry)
		return m.chipChanges()
	case dialog.ActionAttachFile:
		return tray.Attach(m.opts.Store, m.opts.Docs, []string{a.Path}, "")
	case dialog.ActionOpenConversation:
		store, id, resume := m.opts.Store, a.ID, m.opts.ResumeModel
		return func() tea.Msg {
			if store == nil {
				return historyOpenMsg{err: errors.New("history is off: nothing is saved in this session")}
			}
			c, err := store.ConversationOutline(id, chat.PageSize) // the rest loads lazily
			o := historyOpenMsg{outline: c, err: err}
			if err == nil && resume != nil { // its last model, if still configured
				o.model, o.reason = resume(&c.Conversation)
			}
			return o
		}
	case dialog.ActionSaveTranscript:
		return m.applyTray(m.tray.SaveTranscript(a.ID, a.Text))
	case dialog.ActionSaved:
		m.tray.SetNotice("saved "+a.Path+" ("+common.HumanBytes(int64(a.Bytes))+")", false)
		m.layout()
	case dialog.ActionSaveFailed:
		m.tray.SetNotice(common.FirstLine(a.Err.Error()), true)
		m.layout()
	case dialog.ActionSetDetail:
		m.tray.SetDetail(a.ID, a.Detail)
		m.layout()
	case dialog.ActionSetTiles:
		m.tray.SetTiles(a.ID, a.Mode)
	case dialog.ActionSetDocument: // docinspect: a page range or a tail
		if m.tray.SetDocument(a.ID, a.Doc) {
			m.layout()
			return m.chipChanges()
		}
	case dialog.ActionAskDelete: // the history's ctrl+d
		return m.applyConvo(m.convo.AskDelete(a.ID, a.Title))
	case dialog.ActionDeleteConversation:
		return m.applyConvo(convo.Outcome{Notice: "deleting…"}, m.convo.Delete(a.ID))
	case dialog.ActionRenamed:
		if a.ID == m.chat.ConvID() {
			m.status.SetTitle(a.Title)
		}
	}
	return nil
}

// handlePaste gives a paste to the open dialog; otherwise pasted paths of
// attachable files become chips and other text goes into the composer, or
// into a text chip when it is large (insertText).
func (m *Model) handlePaste(msg tea.PasteMsg) tea.Cmd {
	if m.dialogs.IsOpen() {
		return m.toDialog(msg)
	}
	if files := tray.PastedPaths(msg.Content); files != nil {
		return tray.Attach(m.opts.Store, m.opts.Docs, files, "")
	}
	return m.insertText(msg.Content)
}

// applyPaste acts on what the paste guard held: the keys, in order, or,
// when the paste was split, its rest as pasted text with the notice.
func (m *Model) applyPaste(r paste.Result) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(r.Keys)+1)
	for _, k := range r.Keys {
		cmds = append(cmds, m.handleKey(k))
	}
	if r.Notice != "" {
		cmds = append(cmds, m.insertText(r.Text))
		m.tray.SetNotice(r.Notice, true)
		m.layout()
	}
	return tea.Batch(cmds...)
}

// insertText puts pasted text (a bracketed paste, Ctrl+V's clipboard
// text) into the composer at the cursor. Text that would make the
// composer's text large (tray.LargeText), or that the composer could not
// take whole, goes to the tray as a text chip instead: nothing is cut.
func (m *Model) insertText(text string) tea.Cmd {
	if text == "" {
		return nil
	}
	// The composer's own text counts too: many small pastes add up.
	large := tray.LargeText(text) || tray.LargeText(m.composer.Value()+text)
	if !large && m.composer.InsertString(text) {
		m.layout()
		return nil
	}
	m.tray.SetProgress("attaching the pasted text…")
	m.layout()
	return tray.PasteText(m.opts.Store, text, m.opts.MaxTextBytes)
}

// updateComposer passes msg to the composer; its height may change with
// the text, so the transcript gets the rest of the screen again.
func (m *Model) updateComposer(msg tea.Msg) tea.Cmd {
	h := m.composer.Height()
	var cmd tea.Cmd
	m.composer, cmd = m.composer.Update(msg)
	if m.composer.Full() {
		// The textarea drops what passes its limit without a word.
		m.tray.SetNotice("the message is at its limit of 5,000 rows: send it, or attach the rest as a file", true)
		m.layout()
	}
	if m.composer.Height() != h {
		m.layout()
	}
	return cmd
}

// toDialog gives a message to the dialog on top (a key, a paste, a
// dialog.Msg, a cursor blink) and handles the action it returns.
func (m *Model) toDialog(msg tea.Msg) tea.Cmd {
	action, cmd := m.dialogs.Update(msg)
	return tea.Batch(cmd, m.handleAction(action))
}
