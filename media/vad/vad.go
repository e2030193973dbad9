// Package vad finds where speech starts and ends in a stream of mono
// signed 16-bit samples by its energy, for hands-free voice turns.
//
// The detector measures the room during its first half second (the noise
// floor), then calls a frame speech when it is StartDB above that floor and
// above an absolute minimum level. Speech must last MinSpeech to count (a
// click does not start a turn), and ends only after Hangover of quiet (a
// pause between phrases does not end it); between the two thresholds
// (StartDB to start, StopDB to continue) is hysteresis, so a level hovering
// near one threshold does not flap.
//
// Barge-in compares the microphone against what the speaker is playing:
// the reply's own sound reaching the microphone is not the user speaking.
//
// The package is pure Go and allocates nothing per sample.
package vad

import (
	"math"
	"slices"
	"time"
)

// Defaults for Config.
const (
	DefaultFrame       = 20 * time.Millisecond
	DefaultCalibration = 500 * time.Millisecond
	DefaultStartDB     = 12.0
	DefaultStopDB      = 6.0
	DefaultMinLevelDB  = -50.0
	DefaultMinSpeech   = 120 * time.Millisecond
	DefaultHangover    = 800 * time.Millisecond
	// DefaultBargeMarginDB is how far above the playback level the
	// microphone must be for barge-in: an echo is quieter than what was
	// sent to the speaker, a voice close to the microphone is louder.
	DefaultBargeMarginDB = -6.0
)

// minFloor keeps a digital-silence room (exact zeros) from making every
// faint sound speech.
const minFloor = 1e-4 // -80 dBFS

// Config tunes a Detector. Zero fields take the defaults.
type Config struct {
	SampleRate  int           // Hz; 0 = 16000
	Frame       time.Duration // analysis window
	Calibration time.Duration // how long the noise floor is measured at the start
	StartDB     float64       // speech starts this far above the floor
	StopDB      float64       // and continues while this far above it
	MinLevelDB  float64       // absolute minimum level of speech, dBFS
	MinSpeech   time.Duration // speech shorter than this is ignored
	Hangover    time.Duration // quiet this long ends the utterance
	// BargeMarginDB: during playback, speech must also be this far above
	// the playback level (negative: may be below it; 0 = the default).
	BargeMarginDB float64
}

func (c Config) withDefaults() Config {
	if c.SampleRate <= 0 {
		c.SampleRate = 16000
	}
	setDur(&c.Frame, DefaultFrame)
	setDur(&c.Calibration, DefaultCalibration)
	setDur(&c.MinSpeech, DefaultMinSpeech)
	setDur(&c.Hangover, DefaultHangover)
	setDB(&c.StartDB, DefaultStartDB)
	setDB(&c.StopDB, DefaultStopDB)
	setDB(&c.MinLevelDB, DefaultMinLevelDB)
	setDB(&c.BargeMarginDB, DefaultBargeMarginDB)
	c.StopDB = min(c.StopDB, c.StartDB)
	return c
}

