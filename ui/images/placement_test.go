package images

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/themes"
	"parley/ui/graphics"
)

// sixelPlacer is a sixel Images with one encoded image on screen rows
// 0–1 and a clock the test moves. place syncs the screen with sel as the
// selected image and, the layout having been quiet for placeDelay,
// returns what the placement timer writes: a sixel write, "clear", or ""
// for nothing.
func sixelPlacer(t *testing.T) (bs *Blocks, place func(row int, sel Ref) string) {
	t.Helper()
	g := newGatedStore(t, false)
	st := themes.NewStyles(themes.Dark())
	s := New(Options{Load: g.load, Protocol: graphics.Sixel, Styles: &st, Workers: 1,
		Getenv:  func(string) string { return "" },
		Winsize: func() (graphics.Winsize, error) { return graphics.Winsize{}, nil }})
	clock := time.Unix(0, 0)
	s.placer.now = func() time.Time { return clock }
	bs = entryOf("x")
	feed(t, s, run(s.Sync(s.EntrySlots(nil, bs, 0, 40), 40, Ref{})), 1) // the encode
	place = func(row int, sel Ref) string {
		t.Helper()
		s.Sync(s.EntrySlots(nil, bs, row, 40), 40, sel) // its timer is not run: the test fires it
		clock = clock.Add(placeDelay)
		cmd, _ := s.Update(placeMsg{gen: s.placer.gen})
		if cmd == nil {
			return ""
		}
		switch msg := cmd().(type) {
		case tea.RawMsg:
			return fmt.Sprint(msg.Msg)
		case tea.BatchMsg:
			return "clear"
		default:
			t.Fatalf("the placement timer returned %T", msg)
			return ""
		}
	}
	return bs, place
}

// TestSelectionWritesSixelAgain (issue 15 item 15): the selection bar
// drawn left of a sixel image's rows, and taken away, changes the rows'
// text, which the renderer rewrites (a row gone blank it clears to its
// end, pixels and all). So each change writes the image again in place,
// without clearing the screen; a frame that changes nothing writes
// nothing, and a moved image still clears first.
func TestSelectionWritesSixelAgain(t *testing.T) {
	bs, place := sixelPlacer(t)
	first := place(0, Ref{})
	if first == "" || first == "clear" {
		t.Fatalf("the encoded image was not placed: %q", first)
	}
	for _, step := range []struct {
		what string
		sel  Ref
	}{{"selecting", Ref{Blocks: bs, I: 0}}, {"deselecting", Ref{}}} {
		if got := place(0, step.sel); got != first {
			t.Fatalf("after %s: wrote %.40q, want the same placement again %.40q", step.what, got, first)
		}
	}
	if got := place(0, Ref{}); got != "" {
		t.Fatalf("nothing changed, yet the placer wrote %.40q", got)
	}
	if got := place(1, Ref{}); got != "clear" {
		t.Fatalf("the image moved a row: wrote %.40q, want a clear first", got)
	}
}
