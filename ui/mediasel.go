package ui

import (
	"parley/session"
	"parley/ui/images"
	"parley/ui/transcript"
)

// This file is the transcript's one media selection: Tab/Shift+Tab (and
// Alt+↑/↓) move over every image and voice note in the order they are
// drawn. The selected item is kept as either m.imgSel (an image) or
// m.voice.Selected() (a voice note), never both, so the drawing and the
// kind-specific keys (images.go, ui/voice) each read their own half.
// It stays in the root, not in ui/images: it is one selection across two
// components' media, over the root's entries.
// imageRef names one image of the transcript: the entry and the index of
// the image among its blocks.
type imageRef struct {
	e  *entry
	i  int
	ok bool
}

// blocksRef is r as ui/images names it, for drawing the selection.
func (r imageRef) blocksRef() images.Ref {
	if !r.ok {
		return images.Ref{}
	}
	return images.Ref{Blocks: &r.e.blocks, I: r.i}
}

// selectedImage is the image part r names.
func selectedImage(r imageRef) (session.Image, bool) {
	if !r.ok {
		return session.Image{}, false
	}
	imgs := session.PartsOf[session.Image](r.e.msg)
	if r.i >= len(imgs) {
		return session.Image{}, false
	}
	return imgs[r.i], true
}

// reveal scrolls so the image's top is in view, unless it is visible.
func reveal(t *entryList, d *drawCtx, r imageRef) {
	for _, sl := range visibleSlots(t, d.imgs) {
		if sl.Ref == r.blocksRef() && sl.Count > 0 && sl.First == 0 {
			return
		}
	}
	for i, e := range t.Entries() {
		if e != r.e {
			continue
		}
		e.height(t.Width(), d) // lays the entry out, so its blocks are known
		if r.i < e.blocks.Len() {
			t.ShowAt(i, e.blocks.At(r.i).Line-1)
		}
		return
	}
}

// mediaRef names one image or voice note of the transcript; voice says
// which, and i counts among that kind's parts of the entry.
type mediaRef struct {
	e     *entry
	i     int
	voice bool
}

// allMedia lists the transcript's images and voice notes in the order
// they appear on screen: an entry draws its images, then its voice notes.
func allMedia(entries []*entry) []mediaRef {
	var out []mediaRef
	for _, e := range entries {
		if e.kind != transcript.KindMessage {
			continue
		}
		for i := range session.PartsOf[session.Image](e.msg) {
			out = append(out, mediaRef{e: e, i: i})
		}
		for i := range session.PartsOf[session.Audio](e.msg) {
			out = append(out, mediaRef{e: e, i: i, voice: true})
		}
	}
	return out
}

// mediaSel is the current selection, whichever kind it is.
func mediaSel(img imageRef, voice voiceRef) (mediaRef, bool) {
	if s := img; s.ok {
		return mediaRef{e: s.e, i: s.i}, true
	}
	if s := voice; s.ok && s.e != nil {
		return mediaRef{e: s.e, i: s.i, voice: true}, true
	}
	return mediaRef{}, false
}

// selectMedia makes r (or nothing, when ok is false) the one selection,
// dropping the other kind's, and scrolls it into view.
func (m *Model) selectMedia(r mediaRef, ok bool) {
	m.imgSel = imageRef{}
	selectVoice(m.voice, voiceRef{})
	if !ok {
		return
	}
	if r.voice {
		selectVoice(m.voice, voiceRef{e: r.e, i: r.i, ok: true})
		revealEntry(&m.transcript, m.draw, r.e)
		return
	}
	m.imgSel = imageRef{e: r.e, i: r.i, ok: true}
	reveal(&m.transcript, m.draw, m.imgSel)
}

// clearMediaSelection drops the selection of either kind.
func (m *Model) clearMediaSelection() { m.selectMedia(mediaRef{}, false) }

// moveMediaSelection selects the next (dir > 0) or previous media item;
// from no selection both start at the newest, and moving past the newest
// ends the selection.
func (m *Model) moveMediaSelection(dir int) {
	all := allMedia(m.transcript.Entries())
	if len(all) == 0 {
		m.tray.SetNotice("no images or voice notes in this conversation", false)
		m.layout()
		return
	}
	vs, _ := m.voice.Selected()
	sel, has := mediaSel(m.imgSel, vs)
	cur := -1
	for i, r := range all {
		if has && r == sel {
			cur = i
		}
	}
	switch {
	case cur < 0:
		cur = len(all) - 1
	case cur+dir >= len(all):
		m.clearMediaSelection()
		return
	default:
		cur = max(cur+dir, 0)
	}
	m.selectMedia(all[cur], true)
}
