package vad

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

const rate = 16000

// signal builds test audio: segments of tone bursts ("syllables") or
// noise at given dBFS levels, concatenated.
type signal struct {
	pcm []float64
	rng *rand.Rand
}

func newSignal() *signal { return &signal{rng: rand.New(rand.NewPCG(1, 2))} }

func (s *signal) silence(d time.Duration) *signal {
	s.pcm = append(s.pcm, make([]float64, samples(d))...)
	return s
}

// speech appends voice-like audio: 150 ms syllables (a 180 Hz tone with
// harmonics under a smooth envelope) separated by 40 ms dips.
func (s *signal) speech(d time.Duration, db float64) *signal {
	amp := FromDB(db) * 32768 * math.Sqrt2
	n := samples(d)
	syl, gap := samples(150*time.Millisecond), samples(40*time.Millisecond)
	for i := range n {
		k := i % (syl + gap)
		env := 0.0
		if k < syl {
			env = math.Sin(math.Pi * float64(k) / float64(syl))
		}
		t := float64(i) / rate
		v := math.Sin(2*math.Pi*180*t) + 0.5*math.Sin(2*math.Pi*360*t) + 0.25*math.Sin(2*math.Pi*540*t)
		s.pcm = append(s.pcm, amp*env*v/1.2)
	}
	return s
}

// noise adds white noise at db over the whole signal so far.
func (s *signal) noise(db float64) *signal {
	amp := FromDB(db) * 32768 * math.Sqrt(3) // uniform noise: rms = amp/√3
	for i := range s.pcm {
		s.pcm[i] += amp * (2*s.rng.Float64() - 1)
	}
	return s
}

func (s *signal) int16s() []int16 {
	out := make([]int16, len(s.pcm))
	for i, v := range s.pcm {
		out[i] = int16(max(-32768, min(32767, math.Round(v))))
	}
	return out
}

func samples(d time.Duration) int { return int(int64(d) * rate / int64(time.Second)) }

// run feeds pcm in 10 ms blocks, as a capture callback delivers it.
func run(d *Detector, pcm []int16) []Event {
	var all []Event
	for i := 0; i < len(pcm); i += 160 {
		all = append(all, d.Write(pcm[i:min(i+160, len(pcm))])...)
	}
	return all
}

func near(got, want time.Duration) bool {
	return got >= want-100*time.Millisecond && got <= want+100*time.Millisecond
}

func TestSilence(t *testing.T) {
	d := New(Config{})
	if ev := run(d, newSignal().silence(5*time.Second).int16s()); len(ev) != 0 {
		t.Fatalf("silence gave events %v", ev)
	}
	if d.State() != Silence || d.Floor() != minFloor {
		t.Errorf("state %v floor %v", d.State(), d.Floor())
	}
}

func TestNoiseIsNotSpeech(t *testing.T) {
	for _, db := range []float64{-60, -40, -25} {
		d := New(Config{})
		pcm := newSignal().silence(6 * time.Second).noise(db).int16s()
		if ev := run(d, pcm); len(ev) != 0 {
			t.Errorf("noise at %v dBFS gave events %v", db, ev)
		}
		if got := ToDB(d.Floor()); math.Abs(got-db) > 2 {
			t.Errorf("noise at %v dBFS: floor measured %.1f dBFS", db, got)
		}
	}
}

func TestSpeechWithPauses(t *testing.T) {
	// 0.7 s quiet, 1.2 s speech, a 400 ms pause (below the 800 ms
	// hangover), 1 s speech, 1.5 s quiet, 1 s speech, quiet.
	pcm := newSignal().silence(700*time.Millisecond).
		speech(1200*time.Millisecond, -20).silence(400*time.Millisecond).
		speech(time.Second, -20).silence(1500*time.Millisecond).
		speech(time.Second, -20).silence(1200 * time.Millisecond).noise(-70).int16s()
	ev := run(New(Config{}), pcm)
	want := []Event{
		{SpeechStart, 700 * time.Millisecond}, {SpeechEnd, 3300 * time.Millisecond},
		{SpeechStart, 4800 * time.Millisecond}, {SpeechEnd, 5800 * time.Millisecond},
	}
	if len(ev) != len(want) {
		t.Fatalf("events %v, want %v", ev, want)
	}
	for i := range want {
		if ev[i].Kind != want[i].Kind || !near(ev[i].At, want[i].At) {
			t.Errorf("event %d = %v, want %v (±100ms)", i, ev[i], want[i])
		}
	}
}

