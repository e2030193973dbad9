package speech

import (
	"context"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/media/vad"
	"parley/providers/speech/speechtest"
	"parley/session"
	"parley/themes"
)

// fakeMic delivers the levels a test sends; Stop returns a tone as long
// as the levels said.
type fakeMic struct {
	levels    chan audio.Level
	err       error
	mu        sync.Mutex
	at        time.Duration
	stopped   bool
	discarded bool
}

func newMic() *fakeMic { return &fakeMic{levels: make(chan audio.Level, 256)} }

func (f *fakeMic) Start(context.Context) error { return f.err }
func (f *fakeMic) Levels() <-chan audio.Level  { return f.levels }
func (f *fakeMic) Stop() (audio.Recording, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped = true
	n := int(f.at.Seconds() * audio.SampleRate)
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16(6000 * math.Sin(2*math.Pi*300*float64(i)/audio.SampleRate))
	}
	return audio.Recording{PCM: pcm, SampleRate: audio.SampleRate, Channels: 1, Duration: f.at}, nil
}
func (f *fakeMic) Discard() { f.mu.Lock(); f.discarded = true; f.mu.Unlock() }

// say sends n levels of rms, 50 ms apart.
func (f *fakeMic) say(n int, rms float64) {
	for range n {
		f.mu.Lock()
		f.at += audio.DefaultLevelInterval
		at := f.at
		f.mu.Unlock()
		f.levels <- audio.Level{RMS: rms, Peak: rms, At: at}
	}
}

// quickVAD calibrates in 250 ms and ends a turn after 200 ms of quiet.
var quickVAD = vad.Config{Calibration: 250 * time.Millisecond, Hangover: 200 * time.Millisecond, MinSpeech: 100 * time.Millisecond}

// voiceSpeaker is a Speaker for voice mode whose microphones are mics, in
// turn.
func voiceSpeaker(t *testing.T, bargeIn bool, mics ...*fakeMic) (*Speaker[string], *fakeSink, *speechtest.Server) {
	srv := speechtest.NewOpenAI(t)
	sink := &fakeSink{}
	i := 0
	be := Backend{Synth: openAI(t, srv), Sink: func(int) (Sink, error) { return sink, nil }, Keep: openStore(t),
		Mic: func() Mic { m := mics[min(i, len(mics)-1)]; i++; return m }, VAD: quickVAD, BargeIn: bargeIn}
	return New[string](DefaultKeyMap(), be, false), sink, srv
}

func testStyles() *themes.Styles { st := themes.NewStyles(themes.Dark()); return &st }

func sent(rs []Result) *session.Audio {
	for _, r := range rs {
		if r.Send != nil {
			return r.Send
		}
	}
	return nil
}

// A spoken turn: listening, the user speaks, the quiet after it ends the
// turn, which comes back stored as a voice note to send; the reply is
// read (speaking); speech over it stops it and the reply (barge-in) and
// becomes the next turn; esc leaves.
func TestVoiceModeTurnsAndBargeIn(t *testing.T) {
	first, second := newMic(), newMic()
	s, sink, _ := voiceSpeaker(t, true, first, second)
	d := newDriver(t, s)
	res, cmd := s.EnterVoice(t.Context())
	if s.Phase() != Starting || !res.Resized || !s.Auto() {
		t.Fatalf("enter: phase %v %+v auto %v", s.Phase(), res, s.Auto())
	}
	first.say(12, 0.001) // the room, for calibration, and a pause
	first.say(8, 0.3)    // the user speaks
	first.say(8, 0.001)  // and stops
	rs := d.until(cmd, func(rs []Result) bool { return sent(rs) != nil })
	note := sent(rs)
	if note.MIME != "audio/wav" || note.Duration <= 0 || note.Duration >= first.at || !first.stopped {
		t.Errorf("turn note %+v (recorded %v), mic stopped %v", note, first.at, first.stopped)
	}
	if s.Phase() != Thinking || !strings.Contains(s.Label(), "thinking") {
		t.Errorf("after the turn: phase %v label %q", s.Phase(), s.Label())
	}
	bar, ok := s.Bar(80, testStyles())
	if !ok || !strings.Contains(bar, "turn 2") {
		t.Errorf("bar %q", bar)
	}

	// The root sends it and the reply streams: voice mode reads it.
	read := s.Begin(t.Context(), "reply")
	s.Write("reply", "Here is a long answer. It goes on. ")
	d.until(read, func([]Result) bool { return s.Phase() == Speaking })
	sink.level = 0.02 // the reply playing, quieter than a voice at the mic
	second.say(4, 0.3)
	rs = d.until(nil, func(rs []Result) bool {
		for _, r := range rs {
			if r.StopReply {
				return true
			}
		}
		return false
	})
	if s.Active() || s.Phase() != Listening || !strings.Contains(s.Label(), "hearing you") {
		t.Errorf("barge-in: reading %v phase %v label %q", s.Active(), s.Phase(), s.Label())
	}
	second.say(8, 0.001)
	if rs = d.until(nil, func(rs []Result) bool { return sent(rs) != nil }); sent(rs) == nil {
		t.Fatal("the second utterance was not a turn")
	}

	res, cmd = s.LeaveVoice()
	if s.Phase() != Off || !res.Resized || res.Notice != "voice mode off" || s.Auto() {
		t.Errorf("leave: phase %v %+v", s.Phase(), res)
	}
	cmd()
}

