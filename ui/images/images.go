package images

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/termimg"
	"parley/themes"
	"parley/ui/graphics"
)

// Inline image limits.
const (
	// DefaultMaxRows is the height bound of an inline image when
	// Options.MaxRows is 0.
	DefaultMaxRows = 20
	// cacheBytes bounds the encoded images kept (sixel, kitty
	// placeholders, half-blocks). A sixel evicted here is cut again from
	// its kept frame in a few milliseconds, so this stays small: with 64
	// MB, twenty viewed photos held 84 MB of private memory.
	cacheBytes = 32 << 20
	// frameBytes bounds the scaled, palette-mapped sixel frames kept so a
	// partly visible image is re-encoded for its visible rows without
	// decoding and scaling it again.
	frameBytes = 16 << 20
	// maxMemBlobs bounds the in-memory images kept (one per inspect
	// dialog and detail setting; a few are enough to reopen one without
	// fitting).
	maxMemBlobs = 4
)

// Options configures New.
type Options struct {
	// Load reads a stored image's bytes; nil means no store: images are
	// text chips.
	Load func(sha string) ([]byte, error)
	// MaxRows bounds an inline image's height in cells (0: DefaultMaxRows).
	MaxRows int
	// Protocol forces a protocol; graphics.Auto detects it.
	Protocol graphics.Protocol
	// Styles draw the captions; shared with the root, so a theme change
	// shows at once.
	Styles *themes.Styles
	// Getenv and Winsize read the environment and the terminal's pixel
	// size; nil means os.Getenv and TIOCGWINSZ on os.Stdout (Bubble Tea
	// writes there, so that is the terminal whose pixel size counts).
	Getenv  func(string) string
	Winsize func() (graphics.Winsize, error)
	// Keys are the image keys (the viewer's Close among them); the zero
	// value means DefaultKeyMap.
	Keys KeyMap
	// Workers bounds the encodes running at once (0: runtime.NumCPU()).
	Workers int
	// CacheBytes is the encode cache's byte budget (0: 32 MB).
	CacheBytes int64
	// ReleaseDelay is how long the pool stays idle after encoding before
	// the decodes' memory goes back to the system (0: a second; < 0:
	// never, for tests that wait for every timer to end).
	ReleaseDelay time.Duration
}

// Images is everything the transcript needs to show images: the
// detection (hints, replies, decision), the cell size, the encode cache,
// what is queued or running, the placements written to the terminal and
// the viewer. It is only touched on the UI goroutine, through Update and
// the methods; the encodes run in Cmds and come back as a Msg.
type Images struct {
	load    func(sha string) ([]byte, error)
	maxRows int
	forced  graphics.Protocol
	styles  *themes.Styles
	keys    KeyMap

	hints   graphics.Hints
	replies graphics.Replies
	dec     graphics.Decision
	decided bool // the DA1 sentinel or the timeout came, or forced
	winsize func() (graphics.Winsize, error)

	cache    *graphics.Cache
	frames   *frameCache
	pool     *pool
	pending  map[graphics.Key]*ticket // queued or running, by each key it makes
	inView   []graphics.Key           // what the slots in view needed at the last Sync
	failed   map[string]string        // blob → why it cannot be drawn
	kittyIDs map[graphics.Key]uint32
	nextID   uint32
	sent     map[graphics.Key]bool // kitty images transmitted and not deleted
	prio     int64                 // grows with each Sync: newer wants go first
	release  releaser

	placer placer

	// mem holds images that are not in the store, drawn by the same
	// pipeline: the inspect dialog's fitted image (MemBlobID → bytes).
	mem    map[string][]byte
	memIDs []string // oldest first, bounded by maxMemBlobs

	viewer *viewer
}

// New prepares inline images for opts.
func New(opts Options) *Images {
	getenv, winsize := opts.Getenv, opts.Winsize
	if getenv == nil {
		getenv = os.Getenv
	}
	if winsize == nil {
		winsize = func() (graphics.Winsize, error) { return graphics.ReadWinsize(os.Stdout.Fd()) }
	}
	budget := opts.CacheBytes
	if budget <= 0 {
		budget = cacheBytes
	}
	s := &Images{
		load:     opts.Load,
		maxRows:  opts.MaxRows,
		forced:   opts.Protocol,
		styles:   opts.Styles,
		keys:     opts.Keys,
		hints:    graphics.FromEnv(getenv),
		winsize:  winsize,
		cache:    graphics.NewCache(budget),
		frames:   newFrameCache(frameBytes),
		pool:     newPool(opts.Workers),
		release:  releaser{delay: opts.ReleaseDelay},
		pending:  map[graphics.Key]*ticket{},
		failed:   map[string]string{},
		kittyIDs: map[graphics.Key]uint32{},
		sent:     map[graphics.Key]bool{},
		placer:   placer{now: time.Now},
	}
	if s.maxRows <= 0 {
		s.maxRows = DefaultMaxRows
	}
	if len(s.keys.Close.Keys()) == 0 {
		s.keys = DefaultKeyMap()
	}
	s.decided = s.forced != graphics.Auto
	s.redecide()
	return s
}

