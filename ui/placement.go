package ui

import (
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

// placed is an image written (or to be written) at a screen cell.
type placed struct {
	row, col int
	key      graphics.Key
}

// placer tracks the sixel/iTerm2 images on the terminal. want is what the
// current screen needs, drawn what was last written. Pixels over cells the
// renderer thinks are unchanged are never repainted by it, so when an
// image moves or goes away, the placer asks for tea.ClearScreen (a full
// repaint by the renderer, which erases graphics too) before drawing the
// new set; new images alone are just added.
type placer struct {
	want, drawn []placed
	changedAt   time.Time
	pending     bool
	gen         int
	now         func() time.Time
}

// update records what the screen needs now and returns the timer Cmd when
// the terminal is not showing it yet.
func (p *placer) update(want []placed) tea.Cmd {
	if !samePlaced(want, p.want) {
		p.want = want
		p.changedAt = p.now()
	}
	if samePlaced(p.want, p.drawn) || p.pending {
		return nil
	}
	return p.schedule(placeDelay)
}

func (p *placer) schedule(d time.Duration) tea.Cmd {
	p.pending = true
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
func (p *placer) handle(msg placeMsg, s *imageState) tea.Cmd {
	if msg.gen != p.gen {
		return nil
	}
	p.pending = false
	if samePlaced(p.want, p.drawn) {
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
		if containsPlaced(p.drawn, w) {
			continue // still on screen, untouched
		}
		if r, ok := s.cache.Get(w.key); ok {
			ps = append(ps, termimg.Placement{Row: w.row, Col: w.col, Seq: r.Seq})
		}
	}
	p.drawn = append([]placed(nil), p.want...)
	if seq := termimg.PlaceAll(ps); seq != "" {
		return tea.Raw(seq)
	}
	return nil
}

// syncImages runs after every Update: it works out which images the screen
// shows, starts their encodes and schedules their placement.
func (m *Model) syncImages() tea.Cmd {
	s := m.img
	var slots []slot
	switch {
	case s.viewer != nil:
		slots = s.viewerSlots(m.width, m.height)
	case !m.dialogs.IsOpen():
		slots = visibleSlots(&m.transcript, m.draw)
	default:
		for _, sl := range m.dialogs.Slots(m.width, m.dialogHeight()) {
			slots = append(slots, dialogSlot(sl))
		}
	}
	cmds := s.ensureEncodes(slots)
	cmds = append(cmds, s.placer.update(s.placements(slots, m.height)))
	return tea.Batch(cmds...)
}

// placements are the sixel/iTerm2 writes the slots need, for those whose
// encode is ready; one never reaches the last screen row, where writing an
// image would scroll the screen.
func (s *imageState) placements(slots []slot, height int) []placed {
	p := s.protocol()
	if p != graphics.Sixel && p != graphics.ITerm2 {
		return nil
	}
	var out []placed
	for _, sl := range slots {
		if sl.count == 0 || sl.row < 0 || sl.row+sl.count > height-1 {
			continue
		}
		k := s.sliceKey(sl, p)
		if _, ok := s.cache.Get(k); ok {
			out = append(out, placed{row: sl.row, col: sl.col, key: k})
		}
	}
	return out
}

// staleAfter reports whether an image drawn before is not drawn at the
// same place in next: its pixels must be cleared.
func staleAfter(drawn, next []placed) bool {
	for _, d := range drawn {
		if !containsPlaced(next, d) {
			return true
		}
	}
	return false
}

func containsPlaced(ps []placed, x placed) bool {
	for _, p := range ps {
		if p == x {
			return true
		}
	}
	return false
}

func samePlaced(a, b []placed) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