// Without barge-in the reply's sound (or anyone) does not interrupt it.
func TestVoiceModeWithoutBargeIn(t *testing.T) {
	mic := newMic()
	s, sink, _ := voiceSpeaker(t, false, mic)
	d := newDriver(t, s)
	_, cmd := s.EnterVoice(t.Context())
	d.until(cmd, func([]Result) bool { return s.Phase() == Listening })
	s.mode.phase = Thinking // as after a sent turn
	read := s.Begin(t.Context(), "reply")
	s.Write("reply", "A reply that plays. ")
	d.until(read, func([]Result) bool { return s.Phase() == Speaking })
	sink.level = 0.3
	mic.say(6, 0.001)
	mic.say(6, 0.5)
	d.until(nil, func(rs []Result) bool { return len(rs) >= 12 })
	if !s.Active() || s.Phase() != Speaking {
		t.Errorf("loud sound during playback: reading %v phase %v", s.Active(), s.Phase())
	}
}

// Push-to-talk: space starts a turn by hand and space ends it, whatever
// the detector thinks.
func TestVoiceModePushToTalk(t *testing.T) {
	space := tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	esc := tea.KeyPressMsg{Code: tea.KeyEscape}
	mic := newMic()
	s, _, _ := voiceSpeaker(t, true, mic)
	d := newDriver(t, s)
	_, cmd := s.EnterVoice(t.Context())
	mic.say(10, 0.001)
	d.until(cmd, func(rs []Result) bool { return len(rs) >= 10 })
	if _, _, ok := s.HandleKey(space, true); !ok || !s.mode.talking {
		t.Fatal("space did not start a turn")
	}
	if bar, _ := s.Bar(80, testStyles()); !strings.Contains(bar, "space sends") {
		t.Errorf("bar %q", bar)
	}
	mic.say(4, 0.001) // quiet: the detector does not end a push-to-talk turn
	d.until(nil, func(rs []Result) bool { return len(rs) >= 4 })
	if !s.mode.talking {
		t.Fatal("quiet ended a push-to-talk turn")
	}
	_, cmd, _ = s.HandleKey(space, true)
	if rs := d.until(cmd, func(rs []Result) bool { return sent(rs) != nil }); sent(rs) == nil {
		t.Fatal("second space sent nothing")
	}
	if _, _, ok := s.HandleKey(esc, true); !ok || s.Phase() != Off {
		t.Errorf("esc: phase %v", s.Phase())
	}
}

// Voice mode refuses without a microphone, without a speech backend and
// without a store, saying why.
func TestVoiceModeRefuses(t *testing.T) {
	mic := newMic()
	mic.err = &audio.ErrNoMicrophone{Reason: "no capture device"}
	s, _, _ := voiceSpeaker(t, true, mic)
	d := newDriver(t, s)
	_, cmd := s.EnterVoice(t.Context())
	rs := d.until(cmd, anyResult(func(r Result) bool { return r.SetNotice }))
	if n := rs[len(rs)-1]; !n.IsErr || n.Notice != "voice mode: no microphone found: no capture device" || s.Phase() != Off {
		t.Errorf("no microphone: %+v phase %v", n, s.Phase())
	}

	s.be.Synth = nil
	_, cmd = s.EnterVoice(t.Context())
	rs = d.until(cmd, anyResult(func(r Result) bool { return r.SetNotice }))
	if n := rs[len(rs)-1]; !strings.Contains(n.Notice, "voice mode reads replies aloud: speech is not configured") || s.Phase() != Off {
		t.Errorf("no backend: %q phase %v", n.Notice, s.Phase())
	}

	s.be.Keep = nil
	if res, cmd := s.EnterVoice(t.Context()); cmd != nil || !strings.Contains(res.Notice, "needs a data directory") {
		t.Errorf("no store: %+v", res)
	}
	// /voice while off is EnterVoice: refused the same way.
	if res, cmd := s.ToggleVoice(t.Context()); cmd != nil || !strings.Contains(res.Notice, "needs a data directory") {
		t.Errorf("toggle while off: %+v", res)
	}
}
