package speak

import (
	"context"
	"errors"
	"time"

	"parley/media/audio"
	"parley/media/vad"
)

// ErrMicClosed is returned by Listener.Next when the recording ended (its
// levels closed) before the awaited speech event.
var ErrMicClosed = errors.New("the microphone stopped")

// Listener turns a recording's levels into voice-mode events: the start of
// speech (a barge-in when something is playing) and its end. It works on
// the levels the recorder already reports for its meter, so it adds no
// work to the capture.
type Listener struct {
	det      *vad.Detector
	playback func() float64
}

// NewListener detects speech with cfg in levels arriving every interval
// (audio.Options.LevelInterval). playback, if not nil, reports the level
// playing now (audio.Stream.Level): while it is above zero, speech must be
// louder than the reply's echo (voice.barge_in; pass nil to turn barge-in
// detection off).
func NewListener(cfg vad.Config, interval time.Duration, playback func() float64) *Listener {
	cfg.Frame = interval
	return &Listener{det: vad.New(cfg), playback: playback}
}

// Next reads levels until the next speech event and returns it. Canceling
// ctx returns its error; levels closing returns ErrMicClosed.
func (l *Listener) Next(ctx context.Context, levels <-chan audio.Level) (vad.Event, error) {
	for {
		select {
		case <-ctx.Done():
			return vad.Event{}, ctx.Err()
		case lv, ok := <-levels:
			if !ok {
				return vad.Event{}, ErrMicClosed
			}
			if ev, ok := l.Add(lv); ok {
				return ev, nil
			}
		}
	}
}

// Add takes one level and reports the speech event it completes, if any:
// for a caller that also shows each level (the chat's voice mode draws its
// meter from them). Like Next, it is not safe for concurrent use.
func (l *Listener) Add(lv audio.Level) (vad.Event, bool) {
	if l.playback != nil {
		l.det.SetPlayback(l.playback())
	}
	if ev := l.det.AddLevel(lv.RMS); len(ev) > 0 {
		return ev[0], true
	}
	return vad.Event{}, false
}

// Calibrating reports whether the room's noise is still being measured
// (the first Calibration of levels): speech is not detected yet.
func (l *Listener) Calibrating() bool { return l.det.State() == vad.Calibrating }

// Speaking reports whether the user is speaking now.
func (l *Listener) Speaking() bool { return l.det.State() == vad.Speech }
