package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/termimg"
	"parley/session"
	"parley/ui/graphics"
)

// Inline image limits.
const (
	// defaultImageMaxRows is the height bound of an inline image when
	// Options.ImageMaxRows is 0.
	defaultImageMaxRows = 20
	// imageCacheBytes bounds the encoded images kept (sixel, kitty
	// placeholders, half-blocks).
	imageCacheBytes = 64 << 20
	// maxFrames bounds the scaled, palette-mapped sixel frames kept so a
	// partly visible image is re-encoded for its visible rows without
	// decoding and scaling it again.
	maxFrames = 12
)

// imageState is everything the transcript needs to show images: the
// detection (hints, replies, decision), the cell size, the encode cache and
// what is in flight, the placements written to the terminal, the selection
// and the viewer. It lives behind a pointer shared by the root model and
// the drawCtx, and is only touched on the UI goroutine; encodes run in Cmds
// and come back as encodedMsg.
type imageState struct {
	load    func(sha string) ([]byte, error) // nil: no store, text chips only
	maxRows int
	forced  graphics.Protocol

	hints   graphics.Hints
	replies graphics.Replies
	dec     graphics.Decision
	decided bool // the DA1 sentinel or the timeout came, or forced
	// winsize reads TIOCGWINSZ; Bubble Tea writes to os.Stdout, so that
	// is the terminal whose pixel size counts.
	winsize func() (graphics.Winsize, error)

	cache    *graphics.Cache
	frames   map[graphics.Key]*termimg.SixelFrame
	frameLRU []graphics.Key
	pending  map[graphics.Key]bool
	failed   map[string]string // blob → why it cannot be drawn
	kittyIDs map[graphics.Key]uint32
	nextID   uint32
	sent     map[graphics.Key]bool // kitty images transmitted and not deleted

	placer placer

	// mem holds images that are not in the store, drawn by the same
	// pipeline: the inspect dialog's fitted image (memBlobID → bytes).
	mem    map[string][]byte
	memIDs []string // oldest first, bounded by maxMemBlobs

	sel    imageRef // selected image; sel.ok false means none
	viewer *imageViewer
}

// newImageState prepares inline images for opts.
func newImageState(opts Options) *imageState {
	s := &imageState{
		maxRows:  opts.ImageMaxRows,
		forced:   opts.ImageProtocol,
		hints:    graphics.FromEnv(os.Getenv),
		winsize:  func() (graphics.Winsize, error) { return graphics.ReadWinsize(os.Stdout.Fd()) },
		cache:    graphics.NewCache(imageCacheBytes),
		frames:   map[graphics.Key]*termimg.SixelFrame{},
		pending:  map[graphics.Key]bool{},
		failed:   map[string]string{},
		kittyIDs: map[graphics.Key]uint32{},
		sent:     map[graphics.Key]bool{},
		placer:   placer{now: time.Now},
	}
	if s.maxRows <= 0 {
		s.maxRows = defaultImageMaxRows
	}
	if st := opts.Store; st != nil {
		s.load = st.Blob
	}
	s.decided = s.forced != graphics.Auto
	s.redecide()
	return s
}

// maxMemBlobs bounds the in-memory images kept (one per inspect dialog
// and detail setting; a few are enough to reopen one without fitting).
const maxMemBlobs = 4

// memBlobID names in-memory image bytes for the pipeline's keys; the
// prefix keeps them apart from store blob hashes.
func memBlobID(data []byte) string {
	sum := sha256.Sum256(data)
	return "mem:" + hex.EncodeToString(sum[:16])
}

// putMemBlob makes data loadable as id by the encodes.
func (s *imageState) putMemBlob(id string, data []byte) {
	if s.mem == nil {
		s.mem = map[string][]byte{}
	}
	if _, ok := s.mem[id]; ok {
		return
	}
	s.mem[id] = data
	s.memIDs = append(s.memIDs, id)
	for len(s.memIDs) > maxMemBlobs {
		delete(s.mem, s.memIDs[0])
		s.memIDs = s.memIDs[1:]
	}
}

