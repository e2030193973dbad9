// Package speech reads replies aloud in the chat: a Speaker owns the one
// reading at a time — a reply read while it streams (auto_speak, /speak
// on), a finished message read on demand (/speak, alt+s), or a message's
// kept speech replayed — its pause and stop keys, what the status bar
// says about it, and keeping the synthesized audio with the message.
//
// The reading itself is session/speak's Reader (sentences → synthesis →
// one playback stream). Opening the backend and the speaker, watching
// the reading's progress, closing the device and storing the audio all
// run in Cmds whose one sealed Msg comes back to Speaker.Update; the
// state changes only there and in the methods the root calls from its
// own Update. Feeding text (Write, End) never blocks.
//
// The Speaker is generic over the root's name for a message (R): it
// reports what the root must do — show a notice, show kept speech on a
// message — as a Result.
package speech

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/media/vad"
	speechapi "parley/providers/speech"
	"parley/session"
	"parley/session/speak"
)

// Sink is where speech plays; *audio.Stream is one. Tests use a fake.
type Sink interface {
	speak.Sink
	Pause()
	Resume()
	Paused() bool
	// Level is the RMS (0..1) playing now: voice mode's barge-in compares
	// the microphone against it.
	Level() float64
	// Close releases the device; it may block briefly, so only Cmds call it.
	Close()
}

// Keeper stores a reading's audio with its message, and voice mode's
// spoken turns as voice notes; *session.Store is one.
type Keeper interface {
	PutBlob(data []byte) (string, error)
	Blob(sha string) ([]byte, error)
	SetSpoken(id int64, sp session.Spoken) error
	AddAudio(data []byte, name string) (session.Audio, error)
}

// Backend is what a reading opens, in its Cmd.
type Backend struct {
	// Synth builds the [speech] backend; its error is the line saying
	// what to set. nil: speech is not configured.
	Synth func() (speechapi.Synthesizer, error)
	// Sink opens the speaker at rate; nil opens audio.OpenStream with
	// Audio.
	Sink  func(rate int) (Sink, error)
	Audio audio.Options
	// Keep stores the audio; nil keeps nothing (replay then synthesizes
	// again, and voice mode refuses).
	Keep Keeper

	// Voice mode: Mic makes the recorder of one spoken turn (nil:
	// audio.NewRecorder on Audio's backends and InputDevice); VAD tunes
	// the end of speech ([voice]); BargeIn lets speech during playback
	// stop it (voice.barge_in).
	Mic         func() Mic
	InputDevice string
	VAD         vad.Config
	BargeIn     bool
}

// errNotConfigured is what reading says without a backend.
var errNotConfigured = errors.New("speech is not configured: add [speech] provider = \"NAME\" (an openai-compatible or gemini provider with a key) to the config file")

func (b Backend) synth() (speechapi.Synthesizer, error) {
	if b.Synth == nil {
		return nil, errNotConfigured
	}
	return b.Synth()
}

