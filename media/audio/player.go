package audio

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// playbackPeriod is the device period asked for playback; on PulseAudio it
// is also the server-side buffer (tlength). miniaudio's low-latency default
// (25 ms there) underran on a loaded machine: the data callback crosses
// into Go, and a scheduling or GC delay longer than the buffer made the
// server play silence in the middle of a note (a dropout, or the rest of it
// shifted a few ms late). A voice note gains nothing from low latency, so
// the player buffers 100 ms; Pause and Stop take effect that much later.
const playbackPeriod = 100 * time.Millisecond

// tailSilence is how long the player keeps feeding silence after the last
// sample before it reports Done, so the device's own buffer (playbackPeriod
// and the server's own) is heard rather than cut off by the stop. It must
// stay above playbackPeriod.
const tailSilence = 250 * time.Millisecond

// Player plays one sound at a time through an output device, with pause,
// resume and a position for a progress indicator. Methods are safe for
// concurrent use; Stop may block up to Options.TeardownTimeout.
type Player struct {
	opts Options
	mu   sync.Mutex
	cur  *playback // the current or most recent sound
}

// NewPlayer returns a Player; Options.DeviceName selects an output device.
// MaxDuration and LevelInterval are not used.
func NewPlayer(opts Options) *Player {
	return &Player{opts: opts.withDefaults()}
}

// Play decodes a WAV file (any rate and channel count DecodeWAV accepts;
// miniaudio converts to the device's format) and starts playing it,
// stopping any sound already playing. It returns once playback has started.
func (p *Player) Play(ctx context.Context, wav []byte) error {
	pcm, rate, channels, err := DecodeWAV(wav)
	if err != nil {
		return fmt.Errorf("play: %w", err)
	}
	return p.PlayPCM(ctx, pcm, rate, channels)
}

// PlayPCM plays interleaved signed 16-bit samples; see Play. Canceling ctx
// stops playback. When no output can be opened the error is *ErrNoSpeaker.
func (p *Player) PlayPCM(ctx context.Context, pcm []int16, rate, channels int) error {
	if rate <= 0 || channels <= 0 {
		return fmt.Errorf("play: invalid format (%d Hz, %d channels)", rate, channels)
	}
	if len(pcm) < channels {
		return errors.New("play: no audio to play")
	}
	p.Stop()
	pb := &playback{
		opts:     p.opts,
		pcm:      pcm,
		rate:     rate,
		channels: channels,
		frames:   int64(len(pcm) / channels),
		tail:     int64(tailSilence) * int64(rate) / int64(time.Second),
		device:   newDevice(),
		finished: make(chan struct{}, 1),
		done:     make(chan struct{}),
	}
	if err := pb.open(); err != nil {
		return err
	}
	p.mu.Lock()
	p.cur = pb
	p.mu.Unlock()
	go pb.monitor(ctx)
	return nil
}

func (p *Player) current() *playback {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur
}

// Pause silences playback and holds the position.
func (p *Player) Pause() {
	if pb := p.current(); pb != nil {
		pb.paused.Store(true)
	}
}

// Resume continues a paused sound.
func (p *Player) Resume() {
	if pb := p.current(); pb != nil {
		pb.paused.Store(false)
	}
}

// Paused reports whether playback is paused.
func (p *Player) Paused() bool {
	pb := p.current()
	return pb != nil && pb.paused.Load()
}

// Playing reports whether a sound is playing or paused (not yet done).
func (p *Player) Playing() bool {
	pb := p.current()
	if pb == nil {
		return false
	}
	select {
	case <-pb.done:
		return false
	default:
		return true
	}
}

// Stop ends playback and waits (bounded) for the device to close.
func (p *Player) Stop() {
	if pb := p.current(); pb != nil {
		pb.end()
		wait(pb.rel.released, pb.opts.TeardownTimeout)
	}
}

// Position is how much of the current sound has been handed to the device.
func (p *Player) Position() time.Duration {
	if pb := p.current(); pb != nil {
		return pb.duration(min(pb.pos.Load(), pb.frames))
	}
	return 0
}

// Duration is the length of the current sound.
func (p *Player) Duration() time.Duration {
	if pb := p.current(); pb != nil {
		return pb.duration(pb.frames)
	}
	return 0
}

// Done is closed when the current sound ends (played out, stopped, canceled
// or device lost). Nil before the first Play.
func (p *Player) Done() <-chan struct{} {
	if pb := p.current(); pb != nil {
		return pb.done
	}
	return nil
}

// playback is one sound's device and position.
type playback struct {
	opts     Options
	pcm      []int16
	rate     int
	channels int
	frames   int64 // len(pcm)/channels
	tail     int64 // frames of trailing silence before finishing
	pos      atomic.Int64
	paused   atomic.Bool
	device
	finished chan struct{}
	done     chan struct{}
	endOnce  sync.Once
}

func (pb *playback) duration(frames int64) time.Duration {
	return time.Duration(frames * int64(time.Second) / int64(pb.rate))
}

func (pb *playback) open() error {
	cfg := devConfig{channels: pb.channels, rate: pb.rate, conservative: true,
		periodMS: int(playbackPeriod / time.Millisecond)}
	if e := pb.device.open(pb.opts, cfg, pb.onData); e != nil {
		return &ErrNoSpeaker{Reason: e.reason, Err: e.err}
	}
	return nil
}

// onData runs on miniaudio's C thread: fill out (C memory), never block.
// pos runs past frames by up to tail while silence drains the device.
func (pb *playback) onData(out, _ []byte, frameCount uint32) {
	clear(out)
	if pb.paused.Load() {
		return
	}
	pos := pb.pos.Load()
	if n := min(int64(frameCount), pb.frames-pos); n > 0 {
		src := pb.pcm[pos*int64(pb.channels) : (pos+n)*int64(pb.channels)]
		for i, s := range src {
			binary.LittleEndian.PutUint16(out[2*i:], uint16(s))
		}
	}
	pos += int64(frameCount)
	pb.pos.Store(min(pos, pb.frames+pb.tail))
	if pos >= pb.frames+pb.tail {
		signal(pb.finished)
	}
}

func (pb *playback) monitor(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-pb.finished:
	case <-pb.lost:
	case <-pb.done:
	}
	pb.end()
}

// end starts the teardown and closes done, once.
func (pb *playback) end() {
	pb.endOnce.Do(func() {
		pb.release()
		wait(pb.rel.stopped, pb.opts.TeardownTimeout)
		close(pb.done)
	})
}
