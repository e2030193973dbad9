package audio

import (
	"context"
	"encoding/binary"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// StopReason says why a recording ended.
type StopReason int

// Reasons a recording ends.
const (
	StopNone        StopReason = iota // still recording (or never started)
	StopRequested                     // Stop was called
	StopMaxDuration                   // Options.MaxDuration was reached
	StopDeviceLost                    // the input device went away or went silent
	StopCanceled                      // the Start context was canceled
	StopDiscarded                     // Discard was called
)

// String returns a short description for notices.
func (r StopReason) String() string {
	switch r {
	case StopRequested:
		return "stopped"
	case StopMaxDuration:
		return "maximum recording length reached"
	case StopDeviceLost:
		return "input device lost"
	case StopCanceled:
		return "canceled"
	case StopDiscarded:
		return "discarded"
	}
	return "recording"
}

// Recording is a finished capture: mono 16 kHz signed 16-bit samples.
type Recording struct {
	PCM        []int16
	SampleRate int
	Channels   int
	Duration   time.Duration
	Reason     StopReason
}

// WAV encodes the recording as a WAV file.
func (r Recording) WAV() []byte { return EncodeWAV(r.PCM, r.SampleRate, r.Channels) }

// ErrNotRecording is returned by Stop when there is no recording to stop.
var ErrNotRecording = errors.New("not recording")

// chunkSamples is the size of one capture chunk (1 s). Chunks are handed to
// the callback ready-made, so it never allocates in the common case.
const chunkSamples = SampleRate

// samplesToDuration converts a mono 16 kHz sample count to a duration.
func samplesToDuration(n int) time.Duration {
	return time.Duration(int64(n) * int64(time.Second) / SampleRate)
}

// Recorder captures 16 kHz mono audio from an input device. One recording
// runs at a time; after Stop or Discard, Start begins a new one. Methods are
// safe for concurrent use. Stop may block up to Options.TeardownTimeout, so
// call it off the UI goroutine.
type Recorder struct {
	opts Options
	mu   sync.Mutex
	cur  *capture // the current or most recent recording
}

// NewRecorder returns a Recorder; nothing is opened until Start.
func NewRecorder(opts Options) *Recorder {
	return &Recorder{opts: opts.withDefaults()}
}

// Start opens the input device and begins recording. Canceling ctx ends
// the recording (reason StopCanceled), keeping what was captured. When no
// device can be opened the error is an *ErrNoMicrophone. A previous
// recording that ended by itself and was never collected with Stop is dropped.
func (r *Recorder) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cur != nil && r.cur.Reason() == StopNone {
		return errors.New("start recording: already recording")
	}
	c := newCapture(r.opts)
	if err := c.open(); err != nil {
		return err
	}
	r.cur = c
	go c.refillLoop()
	go c.monitor(ctx)
	return nil
}