func TestSpeechOverNoise(t *testing.T) {
	pcm := newSignal().silence(time.Second).speech(1500*time.Millisecond, -18).
		silence(1500 * time.Millisecond).noise(-35).int16s()
	ev := run(New(Config{}), pcm)
	if len(ev) != 2 || ev[0].Kind != SpeechStart || ev[1].Kind != SpeechEnd ||
		!near(ev[0].At, time.Second) || !near(ev[1].At, 2500*time.Millisecond) {
		t.Fatalf("events %v, want start ≈1s and end ≈2.5s", ev)
	}
	// The same speech barely above a loud room is not taken for speech:
	// thresholds follow the room.
	quiet := newSignal().silence(time.Second).speech(1500*time.Millisecond, -30).
		silence(time.Second).noise(-28).int16s()
	if ev := run(New(Config{}), quiet); len(ev) != 0 {
		t.Errorf("speech 2 dB under the room's noise gave %v", ev)
	}
}

func TestClickIsNotSpeech(t *testing.T) {
	pcm := newSignal().silence(time.Second).speech(60*time.Millisecond, -10).silence(time.Second).int16s()
	if ev := run(New(Config{}), pcm); len(ev) != 0 {
		t.Errorf("a 60 ms burst gave %v", ev)
	}
}

func TestConfigurableHangover(t *testing.T) {
	pcm := newSignal().silence(700*time.Millisecond).speech(time.Second, -20).
		silence(400*time.Millisecond).speech(time.Second, -20).silence(time.Second).int16s()
	if ev := run(New(Config{Hangover: 200 * time.Millisecond}), pcm); len(ev) != 4 {
		t.Errorf("with a 200 ms hangover a 400 ms pause should split the turn: %v", ev)
	}
}

// TestBargeIn: while the speaker plays, its echo on the microphone (6 dB
// down or more) is not speech; the user talking louder than that is.
func TestBargeIn(t *testing.T) {
	const playDB = -12
	play := FromDB(playDB)
	echo := newSignal().silence(600*time.Millisecond).speech(2*time.Second, playDB-10).noise(-60).int16s()
	d := New(Config{})
	run(d, echo[:samples(600*time.Millisecond)])
	d.SetPlayback(play)
	if ev := run(d, echo[samples(600*time.Millisecond):]); len(ev) != 0 {
		t.Fatalf("the reply's echo triggered barge-in: %v", ev)
	}
	voice := newSignal().speech(time.Second, playDB+2).noise(-60).int16s()
	ev := run(d, voice)
	if len(ev) == 0 || ev[0].Kind != SpeechStart {
		t.Fatalf("the user talking over playback was not heard: %v", ev)
	}
	// Without playback the echo-level speech is ordinary speech.
	d2 := New(Config{})
	if ev := run(d2, echo); len(ev) == 0 {
		t.Error("speech at -22 dBFS without playback was not heard")
	}
}

func TestWriteAllocatesNothing(t *testing.T) {
	d := New(Config{})
	pcm := newSignal().speech(time.Second, -20).int16s()
	allocs := testing.AllocsPerRun(50, func() { d.Write(pcm[:160]) })
	if allocs != 0 {
		t.Errorf("Write allocates %v times per call", allocs)
	}
}

// TestLevelsGiveTheSameTurns: feeding the 50 ms levels a recorder reports
// finds the same speech as feeding the samples.
func TestLevelsGiveTheSameTurns(t *testing.T) {
	pcm := newSignal().silence(700*time.Millisecond).speech(1200*time.Millisecond, -20).
		silence(1500 * time.Millisecond).noise(-45).int16s()
	cfg := Config{Frame: 50 * time.Millisecond}
	want := run(New(cfg), pcm)
	d := New(cfg)
	var got []Event
	for i := 0; i+800 <= len(pcm); i += 800 {
		var sum float64
		for _, s := range pcm[i : i+800] {
			sum += float64(s) * float64(s)
		}
		got = append(got, d.AddLevel(math.Sqrt(sum/800)/32768)...)
	}
	if len(want) != 2 || len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("from levels %v, from samples %v", got, want)
	}
}

// BenchmarkWrite10ms analyses one 10 ms capture block at 16 kHz.
func BenchmarkWrite10ms(b *testing.B) {
	d := New(Config{})
	pcm := newSignal().speech(time.Second, -20).int16s()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		off := (i % 99) * 160
		d.Write(pcm[off : off+160])
	}
}
