package voice

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
	"parley/themes"
	"parley/ui/common"
)

// Notes coordinates voice notes for the root: the microphone (a
// Recording), the speaker (a Player), the transcript's selected note, the
// transcript of a recorded note, and the voice-note keys. It knows notes
// only by R, the root's name for one (a tray chip, an audio part of a
// transcript entry), and finds their audio through a Library; what the
// root must do — add a chip, redraw a note, show a notice — comes back as
// a Result. Use NewNotes; it is shared by pointer with the drawing (an
// entry draws its note's progress and selection).
type Notes[R comparable] struct {
	keys   KeyMap
	rec    Recording
	player *Player[R]
	sel    R // the transcript's selected note; the zero R is none
}

// NewNotes returns the coordinator recording and playing with opts and
// keeping notes in store (nil: recording and playing say why they cannot).
func NewNotes[R comparable](keys KeyMap, opts AudioOptions, store *session.Store) *Notes[R] {
	return &Notes[R]{keys: keys, rec: NewRecording(opts, store), player: NewPlayer[R](opts, store)}
}

// Result is what a voice-note key or message asks of the root. Every
// field is optional.
type Result[R comparable] struct {
	// Notice is for the notice line when SetNotice is set.
	Notice    string
	IsErr     bool
	SetNotice bool
	// Saved is a recorded and stored note: it becomes a voice chip, then
	// the root asks Transcribe whether it needs a transcript.
	Saved *session.Audio
	// Redraw names the notes whose playback or selection changed.
	Redraw []R
	// Resized is set when the recording bar appeared or went.
	Resized bool
	// Move moves the transcript's media selection by one (alt+↑/↓ are
	// aliases of shift+tab/tab).
	Move int
	// Unselect drops the selection: the selected note is gone.
	Unselect bool
	// Edit asks for the transcript editor of this chip's note.
	Edit R
	// Transcript is news about a chip's transcript.
	Transcript *Transcript
}

// Transcript is what became of the transcript of chip ID's note: Started
// (it is being made), made (Text), or failed (Err).
type Transcript struct {
	ID      int
	Started bool
	Text    string
	Err     error
}

// Focus is what the root's state says about a key: the selected voice
// chip (the zero R when none is), whether the composer is empty, and
// where the audio of a note is found.
type Focus[R comparable] struct {
	Chip      R
	ChipAudio session.Audio
	// ChipBusy is set while the chip's transcript is being made.
	ChipBusy      bool
	ComposerEmpty bool
	Library       Library[R]
}

// Library finds the audio a note's name stands for, if it is still there
// (a chip may have been sent, the transcript cleared).
type Library[R comparable] interface {
	Audio(R) (session.Audio, bool)
}

// Transcription is what decides whether a recorded note is transcribed
// before sending: the current model's caps (Known is false when nothing
// says what it takes) and the service that transcribes for it.
type Transcription struct {
	Caps        providers.Caps
	Known       bool
	Transcriber session.Transcriber
	Model       string
	Store       *session.Store
}

// transcribedMsg is a transcript made for the chip id, or why not.
type transcribedMsg struct {
	id   int
	text string
	err  error
}

func (transcribedMsg) voiceMsg() {}

// HandleKey takes the voice-note keys before the tray's and the
// composer's; ok is false for keys it leaves alone. While recording,
// Enter and Ctrl+R stop and Esc discards; other keys still edit the
// composer. A selected voice chip plays (space) or opens its transcript
// (enter); with an empty composer the transcript's notes are selected and
// played.
func (n *Notes[R]) HandleKey(ctx context.Context, msg tea.KeyPressMsg, f Focus[R]) (Result[R], tea.Cmd, bool) {
	k := n.keys
	if n.rec.Active() {
		switch {
		case key.Matches(msg, k.Record, k.StopRecord):
			return Result[R]{}, n.rec.Stop(), true
		case key.Matches(msg, k.DiscardRecording):
			out, cmd := n.rec.Discard()
			return fromRecording[R](out), cmd, true
		}
		return Result[R]{}, nil, false
	}
	if key.Matches(msg, k.Record) {
		out, cmd := n.rec.Start(ctx)
		return fromRecording[R](out), cmd, true
	}
	var none R
	if f.Chip != none {
		switch {
		case key.Matches(msg, k.PlayPause):
			res, cmd := n.toggle(ctx, f.Chip, f.ChipAudio)
			return res, cmd, true
		case key.Matches(msg, k.EditTranscript) && f.ChipBusy:
			return Result[R]{Notice: "the transcript is still being made", SetNotice: true}, nil, true
		case key.Matches(msg, k.EditTranscript):
			return Result[R]{Edit: f.Chip}, nil, true
		}
		return Result[R]{}, nil, false
	}
	if !f.ComposerEmpty {
		return Result[R]{}, nil, false
	}
	return n.transcriptKey(ctx, msg, f.Library)
}

