package ui

import (
	"parley/ui/dialog"
	"parley/ui/tray"
	"parley/ui/voice"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
)

// chipWaveBuckets is how many levels a voice note's waveform shows in
// the transcript (the tray's chips show as many).
const chipWaveBuckets = 12

// voiceState is the player and the transcript's selected voice note. It
// lives behind a pointer shared by the root model and the drawCtx
// (entries draw the playing note's progress), and is only touched on the
// UI goroutine.
type voiceState struct {
	player *voice.Player[voiceRef]
	sel    voiceRef // the transcript's selected voice note
}

// transcribedMsg is a transcript made for the chip id, or why not.
type transcribedMsg struct {
	id   int
	text string
	err  error
}

// voiceCaps are the current model's capabilities and transcriber:
// Options.Caps (or the picker's) and Options.Transcriber first, else what
// the TurnFactory's Turn for the model carries. known is false when
// nothing says what the model takes.
func (m *Model) voiceCaps() (caps providers.Caps, known bool, tr session.Transcriber) {
	caps, known = m.currentCaps()
	tr = m.opts.Transcriber
	if (!known || tr == nil) && m.opts.Turns != nil {
		if t, err := m.opts.Turns(m.opts.Model); err == nil && t != nil {
			if !known && t.Caps != nil {
				caps, known = *t.Caps, true
			}
			if tr == nil {
				tr = t.Transcriber
			}
		}
	}
	return caps, known, tr
}

// transcribeIfNeeded starts the transcript of a's note when the current
// model cannot take it as audio, so the user sees and may edit it before
// sending. A model that takes the audio, or whose caps are unknown, gets
// the recording as it is.
func (m *Model) transcribeIfNeeded(a *tray.Chip) tea.Cmd {
	caps, known, tr := m.voiceCaps()
	if !known || caps.AcceptsAudio(a.Audio().MIME) || a.Audio().Transcript != "" {
		return nil
	}
	if tr == nil {
		m.tray.TranscriptFailed(a.ID(), "no transcription service is configured ([transcription] in config) and "+
			m.opts.Model+" cannot take audio")
		return nil
	}
	m.tray.StartTranscript(a.ID())
	id, au, store, ctx := a.ID(), *a.Audio(), m.opts.Store, m.ctx
	return func() tea.Msg {
		err := session.TranscribeAudio(ctx, tr, store, &au)
		return transcribedMsg{id: id, text: au.Transcript, err: err}
	}
}

// handleTranscribed shows the transcript under its chip. A transcript the
// user already typed is kept; a failure keeps the recording and says why.
func (m *Model) handleTranscribed(msg transcribedMsg) {
	if m.tray.ByID(msg.id) == nil {
		return // sent or removed meanwhile
	}
	if msg.err != nil {
		m.tray.TranscriptFailed(msg.id, msg.err.Error())
	} else {
		m.tray.Transcribed(msg.id, msg.text)
	}
	m.refreshChips()
	m.layout()
}

// editTranscript opens the transcript editor for an audio chip.
func (m *Model) editTranscript(a *tray.Chip) tea.Cmd {
	if m.tray.Transcribing(a.ID()) {
		m.tray.SetNotice("the transcript is still being made", false)
		return nil
	}
	return m.dialogs.Open(dialog.NewTranscript(a.ID(), a.Audio().Transcript, m.keys.Composer.Textarea(), m.styles))
}

// handleTranscriptEdited stores the edited text with the chip's audio: it
// is what is sent in place of the recording. An empty text clears it; the
// turn then transcribes at send time.
func (m *Model) handleTranscriptEdited(msg dialog.ActionSaveTranscript) {
	if !m.tray.SetTranscript(msg.ID, msg.Text) {
		m.tray.SetNotice("the voice note was sent or removed: the edit is dropped", true)
		return
	}
	m.tray.SetNotice("transcript saved", false)
	m.refreshChips()
	m.layout()
}
