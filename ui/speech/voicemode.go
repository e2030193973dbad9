package speech

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/audio"
	"parley/media/vad"
	"parley/session"
	"parley/session/speak"
	"parley/themes"
	"parley/ui/common"
	"parley/ui/voice"
)

// Voice mode is a hands-free conversation: listen (the microphone's
// levels through a speak.Listener, drawn as a meter), and when the user
// stops speaking, store what they said as a voice note the root sends
// like any other (audio to models that hear it, its transcript
// otherwise); read the reply aloud as it streams (the Speaker's reading);
// listen again. Speech while the reply plays stops it and starts the next
// turn (barge-in), unless the Listener is told nothing about playback
// (voice.barge_in = false); the push-to-talk key starts and ends a turn
// by hand. Each turn records with its own recorder, so a turn holds only
// what was said, and the Listener's calibration to the room holds for the
// whole conversation.
//
// The boundary is the Result: a realtime speech-to-speech backend could
// drive the same phases with its own Cmds.

// Mic is what voice mode listens with: the recorder voice notes use
// (*audio.Recorder is one), one per spoken turn.
type Mic = voice.Recorder

// Phase is where a voice conversation is.
type Phase uint8

// The phases of voice mode, in the order a turn passes them.
const (
	Off       Phase = iota
	Starting        // the microphone opens
	Listening       // waiting for the user, or hearing them
	Sending         // the turn's recording is stored
	Thinking        // the reply is asked for
	Speaking        // the reply is read aloud
)

// preroll is kept before the detected start of speech: the detector
// needs MinSpeech of sound to be sure, and the first syllable is softer.
const preroll = 300 * time.Millisecond

// voiceMode is a voice conversation in progress.
type voiceMode struct {
	phase   Phase
	gen     int // the recorder's: messages of a replaced one are dropped
	mic     Mic
	cancel  context.CancelFunc
	lis     *speak.Listener
	talking bool          // the user speaks now (the VAD or push-to-talk says)
	ptt     bool          // push-to-talk: the key ends the turn, not the VAD
	startAt time.Duration // where the turn's speech began in its recording
	lastAt  time.Duration // the newest level's recording time
	meter   []float64     // the last levels, oldest first
	turns   int
	ctx     context.Context // the next turns' microphones open under it
}

// meterCells is how many levels the meter shows.
const meterCells = 16

type (
	micStartedMsg struct {
		gen    int
		levels <-chan audio.Level
		err    error
	}
	micLevelMsg struct {
		gen    int
		level  audio.Level
		ok     bool
		levels <-chan audio.Level
	}
	// noteMsg is a spoken turn, stored as a voice note (or why not).
	noteMsg struct {
		gen int
		au  session.Audio
		err error
	}
)

func (micStartedMsg) speechMsg() {}
func (micLevelMsg) speechMsg()   {}
func (noteMsg) speechMsg()       {}

// Phase is where voice mode is (Off when it is not on).
func (s *Speaker[R]) Phase() Phase {
	if s.mode == nil {
		return Off
	}
	return s.mode.phase
}

// Heard is how much the current turn's microphone has captured.
func (s *Speaker[R]) Heard() time.Duration {
	if s.mode == nil {
		return 0
	}
	return s.mode.lastAt
}

func (b Backend) mic() Mic {
	if b.Mic != nil {
		return b.Mic()
	}
	return audio.NewRecorder(audio.Options{Backends: b.Audio.Backends, DeviceName: b.InputDevice})
}

// EnterVoice starts voice mode: the backend is checked and the
// microphone opened in a Cmd; without either it refuses, saying why.
func (s *Speaker[R]) EnterVoice(ctx context.Context) (Result, tea.Cmd) {
	if s.mode != nil {
		return Result{}, nil
	}
	if s.be.Keep == nil {
		return notice("voice mode keeps each spoken turn as a voice note: it needs a data directory (history is off)", true), nil
	}
	var playback func() float64
	if s.be.BargeIn {
		playback = s.Level // called from Update (Listener.Add), like every Speaker method
	}
	s.mode = &voiceMode{phase: Starting, ctx: ctx, lis: speak.NewListener(s.be.VAD, audio.DefaultLevelInterval, playback)}
	return Result{Changed: true, Resized: true}, s.listen(ctx, true)
}

