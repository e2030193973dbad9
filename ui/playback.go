package ui

import (
	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/voice"
)

// voiceRef names a voice note: a tray chip (chip > 0) or the i-th audio
// part of a transcript entry. voice.Player plays notes by this name.
type voiceRef struct {
	chip int
	e    *entry
	i    int
	ok   bool
}

// togglePlay plays ref's note, or pauses or resumes it when it is the one
// playing (voice.Player).
func (m *Model) togglePlay(ref voiceRef, au session.Audio) tea.Cmd {
	out, cmd := m.voice.player.Toggle(m.ctx, ref, au)
	m.applyPlay(out)
	return cmd
}

// applyPlay shows what playback reports: progress on the notes it names,
// and a notice when a note cannot play.
func (m *Model) applyPlay(out voice.PlayOutcome[voiceRef]) {
	for _, r := range out.Redraw {
		m.showPlay(r)
	}
	if out.SetNotice {
		m.tray.SetNotice(out.Notice, out.IsErr)
		m.layout()
	}
}

// showPlay puts r's playback state on its chip or transcript entry.
func (m *Model) showPlay(r voiceRef) {
	switch {
	case !r.ok:
	case r.chip > 0:
		if m.tray.ShowPlay(r.chip, m.voice.player.ViewOf(r)) {
			m.refreshChips()
			m.layout() // the label's length may move chips to another line
		}
	default:
		r.e.invalidate()
	}
}

// handleVoice passes the speaker's and the microphone's messages on.
func (m *Model) handleVoice(msg voice.Msg) tea.Cmd {
	if out, cmd, ok := m.voice.player.UpdatePlay(msg); ok {
		m.applyPlay(out)
		return cmd
	}
	return m.handleRecording(msg)
}

// stopVoice ends recording and playback on quit, without waiting.
func (m *Model) stopVoice() {
	m.rec.Close()
	m.applyPlay(m.voice.player.Stop())
}