func setDur(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

func setDB(v *float64, def float64) {
	if *v == 0 {
		*v = def
	}
}

// State is what the detector currently hears.
type State int

// Detector states.
const (
	Calibrating State = iota // measuring the noise floor
	Silence
	Speech
)

// String names the state.
func (s State) String() string {
	return [...]string{"calibrating", "silence", "speech"}[s]
}

// EventKind says what happened.
type EventKind int

// Events a Detector reports.
const (
	SpeechStart EventKind = iota + 1
	SpeechEnd
)

// Event is a change between silence and speech. At is the stream time
// where the speech started or ended (the hangover is not included).
type Event struct {
	Kind EventKind
	At   time.Duration
}

// onsetGap is how long the level may dip below the start threshold inside
// an onset (between syllables) without starting the count again.
const onsetGap = 150 * time.Millisecond

// maxCalFrames bounds the calibration frames kept for the median.
const maxCalFrames = 256

// Detector is an energy-based voice activity detector. It is not safe for
// concurrent use.
type Detector struct {
	cfg   Config
	frame int // samples per frame

	sumSq  float64
	n      int
	frames int64 // frames analysed

	state    State
	cal      [maxCalFrames]float64
	calN     int
	floor    float64
	run      int // loud frames of a possible onset while silent
	runStart int64
	gap      int // frames since the last loud one in that onset
	quiet    int // consecutive quiet frames while speaking
	playback float64
	level    float64
	events   []Event
}

// New returns a detector for cfg.
func New(cfg Config) *Detector {
	cfg = cfg.withDefaults()
	frame := max(1, int(int64(cfg.SampleRate)*int64(cfg.Frame)/int64(time.Second)))
	return &Detector{cfg: cfg, frame: frame, events: make([]Event, 0, 4)}
}

// SetPlayback tells the detector the level (RMS, 0..1) the speaker is
// playing now; 0 when nothing plays. While it is above zero, speech must
// also beat it by BargeMarginDB, so a SpeechStart during playback is a
// barge-in and the reply's own echo is not.
func (d *Detector) SetPlayback(rms float64) { d.playback = rms }

// State is what the detector hears now.
func (d *Detector) State() State { return d.state }

// Floor is the measured noise floor (RMS, 0..1); 0 while calibrating.
func (d *Detector) Floor() float64 { return d.floor }

// Level is the RMS of the last frame, for a level meter.
func (d *Detector) Level() float64 { return d.level }

// Write analyses samples and returns the speech starts and ends they
// complete, in order. The slice is reused by the next call.
func (d *Detector) Write(pcm []int16) []Event {
	d.events = d.events[:0]
	for _, s := range pcm {
		v := float64(s)
		d.sumSq += v * v
		d.n++
		if d.n == d.frame {
			d.analyse(math.Sqrt(d.sumSq/float64(d.n)) / 32768)
			d.sumSq, d.n = 0, 0
		}
	}
	return d.events
}

// AddLevel analyses one frame given by its level alone (RMS, 0..1): the
// levels a recorder already reports for its meter (audio.Level, one per
// Options.LevelInterval), so voice mode needs no second pass over the
// samples. The frame's length is Config.Frame: set it to that interval.
func (d *Detector) AddLevel(rms float64) []Event {
	d.events = d.events[:0]
	d.analyse(rms)
	return d.events
}

// analyse advances the state machine by one frame of level rms.
func (d *Detector) analyse(rms float64) {
	d.frames++
	d.level = rms
	if d.state == Calibrating {
		if d.calN < maxCalFrames {
			d.cal[d.calN] = rms
			d.calN++
		}
		if d.now() >= d.cfg.Calibration {
			d.floor = max(median(d.cal[:d.calN]), minFloor)
			d.state = Silence
		}
		return
	}
	start, stop := d.thresholds()
	switch d.state {
	case Silence:
		d.silent(rms, start, stop)
	case Speech:
		if rms > stop {
			d.quiet = 0
			return
		}
		d.quiet++
		if time.Duration(d.quiet)*d.cfg.Frame >= d.cfg.Hangover {
			d.state = Silence
			d.emit(SpeechEnd, d.now()-time.Duration(d.quiet)*d.cfg.Frame)
		}
	}
}

// silent handles a frame while no speech is going on: loud frames add up to
// an onset, which may dip between syllables for up to onsetGap; quiet
// frames let the floor follow the room.
func (d *Detector) silent(rms, start, stop float64) {
	if rms > start {
		if d.run == 0 {
			d.runStart = d.frames - 1
		}
		d.run, d.gap = d.run+1, 0
		if time.Duration(d.run)*d.cfg.Frame >= d.cfg.MinSpeech {
			d.state, d.quiet, d.run = Speech, 0, 0
			d.emit(SpeechStart, time.Duration(d.runStart)*d.cfg.Frame)
		}
		return
	}
	if d.run > 0 {
		if d.gap++; time.Duration(d.gap)*d.cfg.Frame > onsetGap {
			d.run, d.gap = 0, 0
		}
		return
	}
	if rms < stop {
		// Follow a room that gets quieter or a little louder, slowly, and
		// only with frames that are clearly not speech.
		d.floor = max(0.98*d.floor+0.02*rms, minFloor)
	}
}

// thresholds are the start and stop levels for the current floor and
// playback level.
func (d *Detector) thresholds() (start, stop float64) {
	minLevel := FromDB(d.cfg.MinLevelDB)
	start = max(d.floor*FromDB(d.cfg.StartDB), minLevel)
	stop = max(d.floor*FromDB(d.cfg.StopDB), minLevel/2)
	if d.playback > 0 {
		echo := d.playback * FromDB(d.cfg.BargeMarginDB)
		start, stop = max(start, echo), max(stop, echo)
	}
	return start, stop
}

func (d *Detector) now() time.Duration { return time.Duration(d.frames) * d.cfg.Frame }

func (d *Detector) emit(k EventKind, at time.Duration) {
	d.events = append(d.events, Event{Kind: k, At: max(at, 0)})
}

// median of xs, reordering xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// FromDB converts decibels relative to full scale to a linear level.
func FromDB(db float64) float64 { return math.Pow(10, db/20) }

// ToDB converts a linear level (0..1) to decibels relative to full scale.
func ToDB(level float64) float64 { return 20 * math.Log10(max(level, 1e-10)) }