// MemBlobID names in-memory image bytes for the pipeline's keys; the
// prefix keeps them apart from store blob hashes.
func MemBlobID(data []byte) string {
	sum := sha256.Sum256(data)
	return "mem:" + hex.EncodeToString(sum[:16])
}

// PutMemBlob makes data loadable as id by the encodes (the inspect
// dialog's fitted image, which is not in the store).
func (s *Images) PutMemBlob(id string, data []byte) {
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
// store. The closure touches no state of s.
func (s *Images) loader(blob string) func(string) ([]byte, error) {
	if data, ok := s.mem[blob]; ok {
		return func(string) ([]byte, error) { return data, nil }
	}
	return s.load
}

// Protocol is how images are drawn now: half-blocks until detection has
// decided, a text chip without a store.
func (s *Images) Protocol() graphics.Protocol {
	switch {
	case s == nil || s.load == nil:
		return graphics.None
	case !s.decided:
		return graphics.Blocks
	}
	return s.dec.Protocol
}

// Cell is the cell size in pixels the images are fitted with.
func (s *Images) Cell() (w, h int) {
	if s == nil || s.dec.CellW <= 0 || s.dec.CellH <= 0 {
		return termimg.DefaultCellW, termimg.DefaultCellH
	}
	return s.dec.CellW, s.dec.CellH
}

// Decision is the detection's current decision (for tests and doctor
// output).
func (s *Images) Decision() graphics.Decision { return s.dec }

// Decided reports whether detection has ended (DA1, timeout or forced).
func (s *Images) Decided() bool { return s.decided }

// redecide runs graphics.Decide again and reports whether what the images
// look like (protocol or cell size) changed.
func (s *Images) redecide() bool {
	p0 := s.Protocol()
	w0, h0 := s.Cell()
	s.dec = graphics.Decide(s.hints, s.replies, s.forced)
	w1, h1 := s.Cell()
	return p0 != s.Protocol() || w0 != w1 || h0 != h1
}

// Init writes the detection burst once (only the cell size queries when
// the protocol is forced), unless there is nothing to draw images from.
func (s *Images) Init() tea.Cmd {
	if s.load == nil {
		return nil
	}
	if s.decided {
		// A forced protocol still needs the real cell size.
		if s.Protocol() == graphics.None {
			return nil
		}
		return tea.Raw(graphics.CellQueries())
	}
	return tea.Batch(tea.Raw(graphics.Queries(s.hints)),
		tea.Tick(graphics.QueryTimeout, func(time.Time) tea.Msg { return queryTimeoutMsg{} }))
}

// TerminalReply records a reply to the detection burst; the DA1 sentinel
// decides. Replies after that (tmux passthrough answers from the outer
// terminal) refine the decision. handled is false for any other message;
// changed says the entries with images must be laid out again.
func (s *Images) TerminalReply(msg tea.Msg) (handled, changed bool) {
	if !s.replies.FeedMsg(msg) {
		return false, false
	}
	// Once decided (or forced), a late answer such as a new cell size
	// after a resize takes effect at once.
	if s.replies.Answered || s.decided {
		return true, s.decide()
	}
	return true, false
}

// decide ends detection (DA1 or timeout) and reports whether what images
// look like changed.
func (s *Images) decide() bool {
	was := s.decided
	s.decided = true
	return s.redecide() || !was
}

// Resize re-reads the pixel size and, when the size really changed, asks
// the terminal for the cell size again: a font size change shows up only
// as a resize, and the old CSI 16 t answer is for the old window (the new
// answer replaces it when it comes). The renderer erases the screen on
// resize, so no image drawn before survives. changed says the entries
// with images must be laid out again.
func (s *Images) Resize(width, height int) (cmd tea.Cmd, changed bool) {
	ws, err := s.winsize()
	if err != nil {
		ws = graphics.Winsize{}
	}
	resized := s.replies.Resized(width, height, ws)
	changed = s.redecide()
	s.placer.erased()
	if resized && s.load != nil && s.Protocol() != graphics.None {
		return tea.Raw(graphics.CellQueries()), changed
	}
	return nil, changed
}

// Load is the blob loader images are drawn from (the save dialog writes
// the same bytes); nil without a store.
func (s *Images) Load() func(sha string) ([]byte, error) { return s.load }
