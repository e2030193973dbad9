package ui

import (
	"strings"

	"parley/ui/common"
	"parley/ui/transcript"

	"parley/media/sanitize"
	"parley/session"
)

// mediaParts are the image and audio parts of a message, in order.
func mediaParts(parts []session.Part) []session.Part {
	var out []session.Part
	for _, p := range parts {
		switch p.(type) {
		case session.Image, session.Audio:
			out = append(out, p)
		}
	}
	return out
}

// audioChip is the one-line text chip of an audio part in the transcript:
// "♪ note.wav · 0:12 · WAV". Image parts are drawn by imageblock.go (inline,
// or as a caption chip where the terminal cannot show pixels).
func audioChip(a session.Audio) string {
	s := "♪ " + a.Name
	if a.Duration > 0 {
		s += " · " + common.Clock(a.Duration)
	}
	s += " · " + common.FormatName(a.MIME)
	if a.Transcript != "" {
		s += " · transcribed"
	}
	return sanitize.String(s)
}

// mediaLines are the entry's audio chips, indented like its body.
func (e *entry) mediaLines(w int, d *drawCtx) []string {
	if e.kind != transcript.KindMessage {
		return nil
	}
	return e.voiceLines(w, d) // voice.go: waveform, progress, transcript
}

// setParts takes the media of a finished reply (generated images) from
// the stored message; its text has streamed in already.
func (e *entry) setParts(final *session.Message) {
	if final == nil {
		return
	}
	if media := mediaParts(final.Parts); len(media) > 0 {
		e.msg.Parts = media
		e.invalidate()
	}
}

// userSaved runs when the turn stored the user message: the chips it
// carries leave the tray (new ones added meanwhile stay).
func (m *Model) userSaved(a *reply) {
	a.saved = true
	m.tray.RemoveIDs(a.sent)
	m.layout()
}

// refused handles a turn that ended before the user message was stored
// (the model cannot take an attachment, or the store failed): the message
// leaves the transcript, its text goes back to the composer if that is
// still empty, its chips are still in the tray, and the reason is shown.
func (m *Model) refused(a *reply, err error) {
	m.transcript.Remove(a.user)
	m.transcript.Remove(a.entry)
	if m.composer.Empty() && strings.TrimSpace(a.text) != "" {
		m.composer.SetValue(a.text)
	}
	// The unsent text must not stay as the title: give back the one before.
	m.tray.SetNotice(common.FirstLine(session.WithHint(err, "switch with Ctrl+P")), true)
	m.status.Refused(a.prevTitle)
	m.layout()
}
