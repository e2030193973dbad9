package chat

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/images"
	"parley/ui/transcript"
)

// This file is the transcript's one media selection: Tab/Shift+Tab (and
// Alt+↑/↓) move over every image and voice note in the order they are
// drawn. The selected item is kept as either c.imgSel (an image) or
// the voice notes' Selected (a voice note), never both, so the drawing
// and the kind-specific keys (here, ui/voice) each read their own half.
// It is the chat's, not ui/images': it is one selection across two
// components' media, over the chat's entries.

// imageRef names one image of the transcript: the entry and the index of
// the image among its blocks.
type imageRef struct {
	e  *Entry
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
func reveal(t *transcript.Model[*Entry], d *draw, r imageRef) {
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
	e     *Entry
	i     int
	voice bool
}

// allMedia lists the transcript's images and voice notes in the order
// they appear on screen: an entry draws its images, then its voice notes.
// A placeholder's are counted from its header (lazy.go): the selection
// can step onto them, and loads their page first.
func allMedia(entries []*Entry) []mediaRef {
	var out []mediaRef
	for _, e := range entries {
		if e.kind != transcript.KindMessage {
			continue
		}
		imgs, voices := len(session.PartsOf[session.Image](e.msg)), len(session.PartsOf[session.Audio](e.msg))
		if e.pending {
			imgs, voices = e.guess.Images, e.guess.Audio
		}
		for i := range imgs {
			out = append(out, mediaRef{e: e, i: i})
		}
		for i := range voices {
			out = append(out, mediaRef{e: e, i: i, voice: true})
		}
	}
	return out
}

// mediaSel is the current selection, whichever kind it is.
func mediaSel(img imageRef, voice VoiceRef) (mediaRef, bool) {
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
func (c *Chat) selectMedia(r mediaRef, ok bool) {
	c.imgSel = imageRef{}
	c.selectVoice(VoiceRef{})
	if !ok {
		return
	}
	if r.voice {
		c.selectVoice(VoiceRef{e: r.e, i: r.i, ok: true})
		revealEntry(&c.list, c.draw, r.e)
		return
	}
	c.imgSel = imageRef{e: r.e, i: r.i, ok: true}
	reveal(&c.list, c.draw, c.imgSel)
}

// selectVoice makes r (or nothing) the transcript's selected voice note
// and redraws both entries.
func (c *Chat) selectVoice(r VoiceRef) {
	if c.opts.Voice == nil {
		return
	}
	c.opts.Voice.Select(r).Redraw()
	r.Redraw()
}

// ClearMedia drops the media selection of either kind.
func (c *Chat) ClearMedia() { c.selectMedia(mediaRef{}, false) }

// MoveMedia selects the next (dir > 0) or previous image or voice note;
// from no selection both start at the newest, and moving past the newest
// ends the selection. One in a placeholder is selected once its page has
// loaded (a "loading that message…" notice meanwhile).
func (c *Chat) MoveMedia(dir int) Outcome {
	all := allMedia(c.list.Entries())
	if len(all) == 0 {
		return say("no images or voice notes in this conversation", false)
	}
	var vs VoiceRef
	if c.opts.Voice != nil {
		vs, _ = c.opts.Voice.Selected()
	}
	sel, has := mediaSel(c.imgSel, vs)
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
		c.ClearMedia()
		return Outcome{}
	default:
		cur = max(cur+dir, 0)
	}
	if out, ok := c.loaded(all[cur].e, afterPage{media: &all[cur]}); !ok {
		return out // lazy.go: a placeholder's page first, then landMedia
	}
	c.selectMedia(all[cur], true)
	return Outcome{}
}

// revealEntry scrolls so e's last lines (its voice notes) are in view,
// unless e is already wholly visible.
func revealEntry(t *transcript.Model[*Entry], d *draw, e *Entry) {
	for v := range t.Visible {
		if v.Entry == e && v.Row >= 0 && v.Row+v.Height <= t.Height() {
			return
		}
	}
	for i, x := range t.Entries() {
		if x == e {
			t.ShowAt(i, d.Height(e, t.Width())-t.Height())
			return
		}
	}
}

// Slots are the image parts in view; it only walks the visible
// entries, whose layout is cached.
func (c *Chat) Slots() []images.Slot { return visibleSlots(&c.list, c.draw.imgs) }

// NearSlots are the images within a screen of the view, above and below
// it, whole: ui/images encodes them after those in view, so a scroll step
// shows them (their thumbnails, at least) in its first frame.
func (c *Chat) NearSlots() []images.Slot {
	var out []images.Slot
	for v := range c.list.Near(c.list.Height()) {
		out = c.draw.imgs.NearSlots(out, &v.Entry.blocks)
	}
	return out
}

// visibleSlots lists the image parts of t in view.
func visibleSlots(t *transcript.Model[*Entry], s Images) []images.Slot {
	var out []images.Slot
	for v := range t.Visible {
		out = s.EntrySlots(out, &v.Entry.blocks, v.Row, t.Height())
	}
	return out
}

// MediaRef is the selected image as ui/images draws it (none when a
// voice note or nothing is selected).
func (c *Chat) MediaRef() images.Ref { return c.imgSel.blocksRef() }

// SelectedImage is the selected image, if one is.
func (c *Chat) SelectedImage() (session.Image, bool) { return selectedImage(c.imgSel) }

// MediaFocus is what the media keys need of the rest of the screen: a
// dialog open, the composer empty, a chip selected (then typing, or the
// chip, owns the keys), whether a tray chip holds an image's blob.
type MediaFocus struct {
	DialogOpen, ComposerEmpty, ChipSelected bool
	Attached                                func(blob string) bool
}

// HandleMediaKey is the image layer of the key precedence: with an empty
// composer, tab/shift+tab move the selection over the transcript's images
// and voice notes, enter or o opens a selected image in the viewer, s, c
// and a act on it; esc drops the selection.
func (c *Chat) HandleMediaKey(msg tea.KeyPressMsg, f MediaFocus) (Outcome, bool) {
	if f.DialogOpen || !f.ComposerEmpty || f.ChipSelected {
		// A selected tray chip owns enter (inspect); typing owns the rest.
		return Outcome{}, false
	}
	k, sel := c.keys.Media, c.imgSel.ok
	switch {
	case key.Matches(msg, k.Next):
		return c.MoveMedia(+1), true
	case key.Matches(msg, k.Prev):
		return c.MoveMedia(-1), true
	case sel && key.Matches(msg, k.Open):
		if img, ok := selectedImage(c.imgSel); ok {
			c.draw.imgs.Open(img)
		}
	case sel && key.Matches(msg, k.Save, k.Copy, k.Attach):
		return c.imageAction(msg, f.Attached), true
	case sel && !c.stream.Busy() && key.Matches(msg, c.keys.Deselect):
		c.imgSel = imageRef{}
	default:
		// Typing a message ends the selection; space is a selected voice
		// note's play key (ui/voice) and keeps it.
		if msg.Text != "" && !(c.opts.Voice != nil && c.opts.Voice.HasSelection() && key.Matches(msg, c.keys.PlayPause)) {
			c.ClearMedia()
		}
		return Outcome{}, false
	}
	return Outcome{}, true
}

// imageAction runs s (the save dialog), c (export a copy and copy its
// path, ui/images) or a (attach it to the next message, or /image) on the
// selected image.
func (c *Chat) imageAction(msg tea.KeyPressMsg, attached func(string) bool) Outcome {
	img, ok := selectedImage(c.imgSel)
	if !ok {
		return Outcome{}
	}
	k, st := c.keys.Media, c.opts.Store
	const notKept = "this image's bytes were not kept (no history store)"
	switch {
	case key.Matches(msg, k.Save) && img.Blob == "":
		return say(notKept, true)
	case key.Matches(msg, k.Save):
		return Outcome{SaveImage: &img}
	case key.Matches(msg, k.Copy) && (st == nil || st.BlobPath(img.Blob) == ""):
		return say("this image has no file: it was not stored (no history store)", true)
	case key.Matches(msg, k.Copy):
		return Outcome{Cmd: images.Export(st, img)}
	case img.Partial: // a: attach
		return say("wait for the finished image to attach it", true)
	case img.Blob == "":
		return say(notKept, true)
	case attached != nil && attached(img.Blob):
		return say(img.Name+" is attached already", false)
	}
	out := say("attached "+img.Name+": say what to change, then enter (or /image PROMPT)", false)
	out.Attach, out.Relabel = []session.Part{img}, true
	return out
}
