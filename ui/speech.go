package ui

import (
	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/ui/chat"
	"parley/ui/speech"
	"parley/ui/tray"
)

// This file is the root's side of reading aloud (ui/speech owns the
// reading, its keys and keeping its audio): which message /speak and
// alt+s read, applying what the Speaker reports, and the line a message
// with kept speech shows.

// newSpeaker builds the Speaker from the options: the speaker device
// voice notes play on unless the backend names its own, and the store
// keeps the audio.
func newSpeaker(keys speech.KeyMap, opts Options) *speech.Speaker[*chat.Entry] {
	be := opts.Speech
	if be.Sink == nil && be.Audio.Backends == nil && be.Audio.DeviceName == "" {
		be.Audio = audio.Options{Backends: opts.Audio.Backends, DeviceName: opts.Audio.OutputDevice}
	}
	if be.Keep == nil && opts.Store != nil {
		be.Keep = opts.Store
	}
	if be.InputDevice == "" {
		be.InputDevice = opts.Audio.InputDevice
	}
	if rec := opts.Audio.NewRecorder; be.Mic == nil && rec != nil {
		be.Mic = func() speech.Mic { return rec() } // tests' recorders serve voice mode too
	}
	return speech.New[*chat.Entry](keys, be, opts.AutoSpeak)
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
