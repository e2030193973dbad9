package images

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/termimg"
	"parley/ui/graphics"
)

// placeDelay is how long the layout must stay unchanged before sixel and
// iTerm2 images are written.
//
// Why a delay: Bubble Tea v2.1.1 writes in two steps on every frame tick
// (tea.go startRenderer): first p.flush() sends what tea.Raw queued
// (RawMsg → p.execute → outputBuf), then renderer.flush() sends the frame
// View() produced. A tea.Raw returned together with the View change that
// reserved the cells would therefore reach the terminal BEFORE that frame,
// and the frame would paint the (changed) reserved cells over the image.
// The frame of a View is flushed at the first tick after Update (60 fps:
// ≤ 17 ms). Writing the placement only once the layout has been quiet for
// three frame intervals, from an Update that changes nothing on screen
// (so its own frame is empty), puts the image after the frame that
// reserved its cells.
const placeDelay = 50 * time.Millisecond

// placeMsg is the placement timer; gen drops superseded timers.
type placeMsg struct{ gen int }

func (placeMsg) imagesMsg() {}

// placed is an image written (or to be written) at a screen cell.
type placed struct {
	row, col int
	key      graphics.Key
	// selected is whether Overlay draws the selection bar left of the
	// image's rows (gutter). The rows' text changes with it, and the
	// renderer rewrites those rows: a row that became blank it clears to
	// the end of the line (EL), which erases the image's pixels there too.
	// So a placement that differs only in selected is written again, in
	// place, after that frame (the image has not moved: no ClearScreen).
	selected bool
}

// sameCells reports whether p and q are the same image at the same cells,
// whatever is drawn beside them.
func (p placed) sameCells(q placed) bool { return p.row == q.row && p.col == q.col && p.key == q.key }

// placer tracks the sixel/iTerm2 images on the terminal. want is what the
// current screen needs, drawn what was last written, shown what the frame
// draws in the images' cells. Pixels over cells the renderer thinks are
// unchanged are never repainted by it, so when an image moves or goes
// away, the placer asks for tea.ClearScreen (a full repaint by the
// renderer, which erases graphics too) with that very frame; new images
// are just added once the frame under them has been quiet for placeDelay,
// and one whose rows the frame rewrote around it (placed.selected) is
// written again in place.
type placer struct {
	want, drawn []placed
	shown       []cells
	changedAt   time.Time
	pending     bool
	due         time.Time // when the pending timer fires
	gen         int
	now         func() time.Time
}

// cells is what the frame draws in one image slot's cells. Only a change
// of it needs the quiet period: an encode becoming ready where blank
// cells were reserved for it changes nothing on screen, so its placement
// need not wait for a frame.
type cells struct {
	row, col int
	key      graphics.Key
	selected bool
	thumb    bool // the half-block thumbnail, not blanks
}

// update records what the screen needs now and returns the Cmds that
// bring the terminal there: a ClearScreen at once when an image drawn
// before has moved or gone (stale pixels would sit over the new text
// until the layout settles, and the placement would wait a second quiet
// period behind the clear), and the timer when a placement is due.
func (p *placer) update(want []placed, shown []cells) tea.Cmd {
	if !slices.Equal(shown, p.shown) {
		p.shown = shown
		p.changedAt = p.now()
	}
	p.want = want
	var clear tea.Cmd
	if staleAfter(p.drawn, want) {
		p.erased()
		clear = tea.ClearScreen
	}
	if slices.Equal(p.want, p.drawn) || p.pending {
		return clear
	}
	return tea.Batch(clear, p.schedule(placeDelay-p.now().Sub(p.changedAt)))
}

// schedule starts the placement timer, at least a millisecond away: the
// placement is written from its own Update, after this one's frame.
func (p *placer) schedule(d time.Duration) tea.Cmd {
	d = max(d, time.Millisecond)
	p.pending, p.due = true, p.now().Add(d)
	p.gen++
	gen := p.gen
	return tea.Tick(d, func(time.Time) tea.Msg { return placeMsg{gen: gen} })
}

// erased notes that the renderer cleared the screen (resize): nothing is
// drawn any more.
func (p *placer) erased() {
	p.drawn = nil
	p.changedAt = p.now()
}

