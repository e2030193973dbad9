package graphics

import (
	"container/list"
	"sync"
)

// Key identifies one encode of one image: the same blob drawn at another
// size, cell size or protocol is a different entry.
type Key struct {
	Blob         string // SHA-256 of the image bytes, hex
	Cols, Rows   int
	CellW, CellH int
	Protocol     Protocol
	// First and Count select cell rows [First, First+Count) of the image,
	// for a partly visible sixel or iTerm2 image; Count 0 is all of it.
	First, Count int
}

// Rendered is an encoded image.
type Rendered struct {
	// Seq is written with tea.Raw: a sixel, an iTerm2 image or the kitty
	// transmission. Empty for half-blocks.
	Seq string
	// Lines are drawn in View(), one per cell row: half-blocks or kitty
	// placeholders. Empty for sixel and iTerm2, which reserve blank cells.
	Lines []string
}

// size is what the entry costs the cache's byte budget.
func (r Rendered) size() int64 {
	n := int64(len(r.Seq))
	for _, l := range r.Lines {
		n += int64(len(l))
	}
	return n
}

// Cache is a least-recently-used cache of encoded images bounded by their
// total size in bytes. Safe for concurrent use, so encodes finishing in
// Cmds and View reading it never race.
type Cache struct {
	mu    sync.Mutex
	max   int64
	used  int64
	order *list.List // front = most recently used; values are *cacheEntry
	items map[Key]*list.Element
}

type cacheEntry struct {
	key  Key
	val  Rendered
	size int64
}

// NewCache returns a cache that holds at most maxBytes of encoded output.
func NewCache(maxBytes int64) *Cache {
	return &Cache{max: maxBytes, order: list.New(), items: map[Key]*list.Element{}}
}

// Get returns the entry for k and marks it recently used.
func (c *Cache) Get(k Key) (Rendered, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		return Rendered{}, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).val, true
}

// Put stores v under k, replacing any old value, and evicts least recently
// used entries until the total fits the budget. It returns the evicted keys
// (a kitty image may need deleting in the terminal). A value larger than
// the whole budget is not stored.
func (c *Cache) Put(k Key, v Rendered) (evicted []Key) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		c.remove(el)
	}
	size := v.size()
	if size > c.max {
		return nil
	}
	c.items[k] = c.order.PushFront(&cacheEntry{key: k, val: v, size: size})
	c.used += size
	for c.used > c.max {
		oldest := c.order.Back()
		evicted = append(evicted, oldest.Value.(*cacheEntry).key)
		c.remove(oldest)
	}
	return evicted
}

func (c *Cache) remove(el *list.Element) {
	e := el.Value.(*cacheEntry)
	c.order.Remove(el)
	delete(c.items, e.key)
	c.used -= e.size
}

// Len returns the number of entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Bytes returns the total size of the entries.
func (c *Cache) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}
