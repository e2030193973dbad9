// Package voice is voice notes: Notes, the coordinator the root drives,
// owns a Recording (one recording at a time: idle → starting → running →
// stopping, and the recording bar), a Player (one note playing), the
// transcript's selected note, the transcript of a recorded note and the
// voice-note keys (KeyMap). Everything that blocks — opening the device,
// waiting for levels, stopping, storing, transcribing — runs in Cmds whose
// one sealed Msg comes back to Notes.Update; the state changes only there
// and in HandleKey.
//
// The cut is at naming: a note lives in the root's tray (a chip) or in a
// transcript entry, so Notes is generic over the root's name for one and
// finds its audio through the Library it defines; it gets the store, the
// audio devices, the caps and the transcriber as arguments, and every
// change the root must make — a recorded note becomes a chip, a
// transcript arrives, playback redraws a note — comes back as a Result.
package voice

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/session"
	"parley/ui/common"
)

// Recorder is what Ctrl+R records voice notes with; *audio.Recorder is one.
// Tests inject one on miniaudio's null backend, or one whose Start fails.
type Recorder interface {
	// Start opens the input device and begins recording; it fails with an
	// *audio.ErrNoMicrophone when there is nothing to record from.
	Start(ctx context.Context) error
	// Levels delivers the loudness every ~50 ms and is closed when the
	// recording ends, by Stop, Discard or by itself.
	Levels() <-chan audio.Level
	// Stop ends the recording and returns it; it may block up to ~2 s.
	Stop() (audio.Recording, error)
	// Discard ends the recording and drops it.
	Discard()
}

// AudioOptions configure voice notes; main wires them from [audio] in
// the config.
type AudioOptions struct {
	// Backends are the miniaudio backends tried in order; nil is the
	// platform's default list. Tests use audio.BackendNull.
	Backends []malgo.Backend
	// InputDevice and OutputDevice select devices by (part of) their name
	// or ID (audio.input_device, audio.output_device); "" is the default.
	InputDevice  string
	OutputDevice string
	// MaxDuration stops a recording by itself (audio.max_record); 0 is
	// audio.DefaultMaxDuration (10 minutes).
	MaxDuration time.Duration
	// NewRecorder makes the recorder of one voice note; nil means
	// audio.NewRecorder with the fields above.
	NewRecorder func() Recorder
}

// recPhase is where a recording is.
type recPhase uint8

const (
	recIdle     recPhase = iota
	recStarting          // Start runs in a Cmd
	recRunning           // levels flow
	recStopping          // Stop and storing run in a Cmd
)

// recState is the voice note being recorded. gen tells the messages of an
// abandoned recording (discarded, or replaced) from the current one's.
type recState struct {
	phase   recPhase
	gen     int
	rec     Recorder
	cancel  context.CancelFunc
	levels  <-chan audio.Level
	elapsed time.Duration // audio captured, from the levels' timestamps
	meter   []float64     // the last meterCells levels (0..1), oldest first
}

// Messages of the recording's Cmds.
type (
	startedMsg struct {
		gen    int
		err    error
		levels <-chan audio.Level
	}
	// levelMsg is one level; ok is false once Levels is closed.
	levelMsg struct {
		gen   int
		level audio.Level
		ok    bool
	}
	// savedMsg is the stopped recording, stored as an attachment.
	savedMsg struct {
		gen    int
		audio  session.Audio
		reason audio.StopReason
		err    error
	}
)

// Msg is the sealed type of the recording's messages: route it with
// `case voice.Msg:` to Recording.Update.
type Msg interface{ voiceMsg() }

func (startedMsg) voiceMsg() {}
func (levelMsg) voiceMsg()   {}
func (savedMsg) voiceMsg()   {}

// Recording records voice notes. Use NewRecording.
type Recording struct {
	opts  AudioOptions
	store *session.Store
	r     recState
}

// NewRecording records with opts into store (nil: recording is refused).
func NewRecording(opts AudioOptions, store *session.Store) Recording {
	return Recording{opts: opts, store: store}
}

// Outcome is what a message means for the rest of the UI.
type Outcome struct {
	// Notice, when SetNotice, replaces the tray's notice line ("" clears).
	Notice    string
	IsErr     bool
	SetNotice bool
	// Saved is the stored voice note, for the tray.
	Saved *session.Audio
	// Resized: the bar appeared or went, so the layout changes.
	Resized bool
}

// Active reports whether the recording bar is up.
func (v *Recording) Active() bool { return v.r.phase != recIdle }

// Running reports whether levels flow (the device is open).
func (v *Recording) Running() bool { return v.r.phase == recRunning }

// Elapsed is how much audio was captured so far.
func (v *Recording) Elapsed() time.Duration { return v.r.elapsed }

// MaxDuration is the longest a voice note may be.
func (v *Recording) MaxDuration() time.Duration {
	if d := v.opts.MaxDuration; d > 0 {
		return d
	}
	return audio.DefaultMaxDuration
}

func (v *Recording) newRecorder() Recorder {
	o := v.opts
	if o.NewRecorder != nil {
		return o.NewRecorder()
	}
	return audio.NewRecorder(audio.Options{Backends: o.Backends, DeviceName: o.InputDevice, MaxDuration: o.MaxDuration})
}

// Start opens the microphone in a Cmd (PulseAudio may take a moment to
// answer); the bar shows at once. Without a store it refuses, saying why.
func (v *Recording) Start(ctx context.Context) (Outcome, tea.Cmd) {
	if v.store == nil {
		return Outcome{Notice: "cannot record: parley has no data directory to keep the voice note in", IsErr: true, SetNotice: true}, nil
	}
	r := &v.r
	ctx, cancel := context.WithCancel(ctx)
	*r = recState{phase: recStarting, gen: r.gen + 1, rec: v.newRecorder(), cancel: cancel}
	rec, gen := r.rec, r.gen
	return Outcome{Resized: true}, func() tea.Msg {
		if err := rec.Start(ctx); err != nil {
			return startedMsg{gen: gen, err: err}
		}
		return startedMsg{gen: gen, levels: rec.Levels()}
	}
}

