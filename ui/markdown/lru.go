package markdown

import "container/list"

// cacheKey identifies a rendered message: a hash of its text (with the
// length as a cheap extra guard against collisions) and the width.
type cacheKey struct {
	hash  uint64
	size  int
	width int
}

// lru is a small least-recently-used cache of rendered messages, bounded by
// entry count so that a long session at many widths cannot grow it forever.
type lru struct {
	max   int
	order *list.List // front = most recent; values are *lruEntry
	items map[cacheKey]*list.Element
}

type lruEntry struct {
	key cacheKey
	val string
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: make(map[cacheKey]*list.Element)}
}

func (c *lru) get(k cacheKey) (string, bool) {
	e, ok := c.items[k]
	if !ok {
		return "", false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry).val, true
}

func (c *lru) put(k cacheKey, v string) {
	if e, ok := c.items[k]; ok {
		e.Value.(*lruEntry).val = v
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(&lruEntry{key: k, val: v})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*lruEntry).key)
	}
}
