// Package audio records voice notes from the microphone and plays them back
// with miniaudio (github.com/gen2brain/malgo), and encodes, decodes, sniffs,
// resamples and measures the audio it handles.
//
// Recording is 16 kHz mono signed 16-bit. The capture callback runs on a C
// thread: it copies into preallocated chunks under a short mutex and never
// blocks. Device teardown (which can hang in miniaudio when a capture stream
// never received data) runs on its own goroutine with a timeout.
//
// Terminal hygiene: miniaudio's own log goes to Options.Logger or nowhere,
// and this package never prints. libasound (miniaudio's ALSA backend, tried
// when no PulseAudio server answers) prints its errors straight to file
// descriptor 2 from C; on Linux this package installs a silent libasound
// error handler before any device is opened (see quiet_linux.go). Other C
// code could still write to fd 2, so a full-screen UI should keep fd 2 away
// from the terminal anyway.
package audio

import (
	"errors"
	"log"
	"strings"
	"sync"
	"time"

	"github.com/gen2brain/malgo"
)

// Format of every recording.
const (
	SampleRate = 16000
	Channels   = 1
)

// BackendNull is miniaudio's null backend: a silent device that delivers
// exact zeros at real speed. Note that malgo.BackendNull (13) is miniaudio's
// "custom" backend and fails with "No backend"; the null backend is 14.
const BackendNull = malgo.Backend(14)

// ErrNoAudio is why every device fails to open in a parley built without
// cgo (miniaudio is C): recording, playback and device lists all match it.
var ErrNoAudio = errors.New("parley was built without audio (CGO_ENABLED=0)")

// Defaults for Options.
const (
	DefaultMaxDuration     = 10 * time.Minute
	DefaultLevelInterval   = 50 * time.Millisecond
	DefaultStallTimeout    = 5 * time.Second
	DefaultTeardownTimeout = 2 * time.Second
)

// Options configure a Recorder or a Player.
type Options struct {
	// Backends are tried in order; nil means the platform default list
	// (PulseAudio then ALSA on Linux). Tests pass []malgo.Backend{BackendNull}.
	Backends []malgo.Backend
	// DeviceName selects a device whose name or ID contains it
	// (case-insensitive); empty means the system default device.
	DeviceName string
	// MaxDuration stops a recording by itself (default 10 minutes).
	MaxDuration time.Duration
	// LevelInterval is the VU meter window (default 50 ms).
	LevelInterval time.Duration
	// StallTimeout ends a recording as StopDeviceLost when no audio has
	// arrived for this long (default 5 s): PulseAudio going away leaves
	// miniaudio's stream silent without any notification.
	StallTimeout time.Duration
	// TeardownTimeout bounds how long Stop waits for the device to close
	// (default 2 s); a device that takes longer is left to finish alone.
	TeardownTimeout time.Duration
	// Logger receives miniaudio's log lines; nil discards them.
	Logger *log.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxDuration <= 0 {
		o.MaxDuration = DefaultMaxDuration
	}
	if o.LevelInterval <= 0 {
		o.LevelInterval = DefaultLevelInterval
	}
	if o.StallTimeout <= 0 {
		o.StallTimeout = DefaultStallTimeout
	}
	if o.TeardownTimeout <= 0 {
		o.TeardownTimeout = DefaultTeardownTimeout
	}
	return o
}

// ErrNoMicrophone is the one error a Recorder reports when there is nothing
// to record from: no sound server, no input device, or a device that will
// not open. Its message is "no microphone found: <reason>".
type ErrNoMicrophone struct {
	Reason string
	Err    error // the underlying miniaudio error, if any
}

// Error returns "no microphone found: <reason>".
func (e *ErrNoMicrophone) Error() string { return "no microphone found: " + e.Reason }

// Unwrap returns the underlying error.
func (e *ErrNoMicrophone) Unwrap() error { return e.Err }

// ErrNoSpeaker is the Player's counterpart of ErrNoMicrophone:
// "no audio output found: <reason>".
type ErrNoSpeaker struct {
	Reason string
	Err    error
}

// Error returns "no audio output found: <reason>".
func (e *ErrNoSpeaker) Error() string { return "no audio output found: " + e.Reason }

// Unwrap returns the underlying error.
func (e *ErrNoSpeaker) Unwrap() error { return e.Err }

// shortReason turns a miniaudio error into a short lower-case phrase.
func shortReason(err error) string {
	s := strings.TrimPrefix(err.Error(), "miniaudio: ")
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if s == "" {
		return "unknown error"
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// Device describes one input or output device for `parley devices`.
type Device struct {
	Name      string
	ID        string // backend ID: PulseAudio/ALSA name (e.g. "vmic.monitor", "hw:0,0"), else hex
	IsDefault bool
}

// releaser stops a device and frees it and its context on a goroutine of its
// own, because miniaudio's stop/uninit can block indefinitely (an Uninit on a
// capture stream that never got data hangs on PulseAudio).
type releaser struct {
	stopped  chan struct{} // closed once the device has stopped
	released chan struct{} // closed once everything is freed
	once     sync.Once
}

func newReleaser() *releaser {
	return &releaser{stopped: make(chan struct{}), released: make(chan struct{})}
}

// release starts the teardown once; later calls do nothing: stop, then
// free (either may be nil), each closing its channel when done.
func (r *releaser) release(stop, free func()) {
	r.once.Do(func() {
		go func() {
			if stop != nil {
				stop()
			}
			close(r.stopped)
			if free != nil {
				free()
			}
			close(r.released)
		}()
	})
}

// devConfig is what a playback or capture asks of its device, in our own
// terms so that this much builds without cgo (open.go turns it into
// miniaudio's DeviceConfig).
type devConfig struct {
	capture      bool // a microphone; else a speaker
	channels     int
	rate         int
	periodMS     int  // 0 = miniaudio's default
	conservative bool // favour fewer underruns over latency
}

// dataProc is the device callback: out to fill (playback), in to copy
// (capture), frames in each. It runs on miniaudio's C thread.
type dataProc func(out, in []byte, frames uint32)

// openError is why a device did not open, as the reason phrase of an
// ErrNoMicrophone or ErrNoSpeaker and the error behind it.
type openError struct {
	reason string
	err    error
}

// wait blocks until ch is closed or timeout passes; it reports which.
func wait(ch <-chan struct{}, timeout time.Duration) bool {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-ch:
		return true
	case <-t.C:
		return false
	}
}

// realBackends is miniaudio's default backend order without its null
// backend, which it falls back to when nothing else initialises: a machine
// with no sound server would then "record" silence instead of saying that
// no microphone was found. Tests ask for BackendNull explicitly.
func realBackends() []malgo.Backend {
	return []malgo.Backend{
		malgo.BackendWasapi, malgo.BackendDsound, malgo.BackendWinmm,
		malgo.BackendCoreaudio, malgo.BackendSndio, malgo.BackendAudio4, malgo.BackendOss,
		malgo.BackendPulseaudio, malgo.BackendAlsa, malgo.BackendJack,
	}
}