// pumpLevels waits for the next level. It blocks on the channel, so there
// is no polling; each level message issues the next wait.
func pumpLevels(gen int, ch <-chan audio.Level) tea.Cmd {
	return func() tea.Msg {
		l, ok := <-ch
		return levelMsg{gen: gen, level: l, ok: ok}
	}
}

// Update takes the recording's messages; those of an abandoned recording
// (discarded or replaced) change nothing.
func (v *Recording) Update(msg Msg) (Outcome, tea.Cmd) {
	switch msg := msg.(type) {
	case startedMsg:
		out := v.started(msg)
		return out, v.firstLevel(msg)
	case levelMsg:
		return v.level(msg)
	case savedMsg:
		return v.saved(msg), nil
	}
	return Outcome{}, nil
}

// started shows a failed start as one line; a start that comes after Esc
// is dropped at once.
func (v *Recording) started(msg startedMsg) Outcome {
	r := &v.r
	if msg.gen != r.gen || r.phase != recStarting {
		return Outcome{}
	}
	if msg.err != nil {
		r.cancel()
		*r = recState{gen: r.gen}
		return Outcome{Notice: recordError(msg.err), IsErr: true, SetNotice: true, Resized: true}
	}
	r.phase, r.levels = recRunning, msg.levels
	return Outcome{}
}

func (v *Recording) firstLevel(msg startedMsg) tea.Cmd {
	if v.r.phase != recRunning || msg.gen != v.r.gen || msg.err != nil {
		return nil
	}
	return pumpLevels(msg.gen, msg.levels)
}

// level moves the meter; a closed channel means the recording ended by
// itself (maximum length, device lost): it is collected as if the user
// had stopped it.
func (v *Recording) level(msg levelMsg) (Outcome, tea.Cmd) {
	r := &v.r
	if msg.gen != r.gen {
		return Outcome{}, nil
	}
	if !msg.ok {
		return Outcome{}, v.Stop()
	}
	r.elapsed = max(r.elapsed, msg.level.At)
	r.meter = append(r.meter, meterLevel(msg.level.RMS))
	if len(r.meter) > meterCells {
		r.meter = r.meter[len(r.meter)-meterCells:]
	}
	return Outcome{}, pumpLevels(msg.gen, r.levels)
}

// Stop stops and stores the note in a Cmd: Stop waits for the device to
// close (up to ~2 s), and the store writes the blob. Only a running
// recording stops.
func (v *Recording) Stop() tea.Cmd {
	r := &v.r
	if r.phase != recRunning {
		return nil
	}
	r.phase = recStopping
	rec, gen, store := r.rec, r.gen, v.store
	return func() tea.Msg {
		out, err := rec.Stop()
		if err != nil {
			return savedMsg{gen: gen, err: fmt.Errorf("recording failed: %w", err)}
		}
		if len(out.PCM) == 0 {
			return savedMsg{gen: gen, reason: out.Reason, err: errors.New("nothing was recorded (" + out.Reason.String() + ")")}
		}
		name := "voice-" + time.Now().Format("20060102-150405") + ".wav"
		a, err := store.AddAudio(out.WAV(), name)
		return savedMsg{gen: gen, audio: a, reason: out.Reason, err: err}
	}
}

// Discard drops the recording (Esc). Discard does not wait for the
// device; it still runs in a Cmd as it takes the recorder's locks. A
// recording already being saved is not discarded.
func (v *Recording) Discard() (Outcome, tea.Cmd) {
	r := &v.r
	if r.phase == recIdle || r.phase == recStopping {
		return Outcome{}, nil
	}
	rec, cancel := r.rec, r.cancel
	*r = recState{gen: r.gen + 1}
	return Outcome{Notice: "voice note discarded", SetNotice: true, Resized: true}, func() tea.Msg {
		rec.Discard()
		cancel()
		return nil
	}
}

// saved hands the stored note on and says how it ended when it stopped
// by itself.
func (v *Recording) saved(msg savedMsg) Outcome {
	r := &v.r
	if msg.gen != r.gen {
		return Outcome{}
	}
	r.cancel()
	*r = recState{gen: r.gen}
	out := Outcome{SetNotice: true, Resized: true}
	if msg.err != nil {
		out.Notice, out.IsErr = common.FirstLine(msg.err.Error()), true
		return out
	}
	au := msg.audio
	out.Saved = &au
	switch msg.reason {
	case audio.StopMaxDuration:
		out.Notice, out.IsErr = "maximum recording length ("+common.Clock(v.MaxDuration())+") reached: the note is in the tray", true
	case audio.StopDeviceLost:
		out.Notice, out.IsErr = "input device lost: kept the "+common.Clock(msg.audio.Duration)+" recorded", true
	}
	return out
}

// Close ends a recording on quit. It only cancels the Start context: the
// recorder ends the capture on its own goroutine, while Discard could
// wait for a Start that is still opening the device.
func (v *Recording) Close() {
	r := &v.r
	if r.phase == recIdle {
		return
	}
	if r.cancel != nil {
		r.cancel()
	}
	*r = recState{gen: r.gen + 1}
}

// recordError is the one line a failed start shows.
func recordError(err error) string {
	var nm *audio.ErrNoMicrophone
	if errors.As(err, &nm) {
		return nm.Error()
	}
	return "cannot record: " + common.FirstLine(err.Error())
}
