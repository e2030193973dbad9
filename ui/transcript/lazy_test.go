package transcript

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// lazyTranscript is n entries of 4 lines (estimated at 3) behind a Cache,
// 10 lines high, the last loaded ones placeholders but for the last
// loaded.
func lazyTranscript(n, loaded int) (Model[*item], *loaders, []*item) {
	r := &loaders{}
	tr := New[*item](NewCache[*item](r, 0), DefaultKeyMap())
	var all []*item
	for i := range n {
		e := &item{id: i, n: 4, guess: 3, unloaded: i < n-loaded}
		all = append(all, e)
		tr.Add(e)
	}
	tr.SetSize(20, 10)
	return tr, r, all
}

func TestWantNearestPlaceholders(t *testing.T) {
	tr, _, all := lazyTranscript(100, 5)
	_ = tr.Lines() // the last 10 lines: entries 97–99, loaded
	if w, ok := tr.Want(0, 10); ok {
		t.Fatalf("nothing to load in view, got %+v", w)
	}
	// Within 20 lines above the view (estimated 3 lines each) lie
	// entries 94 and 93..., of which 94 and below are placeholders.
	w, ok := tr.Want(20, 10)
	if !ok || w.To != 95 || w.Len() != 10 {
		t.Fatalf("Want(20, 10) = %+v, %v; want the 10 placeholders ending at 94", w, ok)
	}
	for i := w.From; i < w.To; i++ {
		all[i].unloaded = false
		all[i].ver++ // filled in: a new version
	}
	if w2, ok := tr.Want(20, 10); ok && w2.To > w.From {
		t.Errorf("after filling %+v, Want asks %+v again", w, w2)
	}
	// Jump to the top: the placeholders in view come first.
	tr, _ = tr.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	if w, ok := tr.Want(0, 4); !ok || w.From != 0 || w.To != 4 {
		t.Errorf("at the top Want = %+v, %v; want [0, 4)", w, ok)
	}
}

// A layout that is no Loader never asks for anything.
func TestWantWithoutLoader(t *testing.T) {
	tr, _ := filled()
	if w, ok := tr.Want(100, 10); ok {
		t.Errorf("Want on a plain layout = %+v", w)
	}
	if _, _, ok := tr.Position(); ok {
		t.Errorf("Position on a layout that cannot measure claims to know")
	}
	// A Cache over a Renderer that is no Loader holds only loaded entries.
	c := New[*item](NewCache[*item](&items{}, 0), DefaultKeyMap())
	c.Add(&item{id: 1, n: 2, unloaded: true})
	c.SetSize(10, 5)
	if w, ok := c.Want(100, 10); ok {
		t.Errorf("Want over a Cache of a plain Renderer = %+v", w)
	}
}

// Position counts estimates for entries never drawn and exact heights
// for drawn ones; scrolling renders only what is shown.
func TestPositionAndRenderOnDemand(t *testing.T) {
	tr, r, _ := lazyTranscript(1000, 1000)
	_ = tr.Lines()
	top, total, ok := tr.Position()
	// Three entries drawn (4 lines each, one cut), 997 estimated at 3.
	if !ok || total != 997*3+3*4 || top != total-10 {
		t.Fatalf("Position at the bottom = %d of %d (%v); want %d of %d", top, total, ok, 997*3+3*4-10, 997*3+3*4)
	}
	if r.renders > 3 {
		t.Fatalf("%d entries rendered to show 3", r.renders)
	}
	for range 10 {
		tr, _ = tr.Update(tea.KeyPressMsg{Code: tea.KeyPgUp})
		_ = tr.Lines()
	}
	// Ten pages of 9 lines: about 23 entries shown, none rendered twice.
	if r.renders > 30 {
		t.Errorf("%d renders after ten pages up; only the entries shown should be", r.renders)
	}
	top2, total2, _ := tr.Position()
	if top2 >= top || total2 <= total {
		t.Errorf("after paging up: %d of %d, before %d of %d; the view moved up and estimates became exact (taller)", top2, total2, top, total)
	}
}
