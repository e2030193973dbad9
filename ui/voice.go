package ui

import (
	"parley/providers"
	"parley/session"
	"parley/themes"
	"parley/ui/chat"
	"parley/ui/speech"
	"parley/ui/tray"
	"parley/ui/voice"
)

// This file is the root's side of voice notes (ui/voice owns recording,
// playback, the selected note and their keys): it names notes, applies
// what the coordinator asks in one place, and draws voice notes in the
// transcript.

// Recorder is what Ctrl+R records voice notes with (voice.Recorder); the
// name stays for ui.Options' users.
type Recorder = voice.Recorder

// AudioOptions configure voice notes (voice.AudioOptions); main wires them
// from [audio] in the config.
type AudioOptions = voice.AudioOptions

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

// transcription is what decides whether a recorded note is transcribed:
// the current model's caps (Options.Caps or the picker's) and
// Options.Transcriber first, else what the TurnFactory's Turn for the
// model carries.
func transcription(opts Options, caps providers.Caps, known bool) voice.Transcription {
	tr := opts.Transcriber
	if (!known || tr == nil) && opts.Turns != nil {
		if t, err := opts.Turns(opts.Model); err == nil && t != nil {
			if !known && t.Caps != nil {
				caps, known = *t.Caps, true
			}
			if tr == nil {
				tr = t.Transcriber
			}
		}
	}
	return voice.Transcription{Caps: caps, Known: known, Transcriber: tr, Model: opts.Model, Store: opts.Store}
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
