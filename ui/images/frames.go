package images

import (
	"slices"

	"parley/media/termimg"
	"parley/ui/graphics"
)

// frameCache keeps scaled, palette-mapped sixel frames (one byte per
// on-screen pixel) so a partly visible image is re-encoded for its
// visible rows without decoding and scaling it again; bounded by their
// total size, the least recently used going first. UI goroutine only.
type frameCache struct {
	max, used int64
	order     []graphics.Key // oldest first
	frames    map[graphics.Key]*termimg.SixelFrame
}

func newFrameCache(maxBytes int64) *frameCache {
	return &frameCache{max: maxBytes, frames: map[graphics.Key]*termimg.SixelFrame{}}
}

func frameSize(f *termimg.SixelFrame) int64 {
	w, h := f.Size()
	return int64(w) * int64(h)
}

// get returns k's frame (nil if none) and marks it recently used.
func (c *frameCache) get(k graphics.Key) *termimg.SixelFrame {
	f := c.frames[k]
	if f != nil {
		c.touch(k)
	}
	return f
}

func (c *frameCache) touch(k graphics.Key) {
	if i := slices.Index(c.order, k); i >= 0 {
		c.order = slices.Delete(c.order, i, i+1)
	}
	c.order = append(c.order, k)
}

// put keeps f as k's frame and evicts the oldest past the budget.
func (c *frameCache) put(k graphics.Key, f *termimg.SixelFrame) {
	if old := c.frames[k]; old != nil {
		c.used -= frameSize(old)
	}
	c.frames[k] = f
	c.used += frameSize(f)
	c.touch(k)
	for c.used > c.max && len(c.order) > 1 {
		old := c.order[0]
		c.order = c.order[1:]
		c.used -= frameSize(c.frames[old])
		delete(c.frames, old)
	}
}
