// Package transcript is the conversation's scrolling view: the list of
// entries in order and which of their lines are on screen. It renders
// only the entries that are visible: while following it walks back from
// the last entry until the screen is full; otherwise it starts from an
// anchor (an entry and a line inside it), so no position depends on the
// height of entries above it and a long history is never laid out as a
// whole.
//
// It is generic over the entry type and lays entries out only through
// the Layout the root gives it, so what an entry shows (text, images,
// voice notes) stays with whoever draws it. A Cache (cache.go) is a
// Layout that renders entries on demand and keeps their lines per width
// and version; over it the transcript knows every entry's height without
// rendering it (Position), and, for a long conversation whose entries are
// placeholders, which of them to load next (Want, lazy.go).
package transcript

import (
	"iter"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// WheelLines is how far one mouse wheel step scrolls.
const WheelLines = 3

// Layout measures and draws entries. Height must agree with the lines
// Lines returns; both may cache per width.
type Layout[E any] interface {
	// Height is the number of lines e takes at width w.
	Height(e E, w int) int
	// Lines are lines [from, to) of e at width w.
	Lines(e E, w, from, to int) []string
}

// Model is the transcript: its entries, its size and where it is
// scrolled to.
type Model[E comparable] struct {
	entries []E
	width   int
	height  int
	layout  Layout[E]
	keys    KeyMap

	follow  bool // stick to the bottom: a streaming reply stays in view
	top     int  // anchor entry when not following
	topLine int  // first visible line of the anchor entry

	sel selection[E] // the selected message (select.go)
}

// New is an empty transcript that follows the bottom.
func New[E comparable](layout Layout[E], keys KeyMap) Model[E] {
	return Model[E]{layout: layout, keys: keys, follow: true}
}

// Update scrolls on the KeyMap's keys and the mouse wheel.
func (t Model[E]) Update(msg tea.Msg) (Model[E], tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, t.keys.PageUp):
			t.scrollUp(max(t.height-1, 1))
		case key.Matches(msg, t.keys.PageDown):
			t.scrollDown(max(t.height-1, 1))
		case key.Matches(msg, t.keys.Top):
			t.follow, t.top, t.topLine = false, 0, 0
			t.settle()
		case key.Matches(msg, t.keys.Bottom):
			t.follow = true
		}
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			t.scrollUp(WheelLines)
		case tea.MouseWheelDown:
			t.scrollDown(WheelLines)
		}
	}
	return t, nil
}

// Add appends an entry. A new entry does not move a reader who scrolled up.
func (t *Model[E]) Add(e E) { t.entries = append(t.entries, e) }

// Prepend puts e first (the conversation's system prompt); a reader who
// scrolled up stays on the lines they were reading.
func (t *Model[E]) Prepend(e E) {
	t.entries = slices.Insert(t.entries, 0, e)
	if !t.follow {
		t.top++
	}
}

// InsertBefore puts e just before entry before (at the end when before
// is not there).
func (t *Model[E]) InsertBefore(e, before E) {
	i := t.index(before)
	t.entries = slices.Insert(t.entries, i, e)
	if !t.follow && t.top >= i && i < len(t.entries)-1 {
		t.top++ // the anchor entry moved down one
	}
}

// Entries are the entries in order; the slice is the transcript's, to
// read, not to change.
func (t *Model[E]) Entries() []E { return t.entries }

// Len is the number of entries.
func (t *Model[E]) Len() int { return len(t.entries) }

// Last is the newest entry, or the zero E when there is none.
func (t *Model[E]) Last() E {
	if len(t.entries) == 0 {
		var zero E
		return zero
	}
	return t.entries[len(t.entries)-1]
}

// Remove drops entry e, if it is there.
func (t *Model[E]) Remove(e E) {
	if i := slices.Index(t.entries, e); i >= 0 {
		if t.sel.ok && t.sel.entry == e {
			t.Deselect()
		}
		t.entries = slices.Delete(t.entries, i, i+1)
		t.forget(e)
		t.clampAnchor()
	}
}

// forget tells a Forgetter layout that e left.
func (t *Model[E]) forget(e E) {
	if f, ok := t.layout.(Forgetter[E]); ok {
		f.Forget(e)
	}
}

// Reset empties the transcript and follows the bottom again.
func (t *Model[E]) Reset() {
	for _, e := range t.entries {
		t.forget(e)
	}
	t.entries = nil
	t.Deselect()
	t.follow, t.top, t.topLine = true, 0, 0
}

// SetSize changes the size; the layout caches lines per width, so nothing
// else needs to be invalidated.
func (t *Model[E]) SetSize(w, h int) {
	t.width, t.height = max(w, 1), max(h, 0)
	t.clampAnchor()
}

// Relayout keeps the anchor inside its entry after entries' heights
// changed (a new theme, images turned on or off).
func (t *Model[E]) Relayout() { t.clampAnchor() }

// Width is the width entries are laid out at.
func (t *Model[E]) Width() int { return t.width }

// Height is the number of lines the transcript shows.
func (t *Model[E]) Height() int { return t.height }

// Follow sticks the view to the bottom, so the newest entry is in view.
func (t *Model[E]) Follow() { t.follow = true }

// Following reports whether the view sticks to the bottom.
func (t *Model[E]) Following() bool { return t.follow }

// ShowAt scrolls so line of entry i is the first one shown; a view that
// then shows the end of the transcript follows it again.
func (t *Model[E]) ShowAt(i, line int) {
	t.follow, t.top, t.topLine = false, i, max(line, 0)
	t.settle()
}