// transcriptKey selects and plays the transcript's voice notes. Space
// with no selection pauses or resumes whatever plays.
func (n *Notes[R]) transcriptKey(ctx context.Context, msg tea.KeyPressMsg, lib Library[R]) (Result[R], tea.Cmd, bool) {
	k := n.keys
	var none R
	playing, isPlaying := n.player.Playing()
	switch {
	case key.Matches(msg, k.VoicePrev):
		return Result[R]{Move: -1}, nil, true
	case key.Matches(msg, k.VoiceNext):
		return Result[R]{Move: +1}, nil, true
	case key.Matches(msg, k.PlayPause) && n.sel != none:
		au, ok := lib.Audio(n.sel)
		if !ok {
			return Result[R]{Unselect: true}, nil, true
		}
		res, cmd := n.toggle(ctx, n.sel, au)
		return res, cmd, true
	case key.Matches(msg, k.PlayPause) && isPlaying && !n.player.Starting():
		au, _ := lib.Audio(playing)
		res, cmd := n.toggle(ctx, playing, au)
		return res, cmd, true
	}
	return Result[R]{}, nil, false
}

// toggle plays ref's note, or pauses or resumes it when it is the one
// playing.
func (n *Notes[R]) toggle(ctx context.Context, ref R, au session.Audio) (Result[R], tea.Cmd) {
	out, cmd := n.player.Toggle(ctx, ref, au)
	return fromPlay(out), cmd
}

// Update takes the microphone's, the speaker's and the transcripts'
// messages.
func (n *Notes[R]) Update(msg Msg) (Result[R], tea.Cmd) {
	if out, cmd, ok := n.player.UpdatePlay(msg); ok {
		return fromPlay(out), cmd
	}
	if t, ok := msg.(transcribedMsg); ok {
		return Result[R]{Transcript: &Transcript{ID: t.id, Text: t.text, Err: t.err}}, nil
	}
	out, cmd := n.rec.Update(msg)
	return fromRecording[R](out), cmd
}

// Transcribe starts the transcript of chip id's note au when the model
// cannot take it as audio, so the user sees and may edit it before
// sending. A model that takes the audio, or whose caps are unknown, gets
// the recording as it is; a note with a transcript keeps it.
func (n *Notes[R]) Transcribe(ctx context.Context, id int, au session.Audio, t Transcription) (Result[R], tea.Cmd) {
	if !t.Known || t.Caps.AcceptsAudio(au.MIME) || au.Transcript != "" {
		return Result[R]{}, nil
	}
	if t.Transcriber == nil {
		err := noTranscriberError(t.Model)
		return Result[R]{Transcript: &Transcript{ID: id, Err: err}}, nil
	}
	tr, store := t.Transcriber, t.Store
	return Result[R]{Transcript: &Transcript{ID: id, Started: true}}, func() tea.Msg {
		err := session.TranscribeAudio(ctx, tr, store, &au)
		return transcribedMsg{id: id, text: au.Transcript, err: err}
	}
}

// noTranscriberError says why a note for a model without audio input
// cannot be transcribed.
func noTranscriberError(model string) error {
	return errors.New("no transcription service is configured ([transcription] in config) and " +
		model + " cannot take audio")
}

// Select makes r the transcript's selected note (the zero R: none) and
// returns the one selected before, so both are redrawn.
func (n *Notes[R]) Select(r R) (prev R) {
	prev, n.sel = n.sel, r
	return prev
}

// Selected is the transcript's selected note; ok is false when none is.
func (n *Notes[R]) Selected() (r R, ok bool) {
	var none R
	return n.sel, n.sel != none
}

// ViewOf is how ref's note plays now (off when it does not).
func (n *Notes[R]) ViewOf(ref R) common.PlayView { return n.player.ViewOf(ref) }

// Playing is the note playing or starting, if any.
func (n *Notes[R]) Playing() (R, bool) { return n.player.Playing() }

// Starting reports whether playback is being started.
func (n *Notes[R]) Starting() bool { return n.player.Starting() }

// Paused reports whether the note playing is paused.
func (n *Notes[R]) Paused() bool { return n.player.Paused() }

// Recording reports whether a recording is starting, running or being
// saved: then the recording bar takes the notice line's place.
func (n *Notes[R]) Recording() bool { return n.rec.Active() }

// Running reports whether the microphone delivers levels.
func (n *Notes[R]) Running() bool { return n.rec.Running() }

// Elapsed is how much the recording has captured.
func (n *Notes[R]) Elapsed() time.Duration { return n.rec.Elapsed() }

// Bar is the recording bar, and whether a recording shows one.
func (n *Notes[R]) Bar(width int, st *themes.Styles) (string, bool) {
	if !n.rec.Active() {
		return "", false
	}
	return n.rec.View(width, st), true
}

// Close ends recording and playback on quit, without waiting.
func (n *Notes[R]) Close() Result[R] {
	n.rec.Close()
	return fromPlay(n.player.Stop())
}

func fromRecording[R comparable](o Outcome) Result[R] {
	return Result[R]{Notice: o.Notice, IsErr: o.IsErr, SetNotice: o.SetNotice, Saved: o.Saved, Resized: o.Resized}
}

func fromPlay[R comparable](o PlayOutcome[R]) Result[R] {
	return Result[R]{Notice: o.Notice, IsErr: o.IsErr, SetNotice: o.SetNotice, Redraw: o.Redraw}
}

// HasSelection reports whether a transcript note is selected.
func (n *Notes[R]) HasSelection() bool { _, ok := n.Selected(); return ok }