// listen opens the next turn's microphone; first also checks the speech
// backend, so voice mode refuses at once without one.
func (s *Speaker[R]) listen(ctx context.Context, first bool) tea.Cmd {
	v := s.mode
	v.gen++
	ctx, cancel := context.WithCancel(ctx)
	v.mic, v.cancel, v.talking, v.ptt, v.lastAt = s.be.mic(), cancel, false, false, 0
	mic, gen, be := v.mic, v.gen, s.be
	return func() tea.Msg {
		if first {
			if _, err := be.synth(); err != nil {
				return micStartedMsg{gen: gen, err: fmt.Errorf("voice mode reads replies aloud: %w", err)}
			}
		}
		if err := mic.Start(ctx); err != nil {
			return micStartedMsg{gen: gen, err: err}
		}
		return micStartedMsg{gen: gen, levels: mic.Levels()}
	}
}

func waitLevel(gen int, levels <-chan audio.Level) tea.Cmd {
	return func() tea.Msg {
		lv, ok := <-levels
		return micLevelMsg{gen: gen, level: lv, ok: ok, levels: levels}
	}
}

// Unsent says the turn Send carried was not sent (no provider, a reply
// still streaming): voice mode listens again instead of waiting for a
// reply.
func (s *Speaker[R]) Unsent() {
	if v := s.mode; v != nil && v.phase == Thinking {
		v.phase = Listening
	}
}

// Close ends voice mode and the reading now and waits for the devices to
// close: for after the program ended, not for Update.
func (s *Speaker[R]) Close() {
	if _, cmd := s.LeaveVoice(); cmd != nil {
		runAll(cmd)
	}
	if cmd := s.Stop(); cmd != nil {
		runAll(cmd)
	}
}

// runAll runs cmd and, for a batch, each of its Cmds, here.
func runAll(cmd tea.Cmd) {
	if b, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range b {
			if c != nil {
				runAll(c)
			}
		}
	}
}

// ToggleVoice is /voice and alt+v: it enters voice mode, or leaves it.
func (s *Speaker[R]) ToggleVoice(ctx context.Context) (Result, tea.Cmd) {
	if s.Phase() != Off {
		return s.LeaveVoice()
	}
	return s.EnterVoice(ctx)
}

// LeaveVoice ends voice mode: the microphone is dropped, speech stops.
func (s *Speaker[R]) LeaveVoice() (Result, tea.Cmd) {
	v := s.mode
	if v == nil {
		return Result{}, nil
	}
	s.mode = nil
	mic, cancel := v.mic, v.cancel
	drop := func() tea.Msg { mic.Discard(); cancel(); return nil }
	return Result{Notice: "voice mode off", SetNotice: true, Changed: true, Resized: true}, tea.Batch(drop, s.Stop())
}

// updateVoice takes voice mode's messages; ok is false for the others.
func (s *Speaker[R]) updateVoice(msg Msg) (Result, tea.Cmd, bool) {
	v := s.mode
	switch msg := msg.(type) {
	case micStartedMsg:
		if v == nil || msg.gen != v.gen {
			return Result{}, nil, true
		}
		if msg.err != nil {
			res, cmd := s.LeaveVoice()
			res.Notice, res.IsErr = "voice mode: "+msg.err.Error(), true
			return res, cmd, true
		}
		if v.phase == Starting {
			v.phase = Listening
		}
		return Result{Changed: true}, waitLevel(v.gen, msg.levels), true
	case micLevelMsg:
		if v == nil || msg.gen != v.gen {
			return Result{}, nil, true
		}
		if !msg.ok {
			if v.phase == Sending {
				return Result{}, nil, true // stopped for the turn
			}
			res, cmd := s.LeaveVoice()
			res.Notice, res.IsErr = "the microphone stopped: voice mode is off", true
			return res, cmd, true
		}
		res, cmd := s.heard(msg.level)
		return res, tea.Batch(cmd, waitLevel(v.gen, msg.levels)), true
	case noteMsg:
		if v == nil || msg.gen != v.gen {
			return Result{}, nil, true
		}
		next := s.listen(v.ctx, false)
		if msg.err != nil {
			v.phase = Listening
			return notice("voice mode: "+msg.err.Error()+" · listening again", true), next, true
		}
		v.phase, v.turns = Thinking, v.turns+1
		au := msg.au
		return Result{Send: &au, Changed: true}, next, true
	}
	return Result{}, nil, false
}

