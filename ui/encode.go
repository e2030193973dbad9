package ui

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	xdraw "golang.org/x/image/draw"

	"parley/media/imaging"
	"parley/media/termimg"
	"parley/ui/graphics"
)

// encodeJob is one encode to run off the UI goroutine. Everything it needs
// is copied in when the job is made, so the Cmd touches no model state.
type encodeJob struct {
	key     graphics.Key
	load    func(sha string) ([]byte, error)
	frame   *termimg.SixelFrame // kept frame for a sixel slice, or nil
	kittyID uint32
	tmux    bool // wrap kitty/iTerm2 escapes for tmux
	mode    termimg.ColorMode
}

// encodedMsg is an encode's result, tagged with its key; a result whose
// cell size or protocol is no longer the current one is dropped.
type encodedMsg struct {
	key   graphics.Key
	r     graphics.Rendered
	frame *termimg.SixelFrame // the full sixel frame, to keep for slices
	err   error
}

// ensureEncodes starts the encodes the slots need and are neither cached
// nor in flight: the half-block preview first, then the protocol's own.
// For a slot still showing an image's previous stage it encodes the
// current one (slot.next), and it remembers what each slot now shows.
func (s *imageState) ensureEncodes(slots []slot) []tea.Cmd {
	p := s.protocol()
	if p == graphics.None {
		return nil
	}
	var cmds []tea.Cmd
	for _, sl := range slots {
		s.remember(sl)
		if sl.next.rows > 0 {
			sl.b = sl.next
		}
		if sl.b.rows == 0 || sl.count == 0 {
			continue
		}
		keys := []graphics.Key{s.key(sl.b, graphics.Blocks, 0, 0)}
		switch p {
		case graphics.Kitty:
			keys = append(keys, s.key(sl.b, p, 0, 0))
		case graphics.Sixel, graphics.ITerm2:
			keys = append(keys, s.sliceKey(sl, p))
		}
		for _, k := range keys {
			if cmd := s.startEncode(k); cmd != nil {
				cmds = append(cmds, cmd)
			}
		}
	}
	return cmds
}

// current is the slot's image as it is now (not the stage drawn for it
// while that one is encoded).
func (sl slot) current() imgBlock {
	if sl.next.rows > 0 {
		return sl.next
	}
	return sl.b
}

// drawable reports whether b has anything but blank rows to show now: its
// half-block preview, its kitty image in the terminal, or its sixel or
// iTerm2 encode.
func (s *imageState) drawable(b imgBlock) bool {
	p := s.protocol()
	if p == graphics.None || b.rows == 0 || b.img.Blob == "" {
		return false
	}
	if _, ok := s.cache.Get(s.key(b, graphics.Blocks, 0, 0)); ok {
		return true
	}
	switch p {
	case graphics.Kitty:
		return s.sent[s.key(b, p, 0, 0)]
	case graphics.Sixel, graphics.ITerm2:
		_, ok := s.cache.Get(s.key(b, p, 0, 0))
		return ok
	}
	return false
}

// remember records, on the slot's entry, the stage the slot has on screen
// once it has something to draw, for standIn. It runs after each Update
// (syncImages), never while drawing.
func (s *imageState) remember(sl slot) {
	cur, e := sl.current(), sl.ref.e
	if e == nil || !s.drawable(cur) {
		return
	}
	for len(e.shown) <= sl.ref.i {
		e.shown = append(e.shown, imgBlock{})
	}
	e.shown[sl.ref.i] = cur
}

// standIn returns what to draw for image bi of e, laid out as b. A new
// generation stage (a new blob in the same place) has nothing to draw
// until its encode comes back, at least one frame later; drawing blank
// rows meanwhile made the picture flicker at every stage. So while b has
// nothing to draw, the stage shown before is drawn in its place, with b
// as next, to encode. Only a stage of the same size in cells stands in
// (partial images of one generation share the final size), and only
// while it still has its own encode.
func (s *imageState) standIn(e *entry, bi int, b imgBlock) (draw, next imgBlock) {
	if s == nil || bi >= len(e.shown) {
		return b, imgBlock{}
	}
	prev := e.shown[bi]
	if prev.img.Blob == b.img.Blob || prev.cols != b.cols || prev.rows != b.rows ||
		s.drawable(b) || !s.drawable(prev) {
		return b, imgBlock{}
	}
	prev.line, prev.status = b.line, b.status
	return prev, b
}

// startEncode returns the Cmd for key k, or nil when it is cached or
// running already.
func (s *imageState) startEncode(k graphics.Key) tea.Cmd {
	if s.pending[k] || s.failed[k.Blob] != "" {
		return nil
	}
	if k.Protocol == graphics.Kitty && s.sent[k] {
		return nil
	}
	if _, ok := s.cache.Get(k); ok && k.Protocol != graphics.Kitty {
		return nil
	}
	s.pending[k] = true
	job := encodeJob{key: k, load: s.loader(k.Blob), mode: s.dec.BlockMode, tmux: s.dec.Passthrough}
	if k.Count > 0 {
		full := k
		full.First, full.Count = 0, 0
		job.frame = s.frames[full]
	}
	if k.Protocol == graphics.Kitty {
		job.kittyID = s.kittyID(k)
	}
	return func() tea.Msg { return job.run() }
}

