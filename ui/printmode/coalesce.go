package printmode

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// flushDelay is the longest a piece of reply text waits in the buffer. A
// syscall per token costs more CPU than the rest of print mode together; a
// few milliseconds of delay is invisible to a reader and to a pipe.
const flushDelay = 8 * time.Millisecond

// coalescer buffers writes and flushes them at most flushDelay after the
// first unflushed byte, so a stream of tiny tokens becomes a few large
// writes without holding text back while the model pauses.
type coalescer struct {
	mu      sync.Mutex
	w       *bufio.Writer
	delay   time.Duration
	timer   *time.Timer
	pending bool   // bytes are buffered and the timer is armed
	err     error  // the first write error; later writes are dropped
	wrote   bool   // anything non-empty was written
	last    byte   // the last byte written
	onErr   func() // called once when a timed flush fails
}

// newCoalescer returns a coalescer writing to w. onErr is called (from the
// timer's goroutine) when a flush fails between writes, so the caller can
// stop producing output nobody will read.
func newCoalescer(w io.Writer, delay time.Duration, onErr func()) *coalescer {
	c := &coalescer{w: bufio.NewWriterSize(w, 32<<10), delay: delay, onErr: onErr}
	c.timer = time.AfterFunc(time.Hour, c.flushTimer)
	c.timer.Stop()
	return c
}

// write buffers s and arms the flush timer; it returns the first write
// error seen so far.
func (c *coalescer) write(s string) error {
	if s == "" {
		return c.error()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	c.wrote, c.last = true, s[len(s)-1]
	if _, err := c.w.WriteString(s); err != nil {
		c.err = err
		return err
	}
	if !c.pending && c.w.Buffered() > 0 {
		c.pending = true
		c.timer.Reset(c.delay)
	}
	return nil
}

func (c *coalescer) error() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// flushTimer runs on the timer's goroutine.
func (c *coalescer) flushTimer() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = false
	if c.err == nil {
		c.err = c.w.Flush()
		if c.err != nil && c.onErr != nil {
			c.onErr()
		}
	}
}

// close stops the timer, flushes what is left and returns the first error.
func (c *coalescer) close() error {
	c.timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = false
	if c.err == nil {
		c.err = c.w.Flush()
	}
	return c.err
}
