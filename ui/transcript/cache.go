package transcript

import (
	"cmp"
	"slices"
)

// Renderer draws entries for a Cache: an entry renders at a width and
// carries a version that changes whenever what it renders changes (text
// arrived, a status, a loaded page, a new theme), the shape of crush's
// list items.
type Renderer[E any] interface {
	// Render returns all the lines of e at width w. The slice becomes
	// the Cache's: the Renderer must not change it afterwards.
	Render(e E, w int) []string
	// Version is e's content version: a render made at another version
	// is stale.
	Version(e E) uint64
	// Estimate guesses Render's line count without rendering (from the
	// text's length, say): it places entries never drawn, so the scroll
	// position and the total height are known before everything is laid
	// out. It must be cheap and should not undershoot by much.
	Estimate(e E, w int) int
}

// Measurer is a Layout that knows entries' heights without rendering
// them. Model.Position uses it; Cache implements it.
type Measurer[E any] interface {
	// Measure is e's height at width w and whether it is exact (laid out
	// at this width and version) or an estimate.
	Measure(e E, w int) (h int, exact bool)
}

// Forgetter is a Layout that holds state per entry: Model tells it when
// an entry leaves, so nothing outlives its entry.
type Forgetter[E any] interface {
	// Forget drops what is held for e.
	Forget(e E)
}

// Live is a Renderer that lays some entries out itself: an entry that
// changes all the time (the streaming reply) keeps its own incremental
// layout and is sliced without copying, where the Cache would render it
// whole at every new version. The Cache passes those through.
type Live[E any] interface {
	Layout[E]
	// Live reports whether e lays itself out now.
	Live(e E) bool
}

// DefaultCacheLines is the default budget of a Cache: lines kept across
// entries (about two hundred screens of a 120×40 terminal).
const DefaultCacheLines = 8192

// Cache is a Layout that renders each entry on demand and keeps its lines
// per width and version. Heights outlive the lines: past the budget the
// lines of the entries drawn longest ago are dropped (and rendered again
// if they come back into view), but their heights stay known, so scrolling
// and the scroll position stay exact over everything seen.
type Cache[E comparable] struct {
	r      Renderer[E]
	memo   map[E]*rendered
	budget int    // lines to keep
	kept   int    // lines held now
	clock  uint64 // advances on every Lines call: recency for eviction
}

// rendered is one entry's layout at one width and version.
type rendered struct {
	w      int
	ver    uint64
	height int
	lines  []string // nil once evicted
	used   uint64
}

// NewCache is a Cache over r keeping about budget lines
// (DefaultCacheLines when budget <= 0).
func NewCache[E comparable](r Renderer[E], budget int) *Cache[E] {
	if budget <= 0 {
		budget = DefaultCacheLines
	}
	return &Cache[E]{r: r, memo: map[E]*rendered{}, budget: budget}
}

// Height is e's line count at width w (Layout), rendering e only if its
// height at this width and version is not known.
func (c *Cache[E]) Height(e E, w int) int {
	if l, ok := c.live(e); ok {
		return l.Height(e, w)
	}
	if m := c.current(e, w); m != nil {
		return m.height
	}
	return c.render(e, w).height
}

// Lines are lines [from, to) of e at width w (Layout).
func (c *Cache[E]) Lines(e E, w, from, to int) []string {
	if l, ok := c.live(e); ok {
		return l.Lines(e, w, from, to)
	}
	m := c.current(e, w)
	if m == nil || m.lines == nil {
		m = c.render(e, w)
	}
	c.clock++
	m.used = c.clock
	// A caller holding a height from before a new version gets what
	// there is rather than a panic; the transcript pads short entries.
	to = min(to, len(m.lines))
	return m.lines[min(from, to):to]
}

// Measure is e's height at w, exact when known, else Renderer.Estimate
// (Measurer). It never renders (a Live entry measures itself).
func (c *Cache[E]) Measure(e E, w int) (int, bool) {
	if l, ok := c.live(e); ok {
		return l.Height(e, w), true
	}
	if m := c.current(e, w); m != nil {
		return m.height, true
	}
	return max(c.r.Estimate(e, w), 0), false
}

// Forget drops e's layout (Forgetter).
func (c *Cache[E]) Forget(e E) {
	if m := c.memo[e]; m != nil {
		c.kept -= len(m.lines)
		delete(c.memo, e)
	}
}

// Loaded reports whether e holds its content (Loader): the Renderer's
// answer when it is a Loader, else true.
func (c *Cache[E]) Loaded(e E) bool {
	if l, ok := c.r.(Loader[E]); ok {
		return l.Loaded(e)
	}
	return true
}

// live is the Renderer as a Layout when e lays itself out.
func (c *Cache[E]) live(e E) (Live[E], bool) {
	l, ok := c.r.(Live[E])
	if !ok || !l.Live(e) {
		return nil, false
	}
	return l, true
}

// Kept is the number of lines the cache holds now.
func (c *Cache[E]) Kept() int { return c.kept }

// current is e's layout if it was made at width w and e's version.
func (c *Cache[E]) current(e E, w int) *rendered {
	m := c.memo[e]
	if m == nil || m.w != w || m.ver != c.r.Version(e) {
		return nil
	}
	return m
}

// render lays e out at w and keeps it, evicting past the budget.
func (c *Cache[E]) render(e E, w int) *rendered {
	lines := c.r.Render(e, w)
	m := c.memo[e]
	if m == nil {
		m = &rendered{}
		c.memo[e] = m
	}
	c.kept += len(lines) - len(m.lines)
	c.clock++
	*m = rendered{w: w, ver: c.r.Version(e), height: len(lines), lines: lines, used: c.clock}
	if c.kept > c.budget {
		c.evict(m)
	}
	return m
}

// evict drops the lines of the least recently drawn entries until the
// cache is back to half its budget, sparing keep (just rendered). Going
// down to half, not just under the budget, makes the sort over every
// entry rare: once per budget/2 lines rendered.
func (c *Cache[E]) evict(keep *rendered) {
	held := make([]*rendered, 0, len(c.memo))
	for _, m := range c.memo {
		if m != keep && m.lines != nil {
			held = append(held, m)
		}
	}
	slices.SortFunc(held, func(a, b *rendered) int { return cmp.Compare(a.used, b.used) })
	for _, m := range held {
		if c.kept <= c.budget/2 {
			return
		}
		c.kept -= len(m.lines)
		m.lines = nil
	}
}
