package ui

import (
	"strings"
	"time"

	"parley/ui/common"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/providers"
	"parley/session"
	"parley/themes"
)

// chipWaveBuckets is how many levels a voice chip's waveform shows.
const chipWaveBuckets = 12

// maxTranscriptLines bounds the transcript lines under the tray's chips.
const maxTranscriptLines = 3

// voiceState is the recording, the playback and the transcript's voice
// note selection. It lives behind a pointer shared by the root model and
// the drawCtx (entries draw the playing note's progress), and is only
// touched on the UI goroutine.
type voiceState struct {
	rec  recState
	play playState
}

// voiceNote is an audio chip's voice-note state; nil on chips that were
// never recorded, played or transcribed.
type voiceNote struct {
	recorded     bool   // made with Ctrl+R: labelled with its waveform
	transcribing bool   // a TranscribeAudio Cmd runs
	err          string // why the transcript could not be made
	play         playView
}

// playView is what a chip or transcript note shows about its playback.
type playView struct {
	on, paused bool
	pos, dur   time.Duration
}

// voiceLabel is an audio chip's text: "⏵ 0:07 ▁▃▅▇▅▃" for a recorded note,
// the file's name and length for other audio, with the progress in front
// while it plays ("▶ 0:03/0:07").
func voiceLabel(a *attachment, caps providers.Caps, known bool) string {
	au, v := a.audio, a.voice
	if v == nil {
		return audioLabel(au, caps, known)
	}
	head := "⏵ " + common.Clock(au.Duration)
	if v.play.on {
		head = v.play.progress()
	}
	if !v.recorded {
		return head + " " + audioLabel(au, caps, known)
	}
	s := head + " " + common.Sparkline(au.Waveform, chipWaveBuckets)
	if known && !caps.AcceptsAudio(au.MIME) {
		s += " · as transcript"
	}
	return s
}

// progress is "▶ 0:03/0:07", or "⏸ …" while paused.
func (p playView) progress() string {
	mark := "▶"
	if p.paused {
		mark = "⏸"
	}
	return mark + " " + common.Clock(p.pos) + "/" + common.Clock(p.dur)
}

// transcriptLines are the lines under the chips: each voice note's
// transcript, or that it is being made, or why it could not be.
func (t *tray) transcriptLines(width int, st *themes.Styles) []string {
	var out []string
	for i, a := range t.items {
		if a.audio == nil || a.voice == nil || len(out) == maxTranscriptLines {
			continue
		}
		prefix := "  ↳ "
		if i < 9 {
			prefix = "  " + string(rune('1'+i)) + " ↳ "
		}
		var line string
		switch v := a.voice; {
		case v.transcribing:
			line = st.Muted.Render(prefix + "transcribing…")
		case a.audio.Transcript != "":
			line = st.Muted.Render(prefix + "“" + common.OneLine(a.audio.Transcript) + "”")
		case v.err != "":
			line = st.ErrorLine.Render(prefix + "✗ " + v.err)
		default:
			continue
		}
		out = append(out, ansi.Truncate(line, max(width, 1), "…"))
	}
	return out
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
func (m *Model) transcribeIfNeeded(a *attachment) tea.Cmd {
	caps, known, tr := m.voiceCaps()
	if !known || caps.AcceptsAudio(a.audio.MIME) || a.audio.Transcript != "" {
		return nil
	}
	if a.voice == nil {
		a.voice = &voiceNote{}
	}
	if tr == nil {
		a.voice.err = "no transcription service is configured ([transcription] in config) and " +
			m.opts.Model + " cannot take audio"
		m.tray.gen++
		return nil
	}
	a.voice.transcribing, a.voice.err = true, ""
	m.tray.gen++
	id, au, store, ctx := a.id, *a.audio, m.opts.Store, m.ctx
	return func() tea.Msg {
		err := session.TranscribeAudio(ctx, tr, store, &au)
		return transcribedMsg{id: id, text: au.Transcript, err: err}
	}
}

// handleTranscribed shows the transcript under its chip. A transcript the
// user already typed is kept; a failure keeps the recording and says why.
func (m *Model) handleTranscribed(msg transcribedMsg) {
	a := m.tray.byID(msg.id)
	if a == nil {
		return // sent or removed meanwhile
	}
	a.voice.transcribing = false
	switch {
	case msg.err != nil:
		a.voice.err = common.FirstLine(msg.err.Error())
	case a.audio.Transcript == "":
		a.audio.Transcript = msg.text
		a.voice.err = ""
	}
	m.refreshChips()
	m.layout()
}

// byID is the chip with id, or nil.
func (t *tray) byID(id int) *attachment {
	for _, a := range t.items {
		if a.id == id {
			return a
		}
	}
	return nil
}

// transcriptEditedMsg is the edit dialog's result for chip id.
type transcriptEditedMsg struct {
	id   int
	text string
}

// editTranscript opens the transcript editor for an audio chip.
func (m *Model) editTranscript(a *attachment) tea.Cmd {
	if a.voice != nil && a.voice.transcribing {
		m.tray.setNotice("the transcript is still being made", false)
		return nil
	}
	d := newTranscriptDialog(a.id, a.audio.Transcript, m.keys, m.styles)
	m.dialogs.push(d)
	return d.ta.Focus()
}

// handleTranscriptEdited stores the edited text with the chip's audio: it
// is what is sent in place of the recording. An empty text clears it; the
// turn then transcribes at send time.
func (m *Model) handleTranscriptEdited(msg transcriptEditedMsg) {
	a := m.tray.byID(msg.id)
	if a == nil {
		m.tray.setNotice("the voice note was sent or removed: the edit is dropped", true)
		return
	}
	if a.voice == nil {
		a.voice = &voiceNote{}
	}
	a.audio.Transcript = strings.TrimSpace(msg.text)
	a.voice.err = ""
	m.tray.setNotice("transcript saved", false)
	m.refreshChips()
	m.layout()
}