func (b Backend) sink(rate int) (Sink, error) {
	if b.Sink != nil {
		return b.Sink(rate)
	}
	s, err := audio.OpenStream(b.Audio, rate)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Msg is the sealed type of the Speaker's messages: route it with
// `case speech.Msg:` to Speaker.Update.
type Msg interface{ speechMsg() }

type (
	// openedMsg: the backend and the speaker are open and the reading
	// runs (r), or why not (err). For a replay, pcm is what to play.
	openedMsg struct {
		gen  int
		r    *speak.Reader
		sink Sink
		pcm  []int16
		err  error
	}
	progressMsg struct {
		gen int
		p   speak.Progress
	}
	// doneMsg: the reading ended (the device is closed).
	doneMsg struct {
		gen int
		res speak.Result
	}
	// keptMsg: the audio of message id is stored (or why not).
	keptMsg struct {
		id  int64
		sp  session.Spoken
		err error
	}
	closedMsg struct{}
)

func (openedMsg) speechMsg()   {}
func (progressMsg) speechMsg() {}
func (doneMsg) speechMsg()     {}
func (keptMsg) speechMsg()     {}
func (closedMsg) speechMsg()   {}

// reading is the one reading in progress.
type reading[R comparable] struct {
	gen    int
	ref    R
	id     int64 // the message its audio is kept with; 0: not kept
	auto   bool  // started by auto_speak: a configuration error turns it off
	cancel context.CancelFunc
	r      *speak.Reader // nil while opening, and for a replay
	sink   Sink
	// pending is the text written before the reader was open.
	pending strings.Builder
	ended   bool // End was called: the text is complete
	prog    speak.Progress
	replay  bool
	ctx     context.Context // a replay's, for its playing Cmd
}

// Speaker is the chat's reading aloud. Use New; share it by pointer.
type Speaker[R comparable] struct {
	keys KeyMap
	be   Backend
	auto bool
	gen  int
	cur  *reading[R]
	mode *voiceMode // voice mode, nil when off (voicemode.go)
}

// New returns a Speaker reading through be; auto is auto_speak.
func New[R comparable](keys KeyMap, be Backend, auto bool) *Speaker[R] {
	return &Speaker[R]{keys: keys, be: be, auto: auto}
}

// Result is what the root must do after a Speaker call. Every field is
// optional.
type Result struct {
	Notice    string
	IsErr     bool
	SetNotice bool
	// Kept is speech now stored with message KeptID.
	KeptID int64
	Kept   *session.Spoken
	// Changed: the status bar's label changed.
	Changed bool
	// Send is a spoken turn of voice mode, stored as a voice note: the
	// root sends it as the next message.
	Send *session.Audio
	// StopReply: the user spoke over the reply (barge-in), so the reply
	// still streaming stops too.
	StopReply bool
	// Resized: voice mode's bar appeared or went.
	Resized bool
}

// Auto reports whether replies are read as they stream: auto_speak, and
// always in voice mode.
func (s *Speaker[R]) Auto() bool { return s.auto || s.mode != nil }

// SetAuto turns reading every reply on or off (/speak on|off).
func (s *Speaker[R]) SetAuto(on bool) { s.auto = on }

// Active reports whether something is being read (or opening).
func (s *Speaker[R]) Active() bool { return s.cur != nil }

// Reading is the message being read, if any.
func (s *Speaker[R]) Reading() (R, bool) {
	if s.cur == nil {
		var none R
		return none, false
	}
	return s.cur.ref, true
}

// Level is what the speaker plays now (0 when nothing is), for barge-in.
// It reads an atomic of the device: safe from a Cmd's goroutine through
// the func LevelFunc returns.
func (s *Speaker[R]) Level() float64 {
	if s.cur == nil || s.cur.sink == nil {
		return 0
	}
	return s.cur.sink.Level()
}

// Played is how much of the reading the speaker has sounded, when its
// sink tells (*audio.Stream does): what is heard, where Label's count is
// what was handed to the device.
func (s *Speaker[R]) Played() time.Duration {
	if s.cur == nil || s.cur.sink == nil {
		return 0
	}
	if p, ok := s.cur.sink.(interface{ Played() time.Duration }); ok {
		return p.Played()
	}
	return 0
}

// Begin starts reading ref's reply as it streams: Write feeds its text,
// End says it is complete. A reading in progress stops.
func (s *Speaker[R]) Begin(ctx context.Context, ref R) tea.Cmd {
	stop := s.Stop()
	s.gen++
	ctx, cancel := context.WithCancel(ctx)
	s.cur = &reading[R]{gen: s.gen, ref: ref, cancel: cancel, auto: true}
	return tea.Batch(stop, s.open(ctx, s.gen))
}

// Read reads the finished message ref (text, markdown) aloud and keeps
// the audio with message id (0: not kept).
func (s *Speaker[R]) Read(ctx context.Context, ref R, id int64, text string) tea.Cmd {
	cmd := s.Begin(ctx, ref)
	s.cur.auto = false
	s.Write(ref, text)
	s.End(ref, id)
	return cmd
}

// Replay plays ref's kept speech sp: no synthesis, nothing stored.
func (s *Speaker[R]) Replay(ctx context.Context, ref R, sp session.Spoken) tea.Cmd {
	stop := s.Stop()
	s.gen++
	ctx, cancel := context.WithCancel(ctx)
	s.cur = &reading[R]{gen: s.gen, ref: ref, cancel: cancel, replay: true, ctx: ctx}
	gen, be := s.gen, s.be
	return tea.Batch(stop, func() tea.Msg {
		if be.Keep == nil {
			return openedMsg{gen: gen, err: errors.New("the kept speech cannot be read: history is off")}
		}
		data, err := be.Keep.Blob(sp.Blob)
		if err != nil {
			return openedMsg{gen: gen, err: fmt.Errorf("the kept speech: %w", err)}
		}
		pcm, rate, ch, err := audio.DecodeWAV(data)
		if err != nil {
			return openedMsg{gen: gen, err: fmt.Errorf("the kept speech: %w", err)}
		}
		sink, err := be.sink(rate)
		if err != nil {
			return openedMsg{gen: gen, err: err}
		}
		return openedMsg{gen: gen, sink: sink, pcm: audio.ToMono(pcm, ch)}
	})
}

// Write adds a delta of ref's reply text, if ref is being read.
func (s *Speaker[R]) Write(ref R, delta string) {
	c := s.cur
	if c == nil || c.ref != ref || c.replay || c.ended || delta == "" {
		return
	}
	if c.r == nil {
		c.pending.WriteString(delta)
		return
	}
	c.r.Write(delta)
}

// End says ref's reply text is complete; its audio is kept with message
// id once everything was spoken (0: not kept).
func (s *Speaker[R]) End(ref R, id int64) {
	c := s.cur
	if c == nil || c.ref != ref || c.replay || c.ended {
		return
	}
	c.ended, c.id = true, id
	if c.r != nil {
		c.r.Close()
	}
}

// Stop ends the reading now; the Cmd closes the speaker.
func (s *Speaker[R]) Stop() tea.Cmd {
	c := s.cur
	if c == nil {
		return nil
	}
	s.cur = nil
	c.cancel()
	if c.r != nil {
		c.r.Stop()
	}
	if sink := c.sink; sink != nil {
		sink.Clear()
		return func() tea.Msg { sink.Close(); return closedMsg{} }
	}
	return nil
}

// TogglePause pauses or resumes the speaker; false when nothing plays.
func (s *Speaker[R]) TogglePause() bool {
	c := s.cur
	if c == nil || c.sink == nil {
		return false
	}
	if c.sink.Paused() {
		c.sink.Resume()
	} else {
		c.sink.Pause()
	}
	return true
}

// Label is what the status bar says about speech: "" when nothing is
// read.
func (s *Speaker[R]) Label() string {
	if s.mode != nil {
		if l := s.voiceLabel(); l != "" {
			return l
		}
	}
	c := s.cur
	switch {
	case c == nil:
		return ""
	case c.sink == nil:
		return "🔊 starting speech"
	case c.sink.Paused():
		return "⏸ speech paused · space resumes"
	case c.replay:
		return "🔊 replaying · esc stops"
	case c.prog.Known > 0:
		return fmt.Sprintf("🔊 speaking %d/%d · esc stops", min(c.prog.Spoken+1, c.prog.Known), c.prog.Known)
	}
	return "🔊 speaking · esc stops"
}