// heard takes one level of the microphone: the meter, and the speech
// events the Listener finds in it.
func (s *Speaker[R]) heard(lv audio.Level) (Result, tea.Cmd) {
	v := s.mode
	v.lastAt = lv.At
	v.meter = append(v.meter, lv.Peak)
	if len(v.meter) > meterCells {
		v.meter = v.meter[len(v.meter)-meterCells:]
	}
	ev, ok := v.lis.Add(lv)
	switch {
	case !ok || v.ptt || v.phase == Sending:
		return Result{Changed: true}, nil
	case ev.Kind == vad.SpeechStart:
		if s.cur != nil && !s.be.BargeIn {
			return Result{Changed: true}, nil // the reply's own sound, as far as we know
		}
		min := s.be.VAD.MinSpeech
		if min == 0 {
			min = vad.DefaultMinSpeech
		}
		return s.startTalking(max(lv.At-min-preroll, 0))
	case ev.Kind == vad.SpeechEnd && v.talking:
		return s.endTurn()
	}
	return Result{Changed: true}, nil
}

// startTalking is the user starting a turn: what plays stops, and so does
// a reply still streaming (barge-in).
func (s *Speaker[R]) startTalking(at time.Duration) (Result, tea.Cmd) {
	v := s.mode
	res := Result{Changed: true, StopReply: v.phase == Thinking || v.phase == Speaking}
	v.talking, v.startAt, v.phase = true, at, Listening
	return res, s.Stop()
}

// endTurn stops the turn's recorder and stores what was said, from where
// the speech began.
func (s *Speaker[R]) endTurn() (Result, tea.Cmd) {
	v := s.mode
	v.talking, v.ptt, v.phase = false, false, Sending
	mic, gen, from, keep := v.mic, v.gen, v.startAt, s.be.Keep
	return Result{Changed: true}, func() tea.Msg {
		rec, err := mic.Stop()
		if err != nil {
			return noteMsg{gen: gen, err: fmt.Errorf("recording failed: %w", err)}
		}
		rec = trimRecording(rec, from)
		if len(rec.PCM) == 0 {
			return noteMsg{gen: gen, err: errors.New("nothing was recorded")}
		}
		au, err := keep.AddAudio(rec.WAV(), "voice-turn-"+time.Now().Format("20060102-150405")+".wav")
		return noteMsg{gen: gen, au: au, err: err}
	}
}

// trimRecording drops what came before from (the silence, or the reply's
// echo, before the user spoke).
func trimRecording(r audio.Recording, from time.Duration) audio.Recording {
	ch := max(r.Channels, 1)
	i := int(from.Seconds()*float64(r.SampleRate)) * ch
	if i <= 0 || i >= len(r.PCM) {
		return r
	}
	r.PCM = r.PCM[i:]
	r.Duration -= from
	return r
}

// pushToTalk is the push-to-talk key: it starts a turn (stopping what
// plays), or ends the one it started.
func (s *Speaker[R]) pushToTalk() (Result, tea.Cmd) {
	v := s.mode
	switch {
	case v.phase == Starting || v.phase == Sending:
		return Result{}, nil
	case v.talking && v.ptt:
		return s.endTurn()
	case v.talking: // the VAD heard the start: the key ends it now
		return s.endTurn()
	}
	v.ptt = true
	return s.startTalking(max(v.lastAt-preroll, 0))
}

// voiceLabel is the status bar's word for voice mode.
func (s *Speaker[R]) voiceLabel() string {
	v := s.mode
	switch v.phase {
	case Starting:
		return "🎙 starting the microphone"
	case Listening:
		if v.talking {
			return "🎙 hearing you"
		}
		if v.lis.Calibrating() {
			return "🎙 listening (measuring the room)"
		}
		return "🎙 listening"
	case Sending, Thinking:
		return "🎙 thinking"
	}
	return ""
}

// Bar is voice mode's line above the composer, and whether voice mode
// shows one: its phase, the microphone's meter while listening, the
// turns so far and the keys.
func (s *Speaker[R]) Bar(width int, st *themes.Styles) (string, bool) {
	v := s.mode
	if v == nil {
		return "", false
	}
	label := s.Label()
	if v.phase == Listening {
		label += " " + common.Sparkline(v.meter, meterCells)
	}
	hint := "space talks · esc leaves"
	if v.ptt {
		hint = "space sends · esc leaves"
	}
	line := fmt.Sprintf("● voice mode · %s · turn %d · %s", label, v.turns+1, hint)
	return st.Accent.Render(ansi.Truncate(line, max(width, 1), "…")), true
}
