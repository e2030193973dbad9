package session

import "slices"

// SiblingsOf is Siblings for many messages at once: one pass over the
// conversation, where a Siblings call per message is a pass each — a
// 5,000-message resume asking for every message's ‹ i/n › was quadratic
// (37 ms). The result's i is for ids[i].
func (c *Conversation) SiblingsOf(ids []int64) []Siblings {
	parent := make(map[int64]int64, len(c.all))
	children := make(map[int64][]int64, len(c.all))
	for i := range c.all { // ID order: each parent's children come oldest first
		m := &c.all[i]
		parent[m.ID] = m.ParentID
		children[m.ParentID] = append(children[m.ParentID], m.ID)
	}
	out := make([]Siblings, len(ids))
	for k, id := range ids {
		p, ok := parent[id]
		if !ok {
			continue // not in c: Count 0, as Siblings says
		}
		sib := children[p]
		i, _ := slices.BinarySearch(sib, id)
		out[k] = Siblings{IDs: slices.Clone(sib), Index: i, Count: len(sib)}
	}
	return out
}
