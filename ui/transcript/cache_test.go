package transcript

import (
	"fmt"
	"testing"
)

// item is an entry of a Cache test: n lines at any width, content
// version ver; loaded false makes it a placeholder.
type item struct {
	id, n    int
	ver      uint64
	guess    int // Estimate's answer
	unloaded bool
}

// items renders items and counts its renders.
type items struct{ renders int }

func (r *items) Render(e *item, w int) []string {
	r.renders++
	out := make([]string, e.n)
	for k := range out {
		out[k] = fmt.Sprintf("%d:%d@%d", e.id, k, w)
	}
	return out
}

func (*items) Version(e *item) uint64      { return e.ver }
func (*items) Estimate(e *item, _ int) int { return e.guess }

// loaders are items whose entries may be placeholders (a Loader).
type loaders struct{ items }

func (*loaders) Loaded(e *item) bool { return !e.unloaded }

// liveItems lay item 0 out themselves, as the streaming reply does.
type liveItems struct {
	items
	direct int // Height and Lines calls for the live item
}

func (*liveItems) Live(e *item) bool { return e.id == 0 }

func (l *liveItems) Height(e *item, _ int) int { l.direct++; return e.n }

func (l *liveItems) Lines(e *item, w, from, to int) []string {
	l.direct++
	return l.items.Render(e, w)[from:to]
}

func TestCacheRendersOncePerWidthAndVersion(t *testing.T) {
	r := &items{}
	c := NewCache[*item](r, 0)
	e := &item{id: 1, n: 3, guess: 7}
	if h, exact := c.Measure(e, 10); h != 7 || exact || r.renders != 0 {
		t.Fatalf("Measure before a render = %d, %v after %d renders; want the estimate 7 and none", h, exact, r.renders)
	}
	if h := c.Height(e, 10); h != 3 {
		t.Fatalf("Height = %d, want 3", h)
	}
	if got := c.Lines(e, 10, 1, 3); len(got) != 2 || got[0] != "1:1@10" {
		t.Fatalf("Lines = %q", got)
	}
	if h, exact := c.Measure(e, 10); h != 3 || !exact || r.renders != 1 {
		t.Fatalf("after drawing: Measure = %d, %v with %d renders; want 3, exact, 1 render", h, exact, r.renders)
	}
	c.Height(e, 20)
	c.Height(e, 20)
	if r.renders != 2 {
		t.Errorf("a new width rendered %d times in all, want 2", r.renders)
	}
	e.n, e.ver = 5, 1 // the content changed
	if h := c.Height(e, 20); h != 5 || r.renders != 3 {
		t.Errorf("after a new version: height %d with %d renders; want 5, 3", h, r.renders)
	}
	c.Forget(e)
	if _, exact := c.Measure(e, 20); exact || c.Kept() != 0 {
		t.Errorf("forgotten entry still measured exactly (%d lines kept)", c.Kept())
	}
}

// Past its budget the cache drops the lines of entries drawn longest ago
// but keeps their heights; lines dropped are rendered again when drawn.
func TestCacheBudgetKeepsHeights(t *testing.T) {
	r := &items{}
	c := NewCache[*item](r, 100)
	var all []*item
	for i := range 50 {
		e := &item{id: i, n: 10}
		all = append(all, e)
		c.Lines(e, 30, 0, 10)
		if c.Kept() > 100 {
			t.Fatalf("after %d entries the cache holds %d lines, budget 100", i+1, c.Kept())
		}
	}
	for _, e := range all {
		if h, exact := c.Measure(e, 30); h != 10 || !exact {
			t.Fatalf("entry %d: Measure %d, %v; its height must stay known", e.id, h, exact)
		}
	}
	before := r.renders
	c.Lines(all[49], 30, 0, 1) // drawn last: still held
	if r.renders != before {
		t.Errorf("the newest entry was rendered again")
	}
	if got := c.Lines(all[0], 30, 2, 3); got[0] != "0:2@30" || r.renders != before+1 {
		t.Errorf("the oldest entry: %q after %d renders, want its line rendered once more", got, r.renders-before)
	}
}

// The transcript tells a Forgetter layout which entries left.
func TestModelForgetsRemovedEntries(t *testing.T) {
	c := NewCache[*item](&items{}, 0)
	tr := New[*item](c, DefaultKeyMap())
	tr.SetSize(10, 5)
	a, b := &item{id: 1, n: 2}, &item{id: 2, n: 2}
	tr.Add(a)
	tr.Add(b)
	_ = tr.Lines()
	if c.Kept() != 4 {
		t.Fatalf("%d lines kept after drawing both, want 4", c.Kept())
	}
	tr.Remove(a)
	if c.Kept() != 2 {
		t.Errorf("%d lines kept after removing one, want 2", c.Kept())
	}
	tr.Reset()
	if c.Kept() != 0 {
		t.Errorf("%d lines kept after a reset, want 0", c.Kept())
	}
}

// A Live entry bypasses the cache: nothing of it is kept or re-rendered
// whole by the Cache, however often its version changes.
func TestCachePassesLiveEntriesThrough(t *testing.T) {
	r := &liveItems{}
	c := NewCache[*item](r, 0)
	live, still := &item{id: 0, n: 3}, &item{id: 1, n: 2}
	for v := range 5 {
		live.ver = uint64(v)
		c.Lines(live, 10, 0, c.Height(live, 10))
		c.Lines(still, 10, 0, c.Height(still, 10))
	}
	if h, exact := c.Measure(live, 10); h != 3 || !exact {
		t.Errorf("Measure of the live entry = %d, %v", h, exact)
	}
	if r.direct != 11 || r.renders != 6 || c.Kept() != 2 {
		t.Errorf("%d direct calls, %d renders, %d lines kept; want 11 direct, 6 renders (5 by the live entry's Lines, 1 for the other), 2 kept",
			r.direct, r.renders, c.Kept())
	}
}