func (r *Recorder) current() *capture {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

// Levels delivers one Level per Options.LevelInterval of captured audio for
// the current recording, and is closed when it ends. Levels are dropped if
// the receiver is slow. Nil before the first Start.
func (r *Recorder) Levels() <-chan Level {
	if c := r.current(); c != nil {
		return c.levels
	}
	return nil
}

// Done is closed when the current recording ends for any reason; Reason
// then says why. Nil before the first Start.
func (r *Recorder) Done() <-chan struct{} {
	if c := r.current(); c != nil {
		return c.done
	}
	return nil
}

// Reason is why the current recording ended, or StopNone while it runs.
func (r *Recorder) Reason() StopReason {
	if c := r.current(); c != nil {
		return c.Reason()
	}
	return StopNone
}

// Active reports whether a recording is running.
func (r *Recorder) Active() bool { return r.Reason() == StopNone && r.current() != nil }

// Elapsed is the length of audio captured so far (counted in samples, not
// wall time: the first data can take up to 2 s to arrive on PulseAudio).
func (r *Recorder) Elapsed() time.Duration {
	if c := r.current(); c != nil {
		return samplesToDuration(int(c.frames.Load()))
	}
	return 0
}

// Stop ends the recording and returns what was captured. It also collects a
// recording that already ended by itself (max length, device lost), whose
// Reason says so. The recording can be taken once; afterwards Stop returns
// ErrNotRecording.
func (r *Recorder) Stop() (Recording, error) {
	r.mu.Lock()
	c := r.cur
	if c == nil || c.taken {
		r.mu.Unlock()
		return Recording{}, ErrNotRecording
	}
	c.taken = true
	r.mu.Unlock()
	c.end(StopRequested, true)
	// Let the device close before returning so a following Start or Player
	// does not meet it half-open; a hung device is left to finish alone.
	wait(c.rel.released, c.opts.TeardownTimeout)
	return c.recording(), nil
}

// Discard ends the recording and drops its audio without waiting for the
// device to close.
func (r *Recorder) Discard() {
	r.mu.Lock()
	c := r.cur
	if c != nil {
		c.taken = true
	}
	r.mu.Unlock()
	if c != nil {
		c.end(StopDiscarded, false)
		c.mu.Lock()
		c.chunks, c.curChunk, c.spare = nil, nil, nil
		c.mu.Unlock()
	}
}

// capture is one recording's device and buffers.
type capture struct {
	opts Options
	device
	taken bool // guarded by Recorder.mu

	mu       sync.Mutex // held briefly by the capture callback
	chunks   [][]int16  // full chunks
	curChunk []int16    // chunk being filled (len = filled)
	spare    []int16    // next chunk, allocated off the audio thread
	total    int        // samples kept
	max      int        // MaxDuration in samples
	meter    levelMeter
	closed   bool       // no more samples accepted; levels closed
	reason   StopReason // why it ended; StopNone while running

	frames  atomic.Int64 // == total, readable without the lock
	levels  chan Level
	refill  chan struct{} // callback -> refillLoop: spare was used
	maxHit  chan struct{}
	quit    chan struct{} // closed when the recording ends
	done    chan struct{}
	endOnce sync.Once
}

func newCapture(opts Options) *capture {
	maxSamples := int(opts.MaxDuration * SampleRate / time.Second)
	window := max(1, int(opts.LevelInterval*SampleRate/time.Second))
	return &capture{
		opts:     opts,
		device:   newDevice(),
		chunks:   make([][]int16, 0, maxSamples/chunkSamples+2),
		curChunk: make([]int16, 0, chunkSamples),
		spare:    make([]int16, 0, chunkSamples),
		max:      maxSamples,
		meter:    levelMeter{window: window},
		levels:   make(chan Level, 16),
		refill:   make(chan struct{}, 1),
		maxHit:   make(chan struct{}, 1),
		quit:     make(chan struct{}),
		done:     make(chan struct{}),
	}
}

// open initialises the context and device and starts capturing.
func (c *capture) open() error {
	cfg := devConfig{capture: true, channels: Channels, rate: SampleRate}
	if e := c.device.open(c.opts, cfg, c.onData); e != nil {
		return &ErrNoMicrophone{Reason: e.reason, Err: e.err}
	}
	return nil
}

// onData runs on miniaudio's C thread with C memory: copy, never block.
func (c *capture) onData(_, in []byte, _ uint32) {
	full := false
	c.mu.Lock()
	if !c.closed {
		for i := 0; i+1 < len(in); i += 2 {
			if c.total >= c.max {
				full = true
				break
			}
			if len(c.curChunk) == cap(c.curChunk) {
				c.nextChunk()
			}
			s := int16(binary.LittleEndian.Uint16(in[i:]))
			c.curChunk = append(c.curChunk, s) // within capacity: no allocation
			c.total++
			if l, ok := c.meter.add(s); ok {
				l.At = samplesToDuration(c.total)
				select {
				case c.levels <- l:
				default: // the UI is behind: drop, never block the audio thread
				}
			}
		}
		c.frames.Store(int64(c.total))
	}
	c.mu.Unlock()
	if full {
		signal(c.maxHit)
	}
}

// nextChunk files the full chunk and switches to the spare. Called with mu.
func (c *capture) nextChunk() {
	c.chunks = append(c.chunks, c.curChunk)
	if c.spare != nil {
		c.curChunk, c.spare = c.spare, nil
		signal(c.refill)
		return
	}
	// The refill goroutine is behind (a starved machine): allocate here
	// rather than drop audio. 32 KB, once a second at most.
	c.curChunk = make([]int16, 0, chunkSamples)
}

// refillLoop allocates the next spare chunk off the audio thread.
func (c *capture) refillLoop() {
	for {
		select {
		case <-c.refill:
			buf := make([]int16, 0, chunkSamples)
			c.mu.Lock()
			if c.spare == nil && !c.closed {
				c.spare = buf
			}
			c.mu.Unlock()
		case <-c.quit:
			return
		}
	}
}

// monitor ends the recording when it stops by itself. Besides miniaudio's
// stopped notification it watches for a stream that silently stopped
// delivering (no data for StallTimeout), which is how a PulseAudio server
// dying looks from here.
func (c *capture) monitor(ctx context.Context) {
	tick := max(c.opts.StallTimeout/5, 10*time.Millisecond)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	last, still := c.frames.Load(), time.Duration(0)
	for {
		select {
		case <-ctx.Done():
			c.end(StopCanceled, true)
			return
		case <-c.maxHit:
			c.end(StopMaxDuration, true)
			return
		case <-c.lost:
			c.end(StopDeviceLost, true)
			return
		case <-c.done:
			return
		case <-ticker.C:
			if now := c.frames.Load(); now != last {
				last, still = now, 0
				continue
			}
			if still += tick; still >= c.opts.StallTimeout {
				c.end(StopDeviceLost, false)
				return
			}
		}
	}
}

// end stops accepting audio, starts the device teardown and closes Levels
// and Done, once. With keepTail it first waits (bounded) for the device to
// stop so the last callback's samples are kept.
func (c *capture) end(reason StopReason, keepTail bool) {
	c.endOnce.Do(func() {
		c.release()
		if keepTail {
			wait(c.rel.stopped, c.opts.TeardownTimeout)
		}
		c.mu.Lock()
		c.closed = true
		c.reason = reason
		close(c.levels)
		c.mu.Unlock()
		close(c.quit)
		close(c.done)
	})
}

// Reason is why the capture ended, StopNone while it runs.
func (c *capture) Reason() StopReason {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reason
}

// recording joins the chunks into one Recording.
func (c *capture) recording() Recording {
	c.mu.Lock()
	defer c.mu.Unlock()
	pcm := make([]int16, 0, c.total)
	for _, ch := range c.chunks {
		pcm = append(pcm, ch...)
	}
	pcm = append(pcm, c.curChunk...)
	return Recording{
		PCM:        pcm,
		SampleRate: SampleRate,
		Channels:   Channels,
		Duration:   samplesToDuration(len(pcm)),
		Reason:     c.reason,
	}
}

// signal does a non-blocking send on a 1-buffered channel.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
