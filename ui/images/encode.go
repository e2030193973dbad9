package images

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"

	tea "charm.land/bubbletea/v2"
	xdraw "golang.org/x/image/draw"

	"parley/media/imaging"
	"parley/media/termimg"
	"parley/ui/graphics"
)

// job is one image's encodes, run off the UI goroutine: its half-block
// thumbnail and the protocol's encode, made from one decode. Everything
// it needs is copied in when it is made, so it touches no state of
// Images.
type job struct {
	keys    []graphics.Key // what to make, the thumbnail first
	load    func(sha string) ([]byte, error)
	frame   *termimg.SixelFrame // kept frame of a sixel, or nil
	kittyID uint32
	tmux    bool // wrap kitty/iTerm2 escapes for tmux
	mode    termimg.ColorMode
}

// encoded is one key's result.
type encoded struct {
	key graphics.Key
	r   graphics.Rendered
}

// encodedMsg is a job's outcome: its results, or why the image cannot be
// drawn, or that it was cancelled before it started. A result whose cell
// size or protocol is no longer the current one is dropped.
type encodedMsg struct {
	t         *ticket
	keys      []graphics.Key
	out       []encoded
	frame     *termimg.SixelFrame // the full sixel frame, to keep for slices
	err       error
	cancelled bool
}

func (encodedMsg) imagesMsg() {}

// wants are the keys a slot needs drawn: the thumbnail, then the
// protocol's own.
func (s *Images) wants(sl Slot, p graphics.Protocol) []graphics.Key {
	keys := []graphics.Key{s.key(sl.B, graphics.Blocks, 0, 0)}
	switch p {
	case graphics.Kitty:
		keys = append(keys, s.key(sl.B, p, 0, 0))
	case graphics.Sixel, graphics.ITerm2:
		keys = append(keys, s.sliceKey(sl, p))
	}
	return keys
}

// ensureEncodes starts the jobs the slots need and are neither cached nor
// queued, re-prioritises the queued ones still wanted and cancels the
// queued ones no slot wants any more. Those in view go first, the last
// slot (the newest image) first of all; then near, the images just off
// screen, nearest first, so a scroll step finds them ready. For a slot
// still showing an image's previous stage it encodes the current one,
// and it remembers what each slot in view now shows.
func (s *Images) ensureEncodes(slots, near []Slot) []tea.Cmd {
	p := s.Protocol()
	if p == graphics.None {
		return nil
	}
	s.prio++
	base := s.prio << 16
	wanted := map[*ticket]bool{}
	var cmds []tea.Cmd
	s.inView = s.inView[:0]
	for i, sl := range slots {
		s.remember(sl)
		cmds = s.ensure(cmds, sl, p, base+int64(i), false, wanted)
		if cur := sl.current(); cur.Rows > 0 && sl.Count > 0 {
			sl.B = cur
			s.inView = append(s.inView, s.wants(sl, p)...)
		}
	}
	// Work ahead waits until the view is complete: a job takes a worker
	// as soon as its Cmd runs, so started with the view's own jobs it
	// could hold the worker a slice in view needs.
	ahead := len(cmds) == 0 && !s.viewPending()
	for i, sl := range near {
		if ahead {
			cmds = s.ensure(cmds, sl, p, base-1-int64(i), true, wanted)
		} else {
			s.keep(sl, p, base-1-int64(i), wanted)
		}
	}
	for _, t := range s.pending {
		if !wanted[t] {
			s.pool.cancel(t) // no-op once it runs: its result is kept
		}
	}
	return cmds
}

// ensure queues (or re-prioritises) what one slot needs, marking its
// tickets wanted; ahead says the slot is off screen.
func (s *Images) ensure(cmds []tea.Cmd, sl Slot, p graphics.Protocol, prio int64, ahead bool, wanted map[*ticket]bool) []tea.Cmd {
	if sl.next.Rows > 0 {
		sl.B = sl.next
	}
	if sl.B.Rows == 0 || sl.Count == 0 {
		return cmds
	}
	var todo []graphics.Key
	keys := s.wants(sl, p)
	for _, k := range keys {
		if t := s.pending[k]; t != nil {
			s.pool.bump(t, prio, ahead)
			wanted[t] = true
		} else if s.missing(k) {
			todo = append(todo, k)
		}
	}
	// A job still making this image's thumbnail decodes it: what else the
	// slot needs (another slice, as it scrolls) waits for that job's
	// frame instead of decoding the image a second time beside it.
	if len(todo) > 0 && s.pending[keys[0]] == nil {
		cmd, t := s.startJob(todo, prio, ahead)
		wanted[t] = true
		cmds = append(cmds, cmd)
	}
	return cmds
}

// viewPending reports whether a key the view needs is still encoding.
func (s *Images) viewPending() bool {
	for _, k := range s.inView {
		if s.pending[k] != nil {
			return true
		}
	}
	return false
}

// keep marks the slot's queued or running tickets wanted, starting none.
func (s *Images) keep(sl Slot, p graphics.Protocol, prio int64, wanted map[*ticket]bool) {
	for _, k := range s.wants(sl, p) {
		if t := s.pending[k]; t != nil {
			s.pool.bump(t, prio, true)
			wanted[t] = true
		}
	}
}

// missing reports whether k must be encoded: not cached (a kitty image:
// not in the terminal) and the image not known to be broken.
func (s *Images) missing(k graphics.Key) bool {
	if s.failed[k.Blob] != "" {
		return false
	}
	if k.Protocol == graphics.Kitty {
		return !s.sent[k]
	}
	_, ok := s.cache.Get(k)
	return !ok
}