func (t *Model[E]) h(i int) int { return t.layout.Height(t.entries[i], t.width) }

// anchorFromBottom sets the anchor to the top of the following view.
func (t *Model[E]) anchorFromBottom() {
	t.top, t.topLine = t.Start()
}

func (t *Model[E]) scrollUp(n int) {
	if len(t.entries) == 0 {
		return
	}
	if t.follow {
		t.anchorFromBottom()
		t.follow = false
	}
	for t.topLine < n {
		n -= t.topLine
		if t.top == 0 {
			t.topLine = 0
			return
		}
		t.top--
		t.topLine = t.h(t.top)
	}
	t.topLine -= n
}

func (t *Model[E]) scrollDown(n int) {
	if t.follow || len(t.entries) == 0 {
		return
	}
	t.topLine += n
	for t.top < len(t.entries)-1 {
		h := t.h(t.top)
		if t.topLine < h {
			break
		}
		t.topLine -= h
		t.top++
	}
	t.settle()
}

// settle resumes following when the anchor shows the end of the transcript:
// scrolling back to the bottom means "follow again".
func (t *Model[E]) settle() {
	t.clampAnchor()
	if t.follow {
		return
	}
	seen := -t.topLine
	for i := t.top; i < len(t.entries); i++ {
		seen += t.h(i)
		if seen > t.height {
			return
		}
	}
	t.follow = true
}

// clampAnchor keeps the anchor inside the transcript after a resize.
func (t *Model[E]) clampAnchor() {
	if t.follow {
		return
	}
	if t.top >= len(t.entries) {
		t.follow = true
		return
	}
	if h := t.h(t.top); t.topLine >= h {
		t.topLine = max(h-1, 0)
	}
}

// Start is the entry and the line of it that the first visible line is.
func (t *Model[E]) Start() (i, skip int) {
	if !t.follow {
		return t.top, t.topLine
	}
	need := t.height
	for i := len(t.entries) - 1; i >= 0; i-- {
		n := t.h(i)
		if n >= need {
			return i, n - need
		}
		need -= n
	}
	return 0, 0
}

// Shown is one entry with lines on screen.
type Shown[E any] struct {
	Index  int // in Entries
	Entry  E
	Row    int // screen row of the entry's first line; negative when it starts above
	Height int // lines it takes
}

// Visible calls yield with each entry that has lines on screen, top to
// bottom, until yield returns false; it lays out only those. It is
// called on every frame, so it allocates nothing.
func (t *Model[E]) Visible(yield func(Shown[E]) bool) {
	if t.height <= 0 {
		return
	}
	i, skip := t.Start()
	for row := -skip; i < len(t.entries) && row < t.height; i++ {
		n := t.h(i)
		if !yield(Shown[E]{Index: i, Entry: t.entries[i], Row: row, Height: n}) {
			return
		}
		row += n
	}
}

// Near yields the entries off screen within rows lines of the view: those
// above it, nearest first, then those below it. Their rows are screen
// rows as Visible counts them (negative above). ui/images encodes their
// images ahead, so a scroll step finds them ready.
func (t *Model[E]) Near(rows int) iter.Seq[Shown[E]] {
	return func(yield func(Shown[E]) bool) {
		if t.height <= 0 || rows <= 0 {
			return
		}
		i, skip := t.Start()
		top := -skip
		for j := i - 1; j >= 0 && top > -rows; j-- {
			n := t.h(j)
			top -= n
			if !yield(Shown[E]{Index: j, Entry: t.entries[j], Row: top, Height: n}) {
				return
			}
		}
		row := -skip
		for ; i < len(t.entries) && row < t.height; i++ {
			row += t.h(i)
		}
		for ; i < len(t.entries) && row < t.height+rows; i++ {
			n := t.h(i)
			if !yield(Shown[E]{Index: i, Entry: t.entries[i], Row: row, Height: n}) {
				return
			}
			row += n
		}
	}
}

// View returns exactly height lines.
func (t Model[E]) View() string { return strings.Join(t.Lines(), "\n") }

// Lines is View before joining, exactly height lines, so the root can
// draw over them (images) and join the whole screen in one allocation.
func (t Model[E]) Lines() []string {
	if t.height <= 0 {
		return nil
	}
	var lines []string
	if t.follow {
		lines = t.bottomLines()
	} else {
		lines = t.linesFrom(t.top, t.topLine)
	}
	for len(lines) < t.height {
		lines = append(lines, "")
	}
	return lines
}

// bottomLines collects the last height lines, walking back from the end.
func (t Model[E]) bottomLines() []string {
	need := t.height
	first := len(t.entries)
	skip := 0 // lines of entries[first] above the view
	for first > 0 && need > 0 {
		first--
		n := t.h(first)
		if n >= need {
			skip = n - need
			need = 0
			break
		}
		need -= n
	}
	if need > 0 {
		// Everything fits: show it from the top.
		return t.linesFrom(0, 0)
	}
	return t.linesFrom(first, skip)
}

// linesFrom collects up to height lines starting at line skip of entry i.
func (t Model[E]) linesFrom(i, skip int) []string {
	out := make([]string, 0, t.height)
	for ; i < len(t.entries) && len(out) < t.height; i++ {
		n := t.h(i)
		if skip >= n {
			skip -= n
			continue
		}
		to := min(n, skip+t.height-len(out))
		out = append(out, t.marked(t.entries[i], t.layout.Lines(t.entries[i], t.width, skip, to), to == n)...)
		skip = 0
	}
	return out
}
