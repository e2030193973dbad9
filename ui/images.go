package ui

import (
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

// initImages writes the detection burst once, unless the protocol is
// forced or there is nothing to draw images from.
func (m *Model) initImages() tea.Cmd {
	s := m.img
	if s.decided || s.load == nil {
		return nil
	}
	return tea.Batch(tea.Raw(graphics.Queries(s.hints)),
		tea.Tick(graphics.QueryTimeout, func(time.Time) tea.Msg { return queryTimeoutMsg{} }))
}

// Update dispatches msg (update in model.go does the rest), then keeps the
// images in step with what the screen now shows: it starts the encodes the
// visible images need and schedules their placement.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd, handled := m.handleImageMsg(msg)
	if !handled {
		var rest tea.Cmd
		_, rest = m.update(msg)
		cmd = tea.Batch(cmd, rest)
	}
	return m, tea.Batch(cmd, m.syncImages())
}

// handleImageMsg takes the messages that belong to inline images. A
// window size is also the root's: handled is false for it.
func (m *Model) handleImageMsg(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.handleImageResize(msg)
		return nil, false
	case tea.KeyPressMsg:
		return m.handleImageKey(msg)
	case encodedMsg:
		return m.handleEncoded(msg), true
	case placeMsg:
		return m.img.placer.handle(msg, m.img), true
	case queryTimeoutMsg:
		m.decideImages()
		return nil, true
	}
	return nil, m.handleTerminalReply(msg)
}

// handleTerminalReply records a reply to the detection burst; the DA1
// sentinel decides. Replies after that (tmux passthrough answers from the
// outer terminal) refine the decision.
func (m *Model) handleTerminalReply(msg tea.Msg) bool {
	s := m.img
	if !s.replies.FeedMsg(msg) {
		return false
	}
	if s.replies.Answered {
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

// handleImageResize re-reads the pixel size: a font size change shows up
// only there. The renderer erases the screen on resize, so no image
// drawn before survives.
func (m *Model) handleImageResize(msg tea.WindowSizeMsg) {
	s := m.img
	s.replies.FeedMsg(msg)
	if ws, err := s.winsize(); err == nil {
		s.replies.SetWinsize(ws)
	}
	if s.redecide() {
		m.imagesChanged()
	}
	s.placer.erased()
}

// imagesChanged re-lays out entries with images: their heights depend on
// the protocol and the cell size.
func (m *Model) imagesChanged() {
	m.transcript.invalidate()
	m.transcript.clampAnchor()
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