// startJob queues the job that makes keys and returns its Cmd, which
// waits for a worker, runs, and reports an encodedMsg.
func (s *Images) startJob(keys []graphics.Key, prio int64, ahead bool) (tea.Cmd, *ticket) {
	t := s.pool.newTicket(prio, ahead)
	j := job{keys: keys, load: s.loader(keys[0].Blob), mode: s.dec.BlockMode, tmux: s.dec.Passthrough}
	for _, k := range keys {
		s.pending[k] = t
		switch {
		case k.Protocol == graphics.Kitty:
			j.kittyID = s.kittyID(k)
		case k.Protocol == graphics.Sixel:
			j.frame = s.frames.get(fullKey(k))
		}
	}
	p := s.pool
	return func() tea.Msg {
		if !p.acquire(t) {
			return encodedMsg{t: t, keys: keys, cancelled: true}
		}
		defer p.release(t)
		msg := j.run()
		msg.t = t
		return msg
	}, t
}

// fullKey is the key of the whole image a slice key is part of.
func fullKey(k graphics.Key) graphics.Key {
	k.First, k.Count = 0, 0
	return k
}

// kittyID is the terminal image id of k, allocated once per key.
func (s *Images) kittyID(k graphics.Key) uint32 {
	if id, ok := s.kittyIDs[k]; ok {
		return id
	}
	s.nextID++
	s.kittyIDs[k] = s.nextID
	return s.nextID
}

// handleEncoded stores a finished job. A kitty image is transmitted now
// (its placeholders show it from the next frame); evicted kitty images
// are deleted in the terminal. relayout says an image became a chip.
func (s *Images) handleEncoded(msg encodedMsg) (cmd tea.Cmd, relayout bool) {
	for _, k := range msg.keys {
		if s.pending[k] == msg.t {
			delete(s.pending, k)
		}
	}
	switch {
	case msg.cancelled:
		return nil, false
	case msg.err != nil:
		s.failed[msg.keys[0].Blob] = msg.err.Error()
		return nil, true // the image becomes a chip saying why
	}
	cw, ch := s.Cell()
	var raw strings.Builder
	for _, e := range msg.out {
		if e.key.CellW != cw || e.key.CellH != ch {
			continue // stale: the cell size changed while it ran
		}
		if e.key.Protocol == graphics.Sixel && msg.frame != nil {
			s.frames.put(fullKey(e.key), msg.frame)
		}
		r := e.r
		if e.key.Protocol == graphics.Kitty {
			if e.key.Protocol != s.Protocol() {
				continue
			}
			raw.WriteString(r.Seq)
			r.Seq = "" // in the terminal now; only the placeholders are kept
			s.sent[e.key] = true
		}
		for _, k := range s.cache.Put(e.key, r) {
			if k.Protocol == graphics.Kitty && s.sent[k] {
				raw.WriteString(termimg.KittyDelete(s.kittyIDs[k], s.dec.Passthrough))
				delete(s.sent, k)
				delete(s.kittyIDs, k)
			}
		}
	}
	if raw.Len() == 0 {
		return nil, false
	}
	return tea.Raw(raw.String()), false
}

// run does the job: one decode (none for a sixel cut from a kept frame),
// then each key's encode. It only reads the job; the decoded image is
// garbage once it returns.
func (j job) run() encodedMsg {
	out := encodedMsg{keys: j.keys}
	if j.frame != nil && len(j.keys) == 1 { // a sixel cut from the kept frame: no decode
		k, seq := j.keys[0], j.frame.Encode()
		if k.Count > 0 {
			seq = j.frame.EncodeRows(k.First, k.Count, k.CellH)
		}
		out.out = []encoded{{key: k, r: graphics.Rendered{Seq: string(seq)}}}
		return out
	}
	data, err := j.load(j.keys[0].Blob)
	if err != nil {
		out.err = fmt.Errorf("image unavailable: %w", err)
		return out
	}
	img, _, err := imaging.Decode(data)
	if err != nil {
		out.err = fmt.Errorf("cannot show image: %w", err)
		return out
	}
	for _, k := range j.keys {
		out.out = append(out.out, encoded{key: k, r: j.encode(img, k, &out)})
	}
	return out
}

// encode makes k from the decoded img; a sixel encode leaves its full
// frame in out.frame, for slices.
func (j job) encode(img image.Image, k graphics.Key, out *encodedMsg) graphics.Rendered {
	var r graphics.Rendered
	pxW, pxH := k.Cols*k.CellW, k.Rows*k.CellH
	switch k.Protocol {
	case graphics.Blocks:
		r.Lines = strings.Split(termimg.HalfBlocks(img, k.Cols, k.Rows, j.mode), "\n")
	case graphics.Sixel:
		f := j.frame
		if f == nil {
			f = termimg.NewSixelFrame(img, pxW, pxH)
		}
		if k.Count > 0 {
			r.Seq = string(f.EncodeRows(k.First, k.Count, k.CellH))
		} else {
			r.Seq = string(f.Encode())
		}
		out.frame = f
	case graphics.ITerm2:
		r.Seq = j.iterm2(img, k, pxW, pxH)
	case graphics.Kitty:
		r.Seq = termimg.KittyTransmit(j.kittyID, encodePNG(scaleTo(img, pxW, pxH)), k.Cols, k.Rows, j.tmux)
		r.Lines = termimg.KittyPlaceholders(j.kittyID, k.Cols, k.Rows)
	}
	return r
}

// iterm2 encodes the image (or its visible rows) as a PNG at its
// on-screen pixel size, so a huge original is not sent on every
// placement.
func (j job) iterm2(img image.Image, k graphics.Key, pxW, pxH int) string {
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