// handle writes the placements once the layout has been quiet long enough:
// a ClearScreen first when an image drawn before has moved or gone.
func (p *placer) handle(msg placeMsg, cache *graphics.Cache) tea.Cmd {
	if msg.gen != p.gen {
		return nil
	}
	p.pending = false
	if slices.Equal(p.want, p.drawn) {
		return nil
	}
	if wait := placeDelay - p.now().Sub(p.changedAt); wait > 0 {
		return p.schedule(wait)
	}
	if staleAfter(p.drawn, p.want) {
		p.erased()
		return tea.Batch(tea.ClearScreen, p.schedule(placeDelay))
	}
	var ps []termimg.Placement
	for _, w := range p.want {
		if slices.Contains(p.drawn, w) {
			continue // still on screen, its rows untouched
		}
		if r, ok := cache.Get(w.key); ok {
			ps = append(ps, termimg.Placement{Row: w.row, Col: w.col, Seq: r.Seq})
		}
	}
	p.drawn = append([]placed(nil), p.want...)
	if seq := termimg.PlaceAll(ps); seq != "" {
		return tea.Raw(seq)
	}
	return nil
}

// Sync runs after every Update with the slots the screen shows now (of
// the transcript, the viewer or a dialog) in a screen height rows tall,
// and the selected image, as Overlay is given them, and the images just
// off screen (NearSlots; nil for none): it starts their encodes, those in
// view first, cancels those no longer wanted and schedules the placement
// of those in view.
func (s *Images) Sync(slots, near []Slot, height int, sel Ref) tea.Cmd {
	cmds := s.ensureEncodes(slots, near)
	cmds = append(cmds, s.placer.update(s.placements(slots, height, sel)))
	return tea.Batch(cmds...)
}

// Idle reports whether no encode is queued or running and the terminal
// shows the placements the screen needs (tests and benchmarks wait for
// it).
func (s *Images) Idle() bool {
	return len(s.pending) == 0 && !s.placer.pending && slices.Equal(s.placer.want, s.placer.drawn)
}

// InView reports whether every image in view at the last Sync stands at
// its final quality: encoded (or known broken) and, for sixel and iTerm2,
// placed. Encodes ahead of the view may still run (the scroll benchmark
// times a step by it).
func (s *Images) InView() bool {
	for _, k := range s.inView {
		if s.pending[k] != nil || s.missing(k) {
			return false
		}
	}
	return slices.Equal(s.placer.want, s.placer.drawn)
}

// Placed is what the terminal shows of the sixel and iTerm2 images: the
// keys drawn and their screen cells, for tests.
func (s *Images) Placed() []Placed {
	var out []Placed
	for _, p := range s.placer.drawn {
		out = append(out, Placed{Row: p.row, Col: p.col, Key: p.key})
	}
	return out
}

// Placed is one image written at a screen cell.
type Placed struct {
	Row, Col int
	Key      graphics.Key
}

// PlacementSeq is the write that would place every image the screen needs
// now, as the placer builds it (the scroll benchmark measures it).
func (s *Images) PlacementSeq() string {
	var ps []termimg.Placement
	for _, w := range s.placer.want {
		if r, ok := s.cache.Get(w.key); ok {
			ps = append(ps, termimg.Placement{Row: w.row, Col: w.col, Seq: r.Seq})
		}
	}
	return termimg.PlaceAll(ps)
}

// placements are the sixel/iTerm2 writes the slots need, for those whose
// encode is ready, sel being the selected image, and what the frame draws
// in the cells of every slot that could be placed; one never reaches the
// last screen row, where writing an image would scroll the screen.
func (s *Images) placements(slots []Slot, height int, sel Ref) ([]placed, []cells) {
	p := s.Protocol()
	if p != graphics.Sixel && p != graphics.ITerm2 {
		return nil, nil
	}
	// one allocation each: this runs after every Update
	out, shown := make([]placed, 0, len(slots)), make([]cells, 0, len(slots))
	for _, sl := range slots {
		if sl.Count == 0 || sl.Row < 0 || sl.Row+sl.Count > height-1 {
			continue
		}
		k := s.sliceKey(sl, p)
		c := cells{row: sl.Row, col: sl.Col, key: k, selected: sl.selectedBy(sel)}
		if _, ok := s.cache.Get(k); ok {
			out = append(out, placed{row: sl.Row, col: sl.Col, key: k, selected: c.selected})
		} else {
			_, c.thumb = s.cache.Get(s.key(sl.B, graphics.Blocks, 0, 0))
		}
		shown = append(shown, c)
	}
	return out, shown
}

// staleAfter reports whether an image drawn before is not drawn at the
// same place in next: its pixels must be cleared.
func staleAfter(drawn, next []placed) bool {
	for _, d := range drawn {
		if !slices.ContainsFunc(next, d.sameCells) {
			return true
		}
	}
	return false
}
