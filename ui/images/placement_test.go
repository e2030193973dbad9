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
// returns what the placement timer writes: a sixel write or "" for
// nothing; or "clear" when the Sync itself erased the images drawn
// (an image moved), without firing the timer.
func sixelPlacer(t *testing.T) (bs *Blocks, place func(row int, sel Ref) string) {
	t.Helper()
	g := newGatedStore(t, false)
	s := newSixelImages(t, g.load)
	clock := time.Unix(0, 0)
	s.placer.now = func() time.Time { return clock }
	bs = entryOf("x")
	feed(t, s, run(s.Sync(s.EntrySlots(nil, bs, 0, 40), nil, 40, Ref{})), 1) // the encode
	place = func(row int, sel Ref) string {
		t.Helper()
		drawn := len(s.placer.drawn)
		s.Sync(s.EntrySlots(nil, bs, row, 40), nil, 40, sel) // its timer is not run: the test fires it
		if drawn > 0 && len(s.placer.drawn) == 0 {
			return "clear"
		}
		clock = clock.Add(placeDelay)
		cmd, _ := s.Update(placeMsg{gen: s.placer.gen})
		if cmd == nil {
			return ""
		}
		switch msg := cmd().(type) {
		case tea.RawMsg:
			return fmt.Sprint(msg.Msg)
		default:
			t.Fatalf("the placement timer returned %T", msg)
			return ""
		}
	}
	return bs, place
}

// newSixelImages is a sixel Images with one worker.
func newSixelImages(t *testing.T, load func(string) ([]byte, error)) *Images {
	t.Helper()
	st := themes.NewStyles(themes.Dark())
	return New(Options{Load: load, Protocol: graphics.Sixel, Styles: &st, Workers: 1,
		Getenv:  func(string) string { return "" },
		Winsize: func() (graphics.Winsize, error) { return graphics.Winsize{}, nil }})
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
	if got := place(1, Ref{}); got == "" || got == "clear" {
		t.Fatalf("after the clear, the moved image was not placed: %q", got)
	}
}

// TestReadyImageIsPlacedWithoutAnotherWait: an image scrolled into view
// is placed as soon as its encode is ready if the layout has been quiet
// for placeDelay by then: the blank cells reserved for it do not change
// when it becomes ready, so no frame must pass first (this wait made
// every first view 50 ms later). Where the frame did change, from the
// thumbnail to blanks, the full quiet period is kept.
func TestReadyImageIsPlacedWithoutAnotherWait(t *testing.T) {
	g := newGatedStore(t, true)
	s := newSixelImages(t, g.load)
	clock := time.Unix(0, 0)
	s.placer.now = func() time.Time { return clock }
	bs := entryOf("x")
	ch := run(s.Sync(s.EntrySlots(nil, bs, 0, 40), nil, 40, Ref{}))
	<-g.started
	clock = clock.Add(2 * placeDelay) // the encode is slow; the layout stays still
	close(g.gate)
	feed(t, s, ch, 1)
	s.Sync(s.EntrySlots(nil, bs, 0, 40), nil, 40, Ref{})
	if !s.placer.pending || s.placer.due.Sub(clock) > time.Millisecond {
		t.Fatalf("ready after a quiet %v: placement due in %v, want at once", 2*placeDelay, s.placer.due.Sub(clock))
	}

	// Scrolled by a row, the slice is not encoded yet: the cached
	// thumbnail is drawn; when the slice is ready the frame goes blank.
	cmd, _ := s.Update(placeMsg{gen: s.placer.gen})
	if cmd == nil {
		t.Fatal("the ready image was not placed")
	}
	ch = run(s.Sync(s.EntrySlots(nil, bs, -1, 40), nil, 40, Ref{}))
	clock = clock.Add(2 * placeDelay)
	for msg := range ch { // the slice's encode; the image moved, so a ClearScreen too
		if m, ok := msg.(encodedMsg); ok {
			s.Update(m)
			break
		}
	}
	s.Sync(s.EntrySlots(nil, bs, -1, 40), nil, 40, Ref{})
	if d := s.placer.due.Sub(clock); d < placeDelay {
		t.Fatalf("the slice replaced a drawn thumbnail: placement due in %v, want the full %v", d, placeDelay)
	}
}

// TestScrollWhileDecodingWaitsForTheFrame: an image scrolled while its
// first encode runs needs another slice; that waits for the running job
// and is then cut from its kept frame: the image is loaded and decoded
// once.
func TestScrollWhileDecodingWaitsForTheFrame(t *testing.T) {
	g := newGatedStore(t, true)
	s := newSixelImages(t, g.load)
	bs := entryOf("x")
	ch := run(s.Sync(s.EntrySlots(nil, bs, 0, 40), nil, 40, Ref{}))
	<-g.started
	moved := s.EntrySlots(nil, bs, -1, 40) // its top row scrolled off
	s.Sync(moved, nil, 40, Ref{})
	if s.pending[s.sliceKey(moved[0], graphics.Sixel)] != nil {
		t.Fatal("a second job started for the slice while the image was still being decoded")
	}
	close(g.gate)
	for msg := range ch {
		if m, ok := msg.(encodedMsg); ok {
			s.Update(m)
			break
		}
	}
	feed(t, s, run(s.Sync(moved, nil, 40, Ref{})), 1) // the slice, from the kept frame
	if _, ok := s.cache.Get(s.sliceKey(moved[0], graphics.Sixel)); !ok {
		t.Fatal("the slice was not encoded after the first job")
	}
	if got := g.loaded(); len(got) != 1 {
		t.Fatalf("loaded %v: want the image once", got)
	}
}

// TestEvictedSixelIsCutFromItsFrame: a whole sixel image that left the
// encode cache is encoded again from its kept frame, without loading or
// decoding the picture: that is what lets the cache stay small.
func TestEvictedSixelIsCutFromItsFrame(t *testing.T) {
	g := newGatedStore(t, false)
	s := newSixelImages(t, g.load)
	bs := entryOf("x")
	slots := s.EntrySlots(nil, bs, 0, 40)
	feed(t, s, run(s.Sync(slots, nil, 40, Ref{})), 1)
	full := s.sliceKey(slots[0], graphics.Sixel)
	want, ok := s.cache.Get(full)
	if !ok || s.frames.get(fullKey(full)) == nil {
		t.Fatal("the first encode kept no sixel or no frame")
	}
	cmd, _ := s.startJob([]graphics.Key{full}, 0, false) // as after an eviction
	msg := cmd().(encodedMsg)
	if msg.err != nil || len(msg.out) != 1 || msg.out[0].r.Seq != want.Seq {
		t.Fatalf("re-encode from the frame: err %v, %d results, same sixel %v", msg.err, len(msg.out), len(msg.out) == 1 && msg.out[0].r.Seq == want.Seq)
	}
	if got := g.loaded(); len(got) != 1 {
		t.Fatalf("loaded %v: the re-encode loaded the picture again", got)
	}
}
