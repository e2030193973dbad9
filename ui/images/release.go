package images

import (
	"runtime/debug"
	"time"

	tea "charm.land/bubbletea/v2"
)

// releaseDelay is how long the pool must stay idle after encoding before
// the memory its decodes used goes back to the operating system, unless
// Options says otherwise.
const releaseDelay = time.Second

// releaseMsg is the release timer; gen drops superseded timers.
type releaseMsg struct{ gen int }

func (releaseMsg) imagesMsg() {}

// releaser hands the memory of a burst of decodes back once the pool has
// been idle for releaseDelay. Each decode of a photo is megabytes of
// pixels that are garbage a moment later; the collector lets the heap
// grow to twice what is live before it runs, and the runtime returns the
// freed pages only slowly, so after paging through twenty photos the
// process kept some 40 MB it no longer used (TestTUIImageScrollMemory),
// in an app that stays open all day. One forced collection after the
// burst, off the UI goroutine, returns them.
type releaser struct {
	delay time.Duration // 0: releaseDelay; < 0: never
	dirty bool          // something was decoded since the last release
	gen   int
}

// encoded notes a finished job; idle says nothing is queued or running.
// It returns the timer when a release is due.
func (r *releaser) encoded(idle bool) tea.Cmd {
	r.dirty = true
	if !idle || r.delay < 0 {
		return nil
	}
	d := r.delay
	if d == 0 {
		d = releaseDelay
	}
	r.gen++
	gen := r.gen
	return tea.Tick(d, func(time.Time) tea.Msg { return releaseMsg{gen: gen} })
}

// handle returns the release when the timer is the latest and the pool
// is still idle.
func (r *releaser) handle(msg releaseMsg, idle bool) tea.Cmd {
	if msg.gen != r.gen || !idle || !r.dirty {
		return nil
	}
	r.dirty = false
	return func() tea.Msg {
		debug.FreeOSMemory()
		return nil
	}
}
