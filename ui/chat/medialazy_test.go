package chat

import (
	"strings"
	"testing"

	"parley/session"
)

// addMedia adds parts to message at of conv's branch.
func addMedia(t *testing.T, s *session.Store, conv int64, at int, parts ...session.Part) {
	t.Helper()
	c, err := s.Conversation(conv)
	if err != nil {
		t.Fatal(err)
	}
	m := c.Messages[at]
	m.Parts = append(m.Parts, parts...)
	if err := s.UpdateMessage(&m); err != nil {
		t.Fatal(err)
	}
}

// Moving the media selection onto an image or a voice note of a
// placeholder loads its page ("loading that message…"), then the
// selection lands on it, in view.
func TestMediaSelectionLoadsAPlaceholder(t *testing.T) {
	s, conv := lazyStore(t, 120)
	sha, err := s.PutBlob([]byte("\x89PNG not decoded by the fake pipeline"))
	if err != nil {
		t.Fatal(err)
	}
	addMedia(t, s, conv, 2, session.Image{Blob: sha, MIME: "image/png", Name: "early.png", Width: 8, Height: 8},
		session.Audio{Blob: sha, MIME: "audio/wav", Name: "early.wav"})
	addMedia(t, s, conv, 110, session.Image{Blob: sha, MIME: "image/png", Name: "late.png", Width: 8, Height: 8})
	h := openLazy(t, s, conv)
	early := h.c.Entries()[2]
	if !early.pending {
		t.Fatal("message 3 is loaded already: the test shows nothing")
	}
	h.apply(h.c.MoveMedia(+1)) // from none: the newest, loaded
	if img, ok := h.c.SelectedImage(); !ok || img.Name != "late.png" {
		t.Fatalf("tab selects %q (%v), want late.png", img.Name, ok)
	}
	out := h.apply(h.c.MoveMedia(-1)) // back: the placeholder's voice note
	if !strings.Contains(out.Notice, "loading that message") || out.IsErr {
		t.Fatalf("stepping onto a placeholder says %q", out.Notice)
	}
	h.until("the voice note selected", func() bool { return h.voice.sel.ok })
	if v := h.voice.sel; v.e != early || v.i != 0 || early.pending || h.c.ImageSelected() {
		t.Fatalf("selected voice note %+v (pending %v, image selected %v), want early.wav's", v, early.pending, h.c.ImageSelected())
	}
	if row, ok := h.c.rowOf(early); !ok {
		t.Errorf("the selected voice note's message is not in view (row %d)", row)
	}
	if last := h.outs[len(h.outs)-1]; !last.SetNotice || last.Notice != "" {
		t.Errorf("the loading notice stays: %+v", last)
	}
	h.apply(h.c.MoveMedia(-1)) // loaded now: the image before it, at once
	if img, ok := h.c.SelectedImage(); !ok || img.Name != "early.png" || h.voice.sel.ok {
		t.Errorf("shift+tab selects %q (%v), voice %v; want early.png alone", img.Name, ok, h.voice.sel.ok)
	}
}
