package transcript

import (
	"fmt"
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// block is an entry of n lines named by its id; lines read "id:k".
type block struct{ id, n int }

type blocks struct{}

func (blocks) Height(b *block, _ int) int { return b.n }

func (blocks) Lines(b *block, _ int, from, to int) []string {
	out := make([]string, 0, to-from)
	for k := from; k < to; k++ {
		out = append(out, fmt.Sprintf("%d:%d", b.id, k))
	}
	return out
}

// filled is a transcript of 5×4-line entries, 6 lines high.
func filled() (Model[*block], []*block) { return filledWith(blocks{}) }

// filledWith is filled laid out by l.
func filledWith(l Layout[*block]) (Model[*block], []*block) {
	t := New[*block](l, DefaultKeyMap())
	var all []*block
	for i := range 5 {
		b := &block{id: i, n: 4}
		all = append(all, b)
		t.Add(b)
	}
	t.SetSize(10, 6)
	return t, all
}

func press(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

func TestFollowsTheBottom(t *testing.T) {
	tr, _ := filled()
	want := []string{"3:2", "3:3", "4:0", "4:1", "4:2", "4:3"}
	if got := tr.Lines(); !reflect.DeepEqual(got, want) || !tr.Following() {
		t.Fatalf("lines %q (following %v), want %q", got, tr.Following(), want)
	}
	if i, skip := tr.Start(); i != 3 || skip != 2 {
		t.Errorf("Start = %d, %d; want 3, 2", i, skip)
	}
}

func TestScrollAndFollowAgain(t *testing.T) {
	tr, _ := filled()
	tr, _ = tr.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if tr.Following() || tr.Lines()[0] != "2:3" {
		t.Fatalf("after a wheel step up: following %v, first line %q", tr.Following(), tr.Lines()[0])
	}
	tr, _ = tr.Update(press(tea.KeyHome))
	if got := tr.Lines()[0]; got != "0:0" {
		t.Fatalf("home shows %q first", got)
	}
	tr, _ = tr.Update(press(tea.KeyPgDown))
	if got := tr.Lines()[0]; got != "1:1" || tr.Following() {
		t.Fatalf("page down shows %q first (following %v)", got, tr.Following())
	}
	for range 3 {
		tr, _ = tr.Update(press(tea.KeyPgDown))
	}
	if !tr.Following() {
		t.Error("scrolling to the end did not follow again")
	}
}

func TestShowAtVisibleAndRemove(t *testing.T) {
	tr, all := filled()
	tr.ShowAt(1, 2)
	var vis []Shown[*block]
	for v := range tr.Visible {
		vis = append(vis, v)
	}
	if len(vis) != 2 || vis[0].Entry != all[1] || vis[0].Row != -2 || vis[1].Entry != all[2] || vis[1].Row != 2 || vis[1].Height != 4 {
		t.Fatalf("visible %+v", vis)
	}
	tr.Remove(all[1])
	if tr.Len() != 4 || tr.Lines()[0] != "2:2" {
		t.Errorf("after removing the anchor's entry: %d entries, first line %q", tr.Len(), tr.Lines()[0])
	}
	tr.Reset()
	if tr.Len() != 0 || !tr.Following() || tr.Last() != nil || len(tr.Lines()) != 6 {
		t.Errorf("reset left %d entries, following %v", tr.Len(), tr.Following())
	}
}

// Prepend puts an entry first; a reader scrolled up keeps their lines,
// a follower stays at the bottom.
func TestPrependKeepsTheReader(t *testing.T) {
	tr, _ := filled()
	tr, _ = tr.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	before := tr.Lines()
	top := &block{id: 9, n: 2}
	tr.Prepend(top)
	if tr.Entries()[0] != top || !reflect.DeepEqual(tr.Lines(), before) {
		t.Fatalf("scrolled reader moved: %q, want %q", tr.Lines(), before)
	}
	tr, _ = tr.Update(tea.KeyPressMsg{Code: tea.KeyEnd})
	bottom := tr.Lines()
	tr.Prepend(&block{id: 8, n: 1})
	if !reflect.DeepEqual(tr.Lines(), bottom) {
		t.Fatalf("follower moved: %q", tr.Lines())
	}
}

// marks is blocks with each line indented by one blank, like a body, so
// the selection's mark has a cell to take.
type marks struct{ blocks }

func (m marks) Lines(b *block, w int, from, to int) []string {
	out := m.blocks.Lines(b, w, from, to)
	for k := range out {
		out[k] = " " + out[k]
	}
	return out
}

// SelectStep walks the selectable entries from the end, scrolls the one
// it selects into view and marks its lines; Deselect and Remove drop it.
func TestSelectStep(t *testing.T) {
	tr, all := filledWith(marks{})
	tr.SetMark("|")
	even := func(b *block) bool { return b.id%2 == 0 }
	if !tr.SelectStep(-1, even) {
		t.Fatal("nothing selected")
	}
	if e, ok := tr.Selected(); !ok || e != all[4] {
		t.Fatalf("selected %v", e)
	}
	tr.SelectStep(-1, even)
	if e, _ := tr.Selected(); e != all[2] {
		t.Fatalf("second step selected %v", e)
	}
	lines := tr.Lines()
	if lines[0] != "|2:0" || lines[4] != " 3:0" {
		t.Fatalf("not scrolled to and marked: %q", lines)
	}
	tr.SelectStep(-1, even)
	if tr.SelectStep(-1, even) {
		t.Fatal("stepped past the first")
	}
	if e, _ := tr.Selected(); e != all[0] {
		t.Fatalf("selection left the first: %v", e)
	}
	tr.Remove(all[0])
	if _, ok := tr.Selected(); ok {
		t.Fatal("removed entry still selected")
	}
	tr.SelectStep(1, even)
	tr.Deselect()
	if _, ok := tr.Selected(); ok || tr.Lines()[0][0] == '|' {
		t.Fatalf("deselect left %q", tr.Lines())
	}
}

// BenchmarkLinesSelected is one frame of a 40-row transcript whose
// visible entry is selected (its lines copied and marked) against one
// with no selection.
func BenchmarkLinesSelected(b *testing.B) {
	for _, sel := range []bool{false, true} {
		b.Run(fmt.Sprintf("selected=%v", sel), func(b *testing.B) {
			tr := New[*block](marks{}, DefaultKeyMap())
			for i := range 20 {
				tr.Add(&block{id: i, n: 30})
			}
			tr.SetSize(120, 40)
			tr.SetMark("\x1b[36m▌\x1b[0m")
			if sel {
				tr.SelectStep(-1, func(*block) bool { return true })
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = tr.Lines()
			}
		})
	}
}

// fixedLines lays every entry out as the same lines.
type fixedLines []string

func (f fixedLines) Height(*block, int) int { return len(f) }

func (f fixedLines) Lines(_ *block, _ int, from, to int) []string { return f[from:to] }

// The mark runs down the body, blank lines in it included, but leaves the
// header and the line that ends the entry alone.
func TestSelectionMarkRunsDownTheBody(t *testing.T) {
	layout := fixedLines{"hdr", "  body", "", "  more", ""}
	tr := New[*block](layout, DefaultKeyMap())
	tr.Add(&block{id: 0})
	tr.SetSize(10, 5)
	tr.SetMark("|")
	tr.SelectStep(-1, func(*block) bool { return true })
	want := []string{"hdr", "| body", "|", "| more", ""}
	if got := tr.Lines(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if layout[1] != "  body" {
		t.Error("the layout's lines were changed")
	}
}

// TestNearIsTheBandAroundTheView: Near yields the entries off screen
// within the given lines of the view, above nearest first and then
// below, with their screen rows; none of those on screen.
func TestNearIsTheBandAroundTheView(t *testing.T) {
	type at struct{ id, row int }
	near := func(tr *Model[*block], rows int) []at {
		var out []at
		for v := range tr.Near(rows) {
			out = append(out, at{v.Entry.id, v.Row})
		}
		return out
	}
	tr, _ := filled() // five entries of 4 lines, 6 rows tall, at the bottom: 3 and 4 show
	if got, want := near(&tr, 6), []at{{2, -6}}; !reflect.DeepEqual(got, want) {
		t.Errorf("at the bottom, 6 lines around: %v, want %v", got, want)
	}
	tr.ShowAt(1, 2) // entries 1 (from row -2) and 2
	if got, want := near(&tr, 4), []at{{0, -6}, {3, 6}}; !reflect.DeepEqual(got, want) {
		t.Errorf("in the middle, 4 lines around: %v, want %v", got, want)
	}
	if got, want := near(&tr, 1), []at{{3, 6}}; !reflect.DeepEqual(got, want) {
		t.Errorf("in the middle, 1 line around: %v, want %v (entry 1's hidden lines cover the line above)", got, want)
	}
	if got := near(&tr, 0); got != nil {
		t.Errorf("no lines around: %v", got)
	}
}
