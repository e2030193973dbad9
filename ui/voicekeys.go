package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/session"
	"parley/ui/common"
)

// This file routes the voice-note keys and messages (recording, playback,
// transcripts) and draws voice notes in the transcript.

// addVoiceKeys sets the voice-note bindings.
func addVoiceKeys(k *keyMap) {
	k.Record = key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "record a voice note"))
	k.StopRecord = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/esc", "stop/discard recording"))
	k.DiscardRecording = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "discard recording"))
	k.PlayPause = key.NewBinding(key.WithKeys("space"), key.WithHelp("space/enter", "play · edit voice transcript"))
	k.EditTranscript = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit voice chip transcript"))
	k.VoicePrev = key.NewBinding(key.WithKeys("alt+up"), key.WithHelp("alt+↑/↓", "same as shift+tab/tab"))
	k.VoiceNext = key.NewBinding(key.WithKeys("alt+down"), key.WithHelp("alt+↓", "next voice note"))
}

// voiceHelp lists the voice-note keys in the help, under the image keys
// (the help shows as many columns as the width allows).
func voiceHelp(k keyMap) []key.Binding {
	// PlayPause's help names Enter too: the column has room for four rows
	// without making the help taller.
	return []key.Binding{k.Record, k.StopRecord, k.PlayPause, k.VoicePrev}
}

// handleVoiceKey takes the voice-note keys before the tray's and the
// composer's; ok is false for keys it leaves alone. While recording,
// Enter and Ctrl+R stop and Esc discards; other keys still edit the
// composer.
func (m *Model) handleVoiceKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.rec.Active() {
		switch {
		case key.Matches(msg, m.keys.Record, m.keys.StopRecord):
			return m.rec.Stop(), true
		case key.Matches(msg, m.keys.DiscardRecording):
			return m.discardRecording(), true
		}
		return nil, false
	}
	if key.Matches(msg, m.keys.Record) {
		return m.startRecording(), true
	}
	if a := m.tray.Selected(); a != nil && a.Audio() != nil {
		switch {
		case key.Matches(msg, m.keys.PlayPause):
			return m.togglePlay(voiceRef{chip: a.ID(), ok: true}, *a.Audio()), true
		case key.Matches(msg, m.keys.EditTranscript):
			return m.editTranscript(a), true
		}
		return nil, false
	}
	if !m.composer.Empty() {
		return nil, false
	}
	return m.handleTranscriptVoiceKey(msg)
}

// handleTranscriptVoiceKey selects and plays voice notes of the
// transcript while the composer is empty. Space with no selection pauses
// or resumes whatever plays.
func (m *Model) handleTranscriptVoiceKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	p := m.voice
	playing, isPlaying := p.player.Playing()
	switch {
	case key.Matches(msg, m.keys.VoicePrev):
		m.moveMediaSelection(-1) // an alias of shift+tab (mediasel.go)
	case key.Matches(msg, m.keys.VoiceNext):
		m.moveMediaSelection(+1)
	case key.Matches(msg, m.keys.PlayPause) && p.sel.ok:
		au, ok := m.refAudio(p.sel)
		if !ok {
			m.clearMediaSelection()
			return nil, true
		}
		return m.togglePlay(p.sel, au), true
	case key.Matches(msg, m.keys.PlayPause) && isPlaying && !p.player.Starting():
		au, _ := m.refAudio(playing)
		return m.togglePlay(playing, au), true
	case key.Matches(msg, m.keys.Deselect) && p.sel.ok && !m.stream.Busy():
		m.clearMediaSelection()
	default:
		return nil, false
	}
	return nil, true
}

// refAudio is the audio part r names, if it is still there.
func (m *Model) refAudio(r voiceRef) (session.Audio, bool) {
	if r.chip > 0 {
		if a := m.tray.ByID(r.chip); a != nil && a.Audio() != nil {
			return *a.Audio(), true
		}
		return session.Audio{}, false
	}
	if r.e == nil {
		return session.Audio{}, false
	}
	parts := audioParts(r.e.msg)
	if r.i >= len(parts) {
		return session.Audio{}, false
	}
	return parts[r.i], true
}

// audioParts are a message's audio parts in order.
func audioParts(msg session.Message) []session.Audio {
	var out []session.Audio
	for _, p := range msg.Parts {
		if a, ok := p.(session.Audio); ok {
			out = append(out, a)
		}
	}
	return out
}

// setVoiceSelection selects r (or nothing) and redraws both entries.
func (m *Model) setVoiceSelection(r voiceRef) {
	p := m.voice
	if p.sel.e != nil {
		p.sel.e.invalidate()
	}
	p.sel = r
	if r.e != nil {
		r.e.invalidate()
	}
}

// revealEntry scrolls so e's last lines (its voice notes) are in view,
// unless e is already wholly visible.
func revealEntry(t *entryList, d *drawCtx, e *entry) {
	for v := range t.Visible {
		if v.Entry == e && v.Row >= 0 && v.Row+v.Height <= t.Height() {
			return
		}
	}
	for i, x := range t.Entries() {
		if x == e {
			t.ShowAt(i, d.Height(e, t.Width())-t.Height())
			return
		}
	}
}

// voiceLines are the lines of an entry's audio parts: "♪ note.wav · 0:12
// · WAV · ▁▃▅▇▅▃", the progress in front while it plays, highlighted when
// selected, and its transcript under it once made.
func (e *entry) voiceLines(w int, d *drawCtx) []string {
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
func (e *entry) voiceChip(a session.Audio, i, w int, d *drawCtx) string {
	chip := audioChip(a)
	if len(a.Waveform) > 0 {
		chip += " · " + common.Sparkline(a.Waveform, chipWaveBuckets)
	}
	style := d.styles.HeaderMeta
	if v := d.voice; v != nil {
		ref := voiceRef{e: e, i: i, ok: true}
		if pv := v.player.ViewOf(ref); pv.On {
			chip = pv.Progress() + " " + strings.TrimPrefix(chip, "♪ ")
		}
		if v.sel.ok && v.sel == ref {
			style = d.styles.Selection.Foreground(d.styles.Palette.Accent)
			chip += " · space play/pause"
		}
	}
	return "  " + style.Render(ansi.Truncate(sanitize.String(chip), max(w-2, 1), "…"))
}
