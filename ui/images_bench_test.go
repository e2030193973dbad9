package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/graphics"
)

// BenchmarkImageScrollStep measures the UI goroutine's work for one wheel
// step with 10 sixel images in view, their encodes cached: Update (which
// finds the visible images and schedules placement), View, and building
// the placement write. Encoding itself runs in Cmds and is not counted.
func BenchmarkImageScrollStep(b *testing.B) {
	store := blobs{}
	var msgs []session.Message
	for i := range 14 {
		blob := fmt.Sprintf("img%d", i)
		store[blob] = redPNG(b, 160, 48) // 20×3 cells
		msgs = append(msgs, imageMsg(fmt.Sprintf("picture %d", i), blob, 160, 48))
	}
	m := newImageModel(b, graphics.Sixel, store, 120, 80, msgs...)
	d := newImgDriver(b, m)
	d.settle()
	// Cache the slices scrolling produces too.
	for _, dir := range []tea.MouseButton{tea.MouseWheelUp, tea.MouseWheelDown} {
		d.send(tea.MouseWheelMsg{Button: dir})
		d.settle()
	}
	if n := len(m.chat.Slots()); n < 10 {
		b.Fatalf("%d images in view, want ≥ 10", n)
	}
	wheel := []tea.MouseWheelMsg{{Button: tea.MouseWheelUp}, {Button: tea.MouseWheelDown}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Update(wheel[i%2])
		_ = m.View()
		if m.img.PlacementSeq() == "" {
			b.Fatal("nothing placed")
		}
	}
}

// imagesIdle reports whether no encode is pending and the terminal shows
// what the screen needs.
func imagesIdle(m *Model) bool {
	return m.img.Idle()
}
