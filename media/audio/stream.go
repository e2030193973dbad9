package audio

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Stream is one continuous playback of mono signed 16-bit audio, fed piece
// by piece (sentence by sentence) while it plays: one device for the whole
// stream, so there is no gap or click between the pieces. Write and Drain
// are meant for one feeding goroutine; Pause, Resume, Clear, Close and the
// getters are safe from any goroutine.
type Stream struct {
	opts Options
	rate int
	q    *ring
	f    *feeder
	tail int64 // samples of silence that must follow the sound before Drain returns
	device

	mu      sync.Mutex
	err     error // why it ended
	done    chan struct{}
	endOnce sync.Once
}

// OpenStream opens the output device (Options.DeviceName, else the
// default) for mono audio at rate Hz and starts it, playing silence until
// audio is written. miniaudio converts the rate to the device's own. When
// no output can be opened the error is an *ErrNoSpeaker.
func OpenStream(opts Options, rate int) (*Stream, error) {
	if rate <= 0 {
		return nil, fmt.Errorf("playback: invalid rate %d Hz", rate)
	}
	opts = opts.withDefaults()
	q := newRing(streamQueueSize)
	s := &Stream{
		opts:   opts,
		rate:   rate,
		q:      q,
		f:      newFeeder(q),
		tail:   int64(tailSilence) * int64(rate) / int64(time.Second),
		device: newDevice(),
		done:   make(chan struct{}),
	}
	cfg := devConfig{channels: 1, rate: rate, conservative: true,
		periodMS: int(playbackPeriod / time.Millisecond)}
	if e := s.device.open(opts, cfg, s.onData); e != nil {
		return nil, &ErrNoSpeaker{Reason: e.reason, Err: e.err}
	}
	go s.monitor()
	return s, nil
}

// onData runs on miniaudio's C thread: fill out (C memory), never block.
func (s *Stream) onData(out, _ []byte, _ uint32) { s.f.fill(out) }

// Rate is the stream's sample rate in Hz.
func (s *Stream) Rate() int { return s.rate }

// Write queues pcm for playback, blocking while the queue is full. It
// returns ctx's error when canceled, ErrStreamClosed after Close and
// ErrOutputLost when the device went away.
func (s *Stream) Write(ctx context.Context, pcm []int16) error {
	select {
	case <-s.done:
		return s.Err() // nothing plays any more: do not queue silently
	default:
	}
	for {
		pcm = pcm[s.q.write(pcm):]
		if len(pcm) == 0 {
			return nil
		}
		if err := s.waitWake(ctx); err != nil {
			return err
		}
	}
}

// Drain waits until everything written has been played, the device's own
// buffer included. A paused stream does not drain.
func (s *Stream) Drain(ctx context.Context) error {
	for s.q.queued() > 0 || s.f.idle.Load() < s.tail {
		if err := s.waitWake(ctx); err != nil {
			return err
		}
	}
	return nil
}

// waitWake waits for the next callback, or the end.
func (s *Stream) waitWake(ctx context.Context) error {
	select {
	case <-s.f.wake:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return s.Err()
	}
}

// Pause holds playback (silence, position kept); Resume continues it.
func (s *Stream) Pause() { s.f.paused.Store(true) }

// Resume continues a paused stream.
func (s *Stream) Resume() { s.f.paused.Store(false) }

// Paused reports whether the stream is paused.
func (s *Stream) Paused() bool { return s.f.paused.Load() }

// Clear drops the audio queued and not yet played (for "stop speaking"
// while keeping the device open for the next reply).
func (s *Stream) Clear() { s.f.flush.Store(true) }

// Level is the RMS (0..1) of what is playing now, for barge-in.
func (s *Stream) Level() float64 { return s.f.Level() }

// Played is how much sound (not silence) has been handed to the device.
func (s *Stream) Played() time.Duration {
	return time.Duration(s.f.played.Load() * int64(time.Second) / int64(s.rate))
}

// Queued is how much written audio waits to be played.
func (s *Stream) Queued() time.Duration {
	return time.Duration(int64(s.q.queued()) * int64(time.Second) / int64(s.rate))
}

// Done is closed when the stream ends: Close, or the device lost.
func (s *Stream) Done() <-chan struct{} { return s.done }

// Err is why the stream ended: nil while it runs, ErrStreamClosed after
// Close, ErrOutputLost when the device went away.
func (s *Stream) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close stops playback at once and waits (bounded by
// Options.TeardownTimeout) for the device to close.
func (s *Stream) Close() {
	s.end(ErrStreamClosed)
	wait(s.rel.released, s.opts.TeardownTimeout)
}

// end records why, starts the teardown and closes Done, once.
func (s *Stream) end(why error) {
	s.endOnce.Do(func() {
		s.mu.Lock()
		s.err = why
		s.mu.Unlock()
		s.release()
		wait(s.rel.stopped, s.opts.TeardownTimeout)
		close(s.done)
	})
}

// monitor ends the stream when the device goes away: miniaudio's stopped
// notification, or callbacks that stop coming (a PulseAudio server that
// died leaves the stream silent without telling).
func (s *Stream) monitor() {
	tick := max(s.opts.StallTimeout/5, 10*time.Millisecond)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	progress := func() int64 { return s.f.played.Load() + s.f.idle.Load() + s.f.calls.Load() }
	last, still := progress(), time.Duration(0)
	for {
		select {
		case <-s.lost:
			s.end(ErrOutputLost)
			return
		case <-s.done:
			return
		case <-ticker.C:
			if now := progress(); now != last {
				last, still = now, 0
				continue
			}
			if still += tick; still >= s.opts.StallTimeout {
				s.end(ErrOutputLost)
				return
			}
		}
	}
}