// loader is how an encode of blob gets its bytes: from memory or the
// store. The closure touches no model state.
func (s *imageState) loader(blob string) func(string) ([]byte, error) {
	if data, ok := s.mem[blob]; ok {
		return func(string) ([]byte, error) { return data, nil }
	}
	return s.load
}

// protocol is how images are drawn now: half-blocks until detection has
// decided, a text chip without a store.
func (s *imageState) protocol() graphics.Protocol {
	switch {
	case s == nil || s.load == nil:
		return graphics.None
	case !s.decided:
		return graphics.Blocks
	}
	return s.dec.Protocol
}

// cell is the cell size in pixels the images are fitted with.
func (s *imageState) cell() (w, h int) {
	if s == nil || s.dec.CellW <= 0 || s.dec.CellH <= 0 {
		return termimg.DefaultCellW, termimg.DefaultCellH
	}
	return s.dec.CellW, s.dec.CellH
}

// redecide runs graphics.Decide again and reports whether what the images
// look like (protocol or cell size) changed.
func (s *imageState) redecide() bool {
	p0 := s.protocol()
	w0, h0 := s.cell()
	s.dec = graphics.Decide(s.hints, s.replies, s.forced)
	w1, h1 := s.cell()
	return p0 != s.protocol() || w0 != w1 || h0 != h1
}

// queryTimeoutMsg ends detection when the DA1 sentinel never came.
type queryTimeoutMsg struct{}

// initImages writes the detection burst once (only the cell size queries
// when the protocol is forced), unless there is nothing to draw images
// from.
func (m *Model) initImages() tea.Cmd {
	s := m.img
	if s.load == nil {
		return nil
	}
	if s.decided {
		// A forced protocol still needs the real cell size.
		if s.protocol() == graphics.None {
			return nil
		}
		return tea.Raw(graphics.CellQueries())
	}
	return tea.Batch(tea.Raw(graphics.Queries(s.hints)),
		tea.Tick(graphics.QueryTimeout, func(time.Time) tea.Msg { return queryTimeoutMsg{} }))
}

// handleTerminalReply records a reply to the detection burst; the DA1
// sentinel decides. Replies after that (tmux passthrough answers from the
// outer terminal) refine the decision.
func (m *Model) handleTerminalReply(msg tea.Msg) bool {
	s := m.img
	if !s.replies.FeedMsg(msg) {
		return false
	}
	// Once decided (or forced), a late answer such as a new cell size
	// after a resize takes effect at once.
	if s.replies.Answered || s.decided {
		m.decideImages()
	}
	return true
}

// decideImages ends detection (DA1 or timeout) and redraws what changed.
func (m *Model) decideImages() {
	s := m.img
	was := s.decided
	s.decided = true
	if s.redecide() || !was {
		m.imagesChanged()
	}
}

// handleImageResize re-reads the pixel size and, when the size really
// changed, asks the terminal for the cell size again: a font size change
// shows up only as a resize, and the old CSI 16 t answer is for the old
// window (the new answer replaces it when it comes). The renderer erases
// the screen on resize, so no image drawn before survives.
func (m *Model) handleImageResize(msg tea.WindowSizeMsg) tea.Cmd {
	s := m.img
	ws, err := s.winsize()
	if err != nil {
		ws = graphics.Winsize{}
	}
	changed := s.replies.Resized(msg.Width, msg.Height, ws)
	if s.redecide() {
		m.imagesChanged()
	}
	s.placer.erased()
	if changed && s.load != nil && s.protocol() != graphics.None {
		return tea.Raw(graphics.CellQueries())
	}
	return nil
}

// imagesChanged re-lays out entries with images: their heights depend on
// the protocol and the cell size.
func (m *Model) imagesChanged() {
	invalidateAll(&m.transcript)
	m.transcript.Relayout()
}

// imageParts returns the images of a message in order.
func imageParts(msg session.Message) []session.Image {
	var out []session.Image
	for _, p := range msg.Parts {
		if img, ok := p.(session.Image); ok {
			out = append(out, img)
		}
	}
	return out
}
