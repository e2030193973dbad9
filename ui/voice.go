package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/providers"
	"parley/session"
	"parley/themes"
	"parley/ui/common"
	"parley/ui/dialog"
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

// chipWaveBuckets is how many levels a voice note's waveform shows in
// the transcript (the tray's chips show as many).
const chipWaveBuckets = 12

// voiceRef names a voice note: a tray chip (chip > 0) or the i-th audio
// part of a transcript entry. voice.Notes knows notes by this name.
type voiceRef struct {
	chip int
	e    *entry
	i    int
	ok   bool
}

// voiceLibrary finds the audio a voiceRef names (voice.Library).
type voiceLibrary struct{ tray *tray.Tray }

// Audio is the audio part r names, if it is still there.
func (l voiceLibrary) Audio(r voiceRef) (session.Audio, bool) {
	if r.chip > 0 {
		if a := l.tray.ByID(r.chip); a != nil && a.Audio() != nil {
			return *a.Audio(), true
		}
		return session.Audio{}, false
	}
	if r.e == nil {
		return session.Audio{}, false
	}
	parts := session.PartsOf[session.Audio](r.e.msg)
	if r.i >= len(parts) {
		return session.Audio{}, false
	}
	return parts[r.i], true
}

// handleVoiceKey is layer 5 of the key precedence: the voice notes' keys
// (voice.Notes.HandleKey), told which voice chip is selected. Esc drops
// the transcript's selected note while no reply streams.
func (m *Model) handleVoiceKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	f := voice.Focus[voiceRef]{ComposerEmpty: m.composer.Empty(), Library: voiceLibrary{&m.tray}}
	if a := m.tray.Selected(); a != nil && a.Audio() != nil {
		f.Chip, f.ChipAudio, f.ChipBusy = voiceRef{chip: a.ID(), ok: true}, *a.Audio(), m.tray.Transcribing(a.ID())
	}
	res, cmd, ok := m.voice.HandleKey(m.ctx, msg, f)
	if ok {
		return m.applyVoice(res, cmd), true
	}
	if f.Chip.ok || !f.ComposerEmpty || !m.voice.HasSelection() || m.stream.Busy() || !key.Matches(msg, m.keys.Deselect) {
		return nil, false
	}
	m.clearMediaSelection()
	return nil, true
}

// applyVoice is the one place the root does what voice notes ask: a
// recorded note becomes a chip (transcribed if the model needs a
// transcript), transcripts and playback show on their chips and entries,
// the notice line says how it went, and alt+↑/↓ move the selection.
func (m *Model) applyVoice(res voice.Result[voiceRef], cmd tea.Cmd) tea.Cmd {
	cmds := []tea.Cmd{cmd}
	relabel, resize := false, res.Resized || res.SetNotice
	for _, r := range res.Redraw {
		relabel = redrawNote(&m.tray, m.voice, r) || relabel
	}
	if res.SetNotice {
		m.tray.SetNotice(res.Notice, res.IsErr)
	}
	if res.Saved != nil {
		id := m.tray.Add(tray.NewAudio(*res.Saved, true))
		caps, known := m.currentCaps()
		t, tcmd := m.voice.Transcribe(m.ctx, id, *res.Saved, transcription(m.opts, caps, known))
		res.Transcript, relabel = t.Transcript, true
		cmds = append(cmds, tcmd)
	}
	if t := res.Transcript; t != nil && showTranscript(&m.tray, t) {
		relabel, resize = true, true
	}
	switch {
	case res.Move != 0:
		m.moveMediaSelection(res.Move) // mediasel.go
	case res.Unselect:
		m.clearMediaSelection()
	}
	if a := m.tray.ByID(res.Edit.chip); a != nil && a.Audio() != nil {
		cmds = append(cmds, m.dialogs.Open(dialog.NewTranscript(a.ID(), a.Audio().Transcript, m.keys.Composer.Textarea(), m.styles)))
	}
	if relabel {
		m.refreshChips()
	}
	if relabel || resize {
		m.layout() // a label's length may move chips to another line
	}
	return tea.Batch(cmds...)
}

// redrawNote puts r's playback state on its chip or transcript entry; it
// reports whether a chip changed (the chips then relabel).
func redrawNote(t *tray.Tray, v *voice.Notes[voiceRef], r voiceRef) bool {
	switch {
	case !r.ok:
	case r.chip > 0:
		return t.ShowPlay(r.chip, v.ViewOf(r))
	default:
		r.e.invalidate()
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

// selectVoice makes r (or nothing) the transcript's selected voice note
// and redraws both entries.
func selectVoice(v *voice.Notes[voiceRef], r voiceRef) {
	if prev := v.Select(r); prev.e != nil {
		prev.e.invalidate()
	}
	if r.e != nil {
		r.e.invalidate()
	}
}

// trayLines is what sits above the composer: the chips and either the
// recording bar, voice mode's bar (ui/speech) or the tray's notice line.
func trayLines(t *tray.Tray, v *voice.Notes[voiceRef], sp *speech.Speaker[*entry], width int, st *themes.Styles) []string {
	bar, ok := v.Bar(width, st)
	if !ok {
		bar, ok = sp.Bar(width, st)
	}
	if !ok {
		return t.View(width, st)
	}
	return append(t.ChipView(width, st), bar)
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
