package audio

import (
	"encoding/binary"
	"errors"
	"math"
	"sync/atomic"
)

// ErrOutputLost is why a Stream ended when its output device went away
// (unplugged, sound server gone) or stopped taking audio.
var ErrOutputLost = errors.New("audio output lost")

// ErrStreamClosed is returned by Write and Drain after Close.
var ErrStreamClosed = errors.New("playback stopped")

// streamQueueSize is how many samples a Stream holds ahead of the device:
// about 2.7 s at 24 kHz. Writers block beyond it, so a long reply is
// streamed to the device rather than decoded into memory first.
const streamQueueSize = 1 << 16

// ring is a single-producer single-consumer queue of samples: the writer is
// a Go goroutine, the reader the device's data callback. Positions only
// grow; the callback never blocks, allocates or takes a lock.
type ring struct {
	buf  []int16 // length a power of two
	mask uint64
	w, r atomic.Uint64 // samples written and read, ever
}

func newRing(size int) *ring {
	n := 1
	for n < size {
		n <<= 1
	}
	return &ring{buf: make([]int16, n), mask: uint64(n - 1)}
}

// write copies as much of p as fits and returns how much that was.
func (q *ring) write(p []int16) int {
	w, r := q.w.Load(), q.r.Load()
	n := min(len(p), len(q.buf)-int(w-r))
	for i := range n {
		q.buf[(w+uint64(i))&q.mask] = p[i]
	}
	q.w.Store(w + uint64(n))
	return n
}

// queued is the number of samples written and not yet read.
func (q *ring) queued() int { return int(q.w.Load() - q.r.Load()) }

// fadeSamples is the length of the ramp to silence when the queue runs dry
// mid-sound (~2 ms at 24 kHz): a jump straight to zero would click.
const fadeSamples = 48

// feeder is the body of the playback callback: it moves queued samples to
// the device's buffer, tracks the level of what it played, and keeps
// feeding silence (counted, so Drain knows the device's own buffer has
// played out) when paused or the queue is empty.
type feeder struct {
	q      *ring
	paused atomic.Bool
	flush  atomic.Bool   // drop everything queued (set by Clear)
	played atomic.Int64  // samples of sound handed to the device
	idle   atomic.Int64  // samples of silence fed since the queue ran dry
	calls  atomic.Int64  // callbacks so far, so a stalled device shows
	level  atomic.Uint64 // float64 bits: RMS of the last period (0..1)
	last   int16         // the last sample played, for the fade-out
	// wake is signalled after every callback that freed space or fed
	// silence; writers and Drain wait on it. Non-blocking send.
	wake chan struct{}
}

func newFeeder(q *ring) *feeder {
	return &feeder{q: q, wake: make(chan struct{}, 1)}
}

// fill writes len(out)/2 mono samples into out (little-endian s16).
func (f *feeder) fill(out []byte) {
	f.calls.Add(1)
	if f.flush.Swap(false) {
		f.q.r.Store(f.q.w.Load())
	}
	want := len(out) / 2
	if f.paused.Load() {
		f.fade(out, 0)
		f.level.Store(0)
		f.notify()
		return
	}
	r, w := f.q.r.Load(), f.q.w.Load()
	n := min(want, int(w-r))
	var sumSq float64
	for i := range n {
		s := f.q.buf[(r+uint64(i))&f.q.mask]
		binary.LittleEndian.PutUint16(out[2*i:], uint16(s))
		v := float64(s)
		sumSq += v * v
	}
	f.q.r.Store(r + uint64(n))
	if n > 0 {
		f.last = f.q.buf[(r+uint64(n)-1)&f.q.mask]
		f.played.Add(int64(n))
		f.idle.Store(0)
	}
	f.fade(out, n)
	if n < want {
		f.idle.Add(int64(want - n))
	}
	if want > 0 {
		f.level.Store(math.Float64bits(math.Sqrt(sumSq/float64(want)) / 32768))
	}
	f.notify()
}

// notify wakes a waiting writer or Drain without ever blocking.
func (f *feeder) notify() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// fade fills out from sample from on with a short ramp from the last
// sample played down to zero, then silence.
func (f *feeder) fade(out []byte, from int) {
	want := len(out) / 2
	for i := from; i < want; i++ {
		var s int16
		if k := i - from; k < fadeSamples && f.last != 0 {
			s = int16(int32(f.last) * int32(fadeSamples-1-k) / fadeSamples)
		}
		binary.LittleEndian.PutUint16(out[2*i:], uint16(s))
	}
	if from < want {
		f.last = 0
	}
}

// Level is the RMS (0..1) of the most recent period played.
func (f *feeder) Level() float64 { return math.Float64frombits(f.level.Load()) }