// kittyID is the terminal image id of k, allocated once per key.
func (s *imageState) kittyID(k graphics.Key) uint32 {
	if id, ok := s.kittyIDs[k]; ok {
		return id
	}
	s.nextID++
	s.kittyIDs[k] = s.nextID
	return s.nextID
}

// handleEncoded stores a finished encode. A kitty image is transmitted
// now (its placeholders show it from the next frame); evicted kitty images
// are deleted in the terminal.
func (m *Model) handleEncoded(msg encodedMsg) tea.Cmd {
	s := m.img
	delete(s.pending, msg.key)
	if msg.err != nil {
		s.failed[msg.key.Blob] = msg.err.Error()
		m.imagesChanged() // the image becomes a chip saying why
		return nil
	}
	cw, ch := s.cell()
	if msg.key.CellW != cw || msg.key.CellH != ch {
		return nil // stale: the cell size changed while it ran
	}
	if msg.frame != nil {
		full := msg.key
		full.First, full.Count = 0, 0
		s.keepFrame(full, msg.frame)
	}
	r := msg.r
	var raw strings.Builder
	if msg.key.Protocol == graphics.Kitty {
		if msg.key.Protocol != s.protocol() {
			return nil
		}
		raw.WriteString(r.Seq)
		r.Seq = "" // in the terminal now; only the placeholders are kept
		s.sent[msg.key] = true
	}
	for _, k := range s.cache.Put(msg.key, r) {
		if k.Protocol == graphics.Kitty && s.sent[k] {
			raw.WriteString(termimg.KittyDelete(s.kittyIDs[k], s.dec.Passthrough))
			delete(s.sent, k)
			delete(s.kittyIDs, k)
		}
	}
	if raw.Len() == 0 {
		return nil
	}
	return tea.Raw(raw.String())
}

// keepFrame keeps a sixel frame for re-encoding slices, the oldest going
// first.
func (s *imageState) keepFrame(k graphics.Key, f *termimg.SixelFrame) {
	if _, ok := s.frames[k]; !ok {
		s.frameLRU = append(s.frameLRU, k)
	}
	s.frames[k] = f
	for len(s.frameLRU) > maxFrames {
		delete(s.frames, s.frameLRU[0])
		s.frameLRU = slices.Delete(s.frameLRU, 0, 1)
	}
}

// run does the encode. It only reads the job.
func (j encodeJob) run() encodedMsg {
	out := encodedMsg{key: j.key}
	k := j.key
	pxW, pxH := k.Cols*k.CellW, k.Rows*k.CellH
	if k.Protocol == graphics.Sixel && j.frame != nil {
		out.r.Seq = string(j.frame.EncodeRows(k.First, k.Count, k.CellH))
		return out
	}
	data, err := j.load(k.Blob)
	if err != nil {
		out.err = fmt.Errorf("image unavailable: %w", err)
		return out
	}
	img, _, err := imaging.Decode(data)
	if err != nil {
		out.err = fmt.Errorf("cannot show image: %w", err)
		return out
	}
	switch k.Protocol {
	case graphics.Blocks:
		out.r.Lines = strings.Split(termimg.HalfBlocks(img, k.Cols, k.Rows, j.mode), "\n")
	case graphics.Sixel:
		f := termimg.NewSixelFrame(img, pxW, pxH)
		if k.Count > 0 {
			out.r.Seq = string(f.EncodeRows(k.First, k.Count, k.CellH))
		} else {
			out.r.Seq = string(f.Encode())
		}
		out.frame = f
	case graphics.ITerm2:
		out.r.Seq = j.iterm2(img, pxW, pxH)
	case graphics.Kitty:
		out.r.Seq = termimg.KittyTransmit(j.kittyID, encodePNG(scaleTo(img, pxW, pxH)), k.Cols, k.Rows, j.tmux)
		out.r.Lines = termimg.KittyPlaceholders(j.kittyID, k.Cols, k.Rows)
	}
	return out
}

// iterm2 encodes the image (or its visible rows) as a PNG at its on-screen
// pixel size, so a huge original is not sent on every placement.
func (j encodeJob) iterm2(img image.Image, pxW, pxH int) string {
	k := j.key
	m := scaleTo(img, pxW, pxH)
	rows := k.Rows
	if k.Count > 0 {
		y0, y1 := k.First*k.CellH, min((k.First+k.Count)*k.CellH, pxH)
		m = m.SubImage(image.Rect(0, y0, pxW, y1)).(*image.RGBA)
		rows = k.Count
	}
	seq := termimg.ITerm2(encodePNG(m), k.Cols, rows)
	if j.tmux {
		seq = termimg.TmuxPassthrough(seq)
	}
	return seq
}

// scaleTo scales img to w×h pixels.
func scaleTo(img image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, img.Bounds(), xdraw.Src, nil)
	return dst
}

// encodePNG encodes m fast: it is sent to the terminal once and dropped.
func encodePNG(m image.Image) []byte {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	_ = enc.Encode(&buf, m) // a bytes.Buffer never fails
	return buf.Bytes()
}
