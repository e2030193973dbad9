package transcript

// A long conversation is shown lazily: the root adds one entry per
// message, most of them placeholders that know only their message's ID
// and a guess of their height, and fills them in a page at a time as they
// come near the view. The transcript says which to fill (Want); loading
// is the root's, in a Cmd, since only it knows the store.

// Loader is a Layout (or a Cache's Renderer) whose entries may be
// placeholders, not loaded yet.
type Loader[E any] interface {
	// Loaded reports whether e holds its content. A placeholder is
	// laid out like any entry (as a header and blank lines the height of
	// its estimate, say) until it is filled in.
	Loaded(e E) bool
}

// Want is a run of placeholder entries, [From, To) in Entries, that are
// in or near the view.
type Want struct{ From, To int }

// Len is the number of entries wanted.
func (w Want) Len() int { return w.To - w.From }

// Want returns the placeholders to load next: the run of consecutive
// placeholders, at most limit long, nearest the view among the entries
// on screen or within margin lines of it. ok is false when there are
// none, or the layout is no Loader. Heights above and below the view come
// from Measure when the layout is a Measurer, so asking renders nothing
// off screen. The root calls it after scrolling, resizing or a page
// arriving, and asks again only once the page asked for has arrived.
func (t *Model[E]) Want(margin, limit int) (w Want, ok bool) {
	loader, isLoader := t.layout.(Loader[E])
	if !isLoader || len(t.entries) == 0 || limit <= 0 {
		return Want{}, false // a Cache is a Loader: it asks its Renderer
	}
	first, last := t.span(margin)
	// Nearest the view: scan outward from the first visible entry.
	view, _ := t.Start()
	near := -1
	for d := 0; near < 0 && (view-d >= first || view+d <= last); d++ {
		for _, i := range [2]int{view + d, view - d} {
			if i >= first && i <= last && !loader.Loaded(t.entries[i]) {
				near = i
				break
			}
		}
	}
	if near < 0 {
		return Want{}, false
	}
	// Grow the run around it, downward first: a reader paging up reads
	// the entries above, but the ones under the view are the ones shown
	// first after a jump.
	from, to := near, near+1
	for to-from < limit && to < len(t.entries) && !loader.Loaded(t.entries[to]) {
		to++
	}
	for to-from < limit && from > 0 && !loader.Loaded(t.entries[from-1]) {
		from--
	}
	return Want{From: from, To: to}, true
}

// span is the index range [first, last] of the entries on screen or
// within margin lines above or below it.
func (t *Model[E]) span(margin int) (first, last int) {
	i, skip := t.Start()
	first = i
	for above := skip; first > 0 && above < margin; {
		first--
		above += t.measure(first)
	}
	last = i
	for seen := t.measure(i) - skip; last < len(t.entries)-1 && seen < t.height+margin; {
		last++
		seen += t.measure(last)
	}
	return first, last
}

// measure is entry i's height, estimated when the layout can and it is
// not known, so looking around the view renders nothing.
func (t *Model[E]) measure(i int) int {
	if m, ok := t.layout.(Measurer[E]); ok {
		h, _ := m.Measure(t.entries[i], t.width)
		return h
	}
	return t.h(i)
}

// Position is where the view is in the whole transcript, for a scrollbar:
// the line of the first visible line and the number of lines of all
// entries. Heights not laid out yet are estimates, corrected as entries
// are drawn. ok is false when the layout is no Measurer: the answer would
// take laying out every entry.
func (t *Model[E]) Position() (top, total int, ok bool) {
	m, isMeasurer := t.layout.(Measurer[E])
	if !isMeasurer {
		return 0, 0, false
	}
	start, skip := t.Start()
	for i, e := range t.entries {
		h, _ := m.Measure(e, t.width)
		if i < start {
			top += h
		}
		total += h
	}
	if len(t.entries) > 0 {
		top += skip
	}
	return top, total, true
}
