package ui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
	"parley/ui/chat"
	"parley/ui/common"
	"parley/ui/dialog"
	"parley/ui/tray"
)

// canSend reports whether handleSubmit would send text: there is
// something to send and no reply is streaming.
func (m *Model) canSend(text string) bool {
	return (strings.TrimSpace(text) != "" || m.tray.Len() > 0) && !m.chat.Busy()
}

// sendTyped is the user sending what they typed (Enter): the notice about
// their previous action ends (tray.clearOnSend), then the message goes.
// Sends that are not the user's doing (the start-up prompt) keep the
// notice, e.g. why a start-up attachment failed.
func (m *Model) sendTyped(text string) tea.Cmd {
	if m.canSend(text) {
		m.tray.ClearOnSend()
		m.composer.Remember(text) // input history: ↑ recalls it
	}
	return m.handleSubmit(text)
}

// handleSubmit sends text as the next user message. Empty text and a
// second message while a reply streams are refused and the text stays in
// the composer; so does the text when no provider can be used, with the
// reason on the notice line.
func (m *Model) handleSubmit(text string) tea.Cmd {
	if !m.canSend(text) {
		return nil
	}
	return m.applyChat(m.chat.Send(m.newTurn, m.outgoing(text, text)))
}

// outgoing is the next user message: its text, then the tray's
// attachments, for the model in use; title names an untitled
// conversation.
func (m *Model) outgoing(title, text string) chat.Outgoing {
	var parts []session.Part
	if strings.TrimSpace(text) != "" {
		parts = append(parts, session.Text{Text: text})
	}
	parts = append(parts, m.tray.Parts()...)
	return chat.Outgoing{Parts: parts, Model: m.opts.Model, Title: title, Text: text, Chips: m.tray.IDs()}
}

// newTurn asks the factory for a Turn for the current model, with this
// conversation's system prompt, fitted to the model's context. When there
// is none it says why on the notice line and in the status bar, and is
// nil: the notice line, not the transcript, as a transcript entry per
// Enter stacked one "parley" header on another; the text stays in the
// composer to send once the key is set.
func (m *Model) newTurn() *session.Turn {
	var t *session.Turn
	err := errors.New("no provider is configured: set default_model in the config file")
	if m.opts.Turns != nil {
		if t, err = m.opts.Turns(m.opts.Model); err == nil && t == nil {
			err = errors.New("no provider for " + m.opts.Model)
		}
	}
	m.status.SetProblem(modelProblem(err))
	if err != nil {
		m.tray.SetNotice(err.Error(), true)
		m.layout()
		return nil
	}
	p := m.convo.Prompt() // this conversation's, /system and /persona included
	t.System, t.Persona = p.System, p.Persona
	t.FitContext = true // the transcript shows the TurnNotice that says what was left out
	return t
}

// modelCheckedMsg says whether the model named can be used (err nil).
type modelCheckedMsg struct {
	model string
	err   error
}

// checkModel is the Cmd that asks turns whether model can be used, so
// the status bar says what is missing before the first send. It runs the
// factory off the UI goroutine: an api_key_cmd may take its time.
func checkModel(turns TurnFactory, model string) tea.Cmd {
	if turns == nil {
		return nil
	}
	return func() tea.Msg {
		_, err := turns(model)
		return modelCheckedMsg{model: model, err: err}
	}
}

// modelProblem is the status bar's word on a Turn factory's error: "no
// key: set OPENAI_API_KEY" for a missing key, else its first line; ""
// for none.
func modelProblem(err error) string {
	var mk *providers.MissingKeyError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &mk) && len(mk.Sources) > 0:
		return "no key: set " + strings.Join(mk.Sources, " or ")
	case errors.As(err, &mk):
		return "no key for " + mk.Provider + ": see providers." + mk.Provider + ".api_key_cmd"
	}
	return "cannot send: " + common.FirstLine(err.Error())
}

// stopAll cancels every running turn (on quit).
func (m *Model) stopAll() {
	m.chat.Stop()
	m.applyVoice(m.voice.Close(), nil) // recording and playback end without waiting
	// Speech stops now; the reading's own Cmd closes the speaker as it
	// ends (the Cmd Stop returns is not needed for that).
	m.speech.Stop()
}

// applyChat is the one place the root does what the chat reports: the
// composer's and the tray's changes, the notice line, a conversation read
// again, the spinner of a reply that began, the cost of one that ended,
// and a queued message now due.
func (m *Model) applyChat(out chat.Outcome) tea.Cmd {
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
