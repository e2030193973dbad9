package ui

import (
	"parley/media/audio"
	"parley/ui/chat"
	"parley/ui/speech"
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
