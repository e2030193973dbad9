package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/imagegen/imagegentest"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/images"
)

// TestCancelledImageCaption: after Esc the partial image on show is
// captioned as a cancelled partial, not "generating image…" forever, in
// the plain caption and in the selected one.
func TestCancelledImageCaption(t *testing.T) {
	st := openStore(t)
	g := &imagegentest.Generator{Events: imagegentest.Stages(providertest.SolidPNG(t, 16, 8, red), providertest.SolidPNG(t, 16, 8, green), providertest.SolidPNG(t, 32, 16, blue)),
		Step: make(chan struct{})}
	m := newGenModel(t, st, &providertest.Provider{}, g, Options{})
	d := newGenDriver(t, m)
	d.typeText("/image a slow picture")
	d.press(tea.KeyEnter)
	reply := lastEntry(t, m)
	d.until("partial 1", func() bool { return len(imageBlocks(m, reply)) == 1 })
	if v := plainView(m); !strings.Contains(v, "generating image… · 16×8") {
		t.Fatalf("while streaming the caption is not live:\n%s", v)
	}
	d.press(tea.KeyEscape)
	want := "cancelled · partial image · 16×8 · openai/gpt-image-1"
	v := plainView(m)
	if !strings.Contains(v, want) || strings.Contains(v, "generating image") {
		t.Errorf("after esc, want %q:\n%s", want, v)
	}
	d.press(tea.KeyTab) // select it: the selected caption says the same
	if v := plainView(m); !m.chat.ImageSelected() || !strings.Contains(v, want) {
		t.Errorf("selected (%v), want %q:\n%s", m.chat.ImageSelected(), want, v)
	}
	m.chat.Wait(5 * time.Second)
}

// TestFailedImageCaption: a generation that fails after a partial keeps it
// and captions it as failed, with the provider's reason on the reply.
func TestFailedImageCaption(t *testing.T) {
	st := openStore(t)
	g := &imagegentest.Generator{Events: imagegentest.Stages(providertest.SolidPNG(t, 16, 8, red), nil, nil)[:1],
		Err: providers.Errorf(providers.ErrBadRequest, 400, nil, "Your request was rejected by the safety system")}
	m := newGenModel(t, st, &providertest.Provider{}, g, Options{})
	d := newGenDriver(t, m)
	d.typeText("/image something")
	d.press(tea.KeyEnter)
	reply := lastEntry(t, m)
	d.until("the failure", func() bool { return !m.chat.Busy() })
	if reply.Message().Status != session.StatusError {
		t.Fatalf("status %s", reply.Message().Status)
	}
	if v := plainView(m); !strings.Contains(v, "failed · partial image · 16×8") || !strings.Contains(v, "safety system") {
		t.Errorf("want the failed partial and the reason:\n%s", v)
	}
	m.chat.Wait(5 * time.Second)
}

// TestStageChangeKeepsPreviousImage: when the next partial arrives, its
// encode takes at least a frame; until then the previous stage stays on
// screen in its place instead of blank rows, and the new stage replaces
// it as soon as it is encoded.
func TestStageChangeKeepsPreviousImage(t *testing.T) {
	st := openStore(t)
	p1, p2, final := providertest.SolidPNG(t, 16, 16, red), providertest.SolidPNG(t, 16, 16, green), providertest.SolidPNG(t, 16, 16, blue)
	g := &imagegentest.Generator{Events: imagegentest.Stages(p1, p2, final), Step: make(chan struct{})}
	m := newGenModel(t, st, &providertest.Provider{}, g, Options{})
	d := newGenDriver(t, m)
	d.typeText("/image a square")
	d.press(tea.KeyEnter)
	reply := lastEntry(t, m)
	slotOf := func() images.Slot {
		for _, sl := range m.chat.Slots() {
			if sl.Ref.Blocks == reply.ImageBlocks() {
				return sl
			}
		}
		t.Fatalf("the image is not visible:\n%s", plainView(m))
		return images.Slot{}
	}
	drawn := func(data []byte) func() bool {
		return func() bool {
			b := imageBlocks(m, reply)
			return len(b) == 1 && b[0].Img.Blob == shaOf(data) && m.img.Drawable(b[0])
		}
	}
	d.until("partial 1 drawn", drawn(p1))
	for i, next := range [][]byte{p2, final} {
		prev := imageBlocks(m, reply)[0].Img.Blob
		g.Step <- struct{}{}
		// Stop at the Update that brought the new stage: its encode was
		// started by that Update, so it cannot have come back yet.
		d.until("the new stage", func() bool { return imageBlocks(m, reply)[0].Img.Blob == shaOf(next) })
		sl := slotOf()
		if sl.B.Img.Blob != prev || sl.Next().Img.Blob != shaOf(next) {
			t.Fatalf("stage %d: slot draws %.8s (next %.8s), want the previous stage %.8s standing in",
				i+2, sl.B.Img.Blob, sl.Next().Img.Blob, prev)
		}
		if v := plainView(m); !strings.Contains(v, "▀") {
			t.Fatalf("stage %d: the image went blank while encoding:\n%s", i+2, v)
		}
		d.until("the new stage drawn", drawn(next))
		if sl := slotOf(); sl.B.Img.Blob != shaOf(next) || sl.Next().Rows != 0 {
			t.Errorf("stage %d encoded, yet the slot still draws %.8s", i+2, sl.B.Img.Blob)
		}
	}
	d.until("the end", func() bool { return !m.chat.Busy() })
	m.chat.Wait(5 * time.Second)
}

// TestStandInNeedsSameSize: a stage of another size in cells does not
// stand in (its rows would not line up); the new one shows when encoded.
func TestStandInNeedsSameSize(t *testing.T) {
	st := openStore(t)
	p1, p2 := providertest.SolidPNG(t, 16, 16, red), providertest.SolidPNG(t, 64, 32, green)
	g := &imagegentest.Generator{Events: imagegentest.Stages(p1, p2, p2), Step: make(chan struct{})}
	m := newGenModel(t, st, &providertest.Provider{}, g, Options{})
	d := newGenDriver(t, m)
	d.typeText("/image a square")
	d.press(tea.KeyEnter)
	reply := lastEntry(t, m)
	d.until("partial 1 drawn", func() bool {
		b := imageBlocks(m, reply)
		return len(b) == 1 && m.img.Drawable(b[0])
	})
	g.Step <- struct{}{}
	d.until("partial 2", func() bool { return imageBlocks(m, reply)[0].Img.Blob == shaOf(p2) })
	for _, sl := range m.chat.Slots() {
		if sl.Ref.Blocks == reply.ImageBlocks() && (sl.Next().Rows != 0 || sl.B.Img.Blob != shaOf(p2)) {
			t.Errorf("a %d×%d stage stood in for a %d×%d one", sl.B.Cols, sl.B.Rows, sl.Next().Cols, sl.Next().Rows)
		}
	}
	g.Step <- struct{}{}
	d.until("the end", func() bool { return !m.chat.Busy() })
	m.chat.Wait(5 * time.Second)
}
