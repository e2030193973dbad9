package chat

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/common"
	"parley/ui/images"
	"parley/ui/transcript"
)

// This file is what an entry's media shows besides its images: voice
// notes (their chip line, playback and transcript) and kept speech.

// imageIndent is the column images and the hand-off lines start at.
const imageIndent = images.Indent

// ChipWaveBuckets is how many levels a voice note's waveform shows in
// the transcript (the tray's chips show as many).
const ChipWaveBuckets = 12

// VoiceRef names a voice note: a tray chip (Chip > 0) or the i-th audio
// part of a transcript entry. voice.Notes knows notes by this name.
type VoiceRef struct {
	chip int
	e    *Entry
	i    int
	ok   bool
}

// ChipRef names the voice note of tray chip id.
func ChipRef(id int) VoiceRef { return VoiceRef{chip: id, ok: true} }

// Chip is the tray chip r names, 0 for a transcript note.
func (r VoiceRef) Chip() int { return r.chip }

// OK reports whether r names a note at all.
func (r VoiceRef) OK() bool { return r.ok }

// Audio is the transcript's audio part r names, if it is still there
// (false for a chip: the tray has those).
func (r VoiceRef) Audio() (session.Audio, bool) {
	if r.e == nil {
		return session.Audio{}, false
	}
	parts := session.PartsOf[session.Audio](r.e.msg)
	if r.i >= len(parts) {
		return session.Audio{}, false
	}
	return parts[r.i], true
}

// Redraw draws r's entry again (its playback state changed).
func (r VoiceRef) Redraw() {
	if r.e != nil {
		r.e.invalidate()
	}
}

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
// "♪ note.wav · 0:12 · WAV". Image parts are drawn as image blocks
// (inline, or as a caption chip where the terminal cannot show pixels).
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
func (e *Entry) mediaLines(w int, d *draw) []string {
	if e.kind != transcript.KindMessage {
		return nil
	}
	return e.voiceLines(w, d)
}

// setParts takes the media of a finished reply (generated images) from
// the stored message; its text has streamed in already.
func (e *Entry) setParts(final *session.Message) {
	if final == nil {
		return
	}
	if media := mediaParts(final.Parts); len(media) > 0 {
		e.msg.Parts = media
		e.invalidate()
	}
}

// voiceLines are the lines of an entry's audio parts: "♪ note.wav · 0:12
// · WAV · ▁▃▅▇▅▃", the progress in front while it plays, highlighted when
// selected, and its transcript under it once made.
func (e *Entry) voiceLines(w int, d *draw) []string {
	var out []string
	i := 0
	for _, p := range e.msg.Parts {
		a, ok := p.(session.Audio)
		if !ok {
			continue
		}
		out = append(out, e.voiceChip(a, i, w, d))
		if a.Transcript != "" {
			text := d.styles.Muted.Width(max(w-4, 1)).Render("“" + common.OneLine(a.Transcript) + "”")
			for _, l := range strings.Split(text, "\n") {
				out = append(out, "    "+l)
			}
		}
		i++
	}
	return out
}

// voiceChip is one audio part's chip line.
func (e *Entry) voiceChip(a session.Audio, i, w int, d *draw) string {
	chip := audioChip(a)
	if len(a.Waveform) > 0 {
		chip += " · " + common.Sparkline(a.Waveform, ChipWaveBuckets)
	}
	style := d.styles.HeaderMeta
	if v := d.voice; v != nil {
		ref := VoiceRef{e: e, i: i, ok: true}
		if pv := v.ViewOf(ref); pv.On {
			chip = pv.Progress() + " " + strings.TrimPrefix(chip, "♪ ")
		}
		if sel, ok := v.Selected(); ok && sel == ref {
			style = d.styles.Selection.Foreground(d.styles.Palette.Accent)
			chip += " · space play/pause"
		}
	}
	return "  " + style.Render(ansi.Truncate(sanitize.String(chip), max(w-2, 1), "…"))
}

// spokenLines is the line of a reply whose speech was kept: "🔊 read
// aloud · 0:12 · ▁▃▅▇▅▃ · /speak replays".
func spokenLines(e *Entry, w int, d *draw) []string {
	sp := e.msg.Spoken
	if sp == nil {
		return nil
	}
	line := "🔊 read aloud · " + common.Clock(sp.Duration)
	if len(sp.Waveform) > 0 {
		line += " · " + common.Sparkline(sp.Waveform, ChipWaveBuckets)
	}
	line += " · /speak replays"
	return []string{"  " + d.styles.HeaderMeta.Render(ansi.Truncate(line, max(w-2, 1), "…"))}
}
