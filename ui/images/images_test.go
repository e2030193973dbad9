package images

import (
	"errors"
	"fmt"
	"image/color"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"parley/providers/providertest"
	"parley/session"
	"parley/themes"
	"parley/ui/graphics"
)

// gatedStore serves one PNG for every blob. While gate is open (nil)
// loads return at once; otherwise each load waits for the gate, so a test
// holds jobs running. It records the loads in order and the most that
// ran at once.
type gatedStore struct {
	data    []byte
	gate    chan struct{}
	started chan string
	mu      sync.Mutex
	loads   []string
	active  atomic.Int32
	peak    atomic.Int32
}

func newGatedStore(t testing.TB, gated bool) *gatedStore {
	g := &gatedStore{data: providertest.SolidPNG(t, 32, 32, color.RGBA{255, 0, 0, 255}), started: make(chan string, 64)}
	if gated {
		g.gate = make(chan struct{})
	}
	return g
}

func (g *gatedStore) load(blob string) ([]byte, error) {
	n := g.active.Add(1)
	defer g.active.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	g.mu.Lock()
	g.loads = append(g.loads, blob)
	g.mu.Unlock()
	g.started <- blob
	if g.gate != nil {
		<-g.gate
	}
	if blob == "missing" {
		return nil, errors.New("blob missing not found")
	}
	return g.data, nil
}

func (g *gatedStore) loaded() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.loads...)
}

func newTestImages(t testing.TB, load func(string) ([]byte, error), workers int, budget int64) *Images {
	t.Helper()
	st := themes.NewStyles(themes.Dark())
	return New(Options{Load: load, Protocol: graphics.Blocks, Styles: &st, Workers: workers, CacheBytes: budget,
		Getenv:  func(string) string { return "" },
		Winsize: func() (graphics.Winsize, error) { return graphics.Winsize{}, nil }})
}

// entryOf is an entry's blocks: one 32×32 image per blob, 4×2 cells,
// three lines apart.
func entryOf(blobs ...string) *Blocks {
	var bs Blocks
	for i, b := range blobs {
		bs.Add(Block{Line: 3 * i, Img: session.Image{Blob: b, Width: 32, Height: 32}, Cols: 4, Rows: 2})
	}
	return &bs
}

// jobs opens the batch Sync returns to count the jobs it started (the
// jobs themselves are not run); use it only where a batch of several or
// none is expected, as a single Cmd is not batched.
func jobs(cmd tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return nil
	}
	if b, ok := cmd().(tea.BatchMsg); ok {
		var out []tea.Cmd
		for _, c := range b {
			if c != nil {
				out = append(out, c)
			}
		}
		return out
	}
	return []tea.Cmd{func() tea.Msg { return nil }}
}

// start runs each job in its own goroutine, as Bubble Tea does, and
// returns the channel their messages arrive on.
func start(cmds []tea.Cmd) chan tea.Msg {
	out := make(chan tea.Msg, 64)
	for _, c := range cmds {
		launch(c, out)
	}
	return out
}

// run runs Sync's Cmd like Bubble Tea: a batch's Cmds each in a
// goroutine, their messages on the channel.
func run(cmd tea.Cmd) chan tea.Msg {
	out := make(chan tea.Msg, 64)
	if cmd != nil {
		launch(cmd, out)
	}
	return out
}

func launch(c tea.Cmd, out chan tea.Msg) {
	go func() {
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				if c != nil {
					launch(c, out)
				}
			}
			return
		}
		out <- msg
	}()
}

// waitFor polls cond, yielding, until it holds; it fails after 10 s (a
// hang, not a timing assertion).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

func feed(t *testing.T, s *Images, ch chan tea.Msg, n int) {
	t.Helper()
	for range n {
		msg := <-ch
		m, ok := msg.(Msg)
		if !ok {
			t.Fatalf("a job reported %T", msg)
		}
		s.Update(m)
	}
}

// TestWorkersBound: six visible images, two workers: never more than two
// encodes at once, and all six are drawn in the end.
func TestWorkersBound(t *testing.T) {
	n := min(2, runtime.NumCPU())
	g := newGatedStore(t, true)
	s := newTestImages(t, g.load, n, 0)
	bs := entryOf("a", "b", "c", "d", "e", "f")
	cmds := jobs(s.Sync(s.EntrySlots(nil, bs, 0, 40), nil, 40, Ref{}))
	if len(cmds) != 6 {
		t.Fatalf("%d jobs for 6 images", len(cmds))
	}
	ch := start(cmds)
	for range n {
		<-g.started
	}
	waitFor(t, "the other jobs to queue", func() bool { return s.pool.waiting() == 6-n })
	if got := g.active.Load(); got != int32(n) {
		t.Fatalf("%d loads running, want %d", got, n)
	}
	close(g.gate)
	feed(t, s, ch, 6)
	if p := g.peak.Load(); p > int32(n) {
		t.Fatalf("%d encodes ran at once, bound %d", p, n)
	}
	for i := range bs.Len() {
		if !s.Drawable(bs.At(i)) {
			t.Errorf("image %d not drawn", i)
		}
	}
	if !s.Idle() {
		t.Error("jobs still pending after all results")
	}
}

// TestNewestVisibleFirst: with the one worker busy, the waiting jobs run
// newest (lowest on screen) first.
func TestNewestVisibleFirst(t *testing.T) {
	g := newGatedStore(t, true)
	s := newTestImages(t, g.load, 1, 0)
	first := run(s.Sync(s.EntrySlots(nil, entryOf("busy"), 0, 40), nil, 40, Ref{}))
	<-g.started
	var slots []Slot
	for _, b := range []string{"old", "mid", "new"} {
		slots = s.EntrySlots(slots, entryOf(b), len(slots)*3, 40)
	}
	rest := start(jobs(s.Sync(slots, nil, 40, Ref{})))
	waitFor(t, "three jobs to queue", func() bool { return s.pool.waiting() == 3 })
	close(g.gate)
	feed(t, s, first, 1)
	feed(t, s, rest, 3)
	if got := strings.Join(g.loaded(), " "); got != "busy new mid old" {
		t.Fatalf("encode order %q, want the newest first", got)
	}
}

// TestNearImagesEncodeAfterThoseInView: images just off screen are
// encoded ahead, nearest first, but none starts while an image in view
// still needs its encode; one that leaves the band around the view
// before its job starts is never loaded.
func TestNearImagesEncodeAfterThoseInView(t *testing.T) {
	g := newGatedStore(t, true)
	s := newTestImages(t, g.load, 1, 0)
	first := run(s.Sync(s.EntrySlots(nil, entryOf("busy"), 0, 40), nil, 40, Ref{}))
	<-g.started
	near := s.NearSlots(s.NearSlots(nil, entryOf("above")), entryOf("below"))
	far := s.NearSlots(nil, entryOf("far"))
	shown := s.EntrySlots(nil, entryOf("shown"), 0, 40)
	shownJob := run(s.Sync(shown, near, 40, Ref{}))
	thumb := func(sl Slot) graphics.Key { return s.key(sl.B, graphics.Blocks, 0, 0) }
	if s.pending[thumb(shown[0])] == nil || s.pending[thumb(near[0])] != nil || s.pending[thumb(near[1])] != nil {
		t.Fatal("with an image in view to encode, want its job alone")
	}
	waitFor(t, "its job to queue", func() bool { return s.pool.waiting() == 1 })
	// Scrolled on to where no image is in view: now the work ahead queues
	// (the running job holds the one worker), and "shown" is dropped.
	queued := start(jobs(s.Sync(nil, append(near, far...), 40, Ref{})))
	waitFor(t, "three jobs to queue", func() bool { return s.pool.waiting() == 3 })
	// Scrolled a little more: "far" is no longer within a screen of the view.
	s.Sync(nil, near, 40, Ref{})
	close(g.gate)
	feed(t, s, first, 1)
	feed(t, s, shownJob, 1) // cancelled
	feed(t, s, queued, 3)
	if got := strings.Join(g.loaded(), " "); got != "busy above below" {
		t.Fatalf("encode order %q, want the near ones nearest first, and not the one gone far", got)
	}
	if !s.Drawable(near[0].B) || !s.Drawable(near[1].B) || s.Drawable(far[0].B) || !s.Idle() {
		t.Fatal("the near images are not ready, or the far one was encoded or left pending")
	}
}

// TestWorkAheadLeavesAWorkerForTheView: of two workers, work ahead of
// the view holds at most one, so a job for an image in view starts at
// once, whatever its priority, and the worker it frees stays free of work
// ahead; a waiting ticket that comes into view may take it.
func TestWorkAheadLeavesAWorkerForTheView(t *testing.T) {
	p := &pool{limit: 2}
	ran := make(chan *ticket, 4)
	run := func(tk *ticket) {
		go func() {
			if p.acquire(tk) {
				ran <- tk
			}
		}()
	}
	a1, a2, a3 := p.newTicket(5, true), p.newTicket(6, true), p.newTicket(7, true)
	run(a1)
	first := <-ran
	run(a2)
	run(a3)
	waitFor(t, "two more ahead to queue", func() bool { return p.waiting() == 2 })
	v := p.newTicket(1, false)
	run(v)
	if got := <-ran; got != v {
		t.Fatal("a job in view waited while work ahead held both workers")
	}
	p.release(v)
	if p.running != 1 || p.waiting() != 2 {
		t.Fatalf("the freed worker went to work ahead: %d running, %d waiting", p.running, p.waiting())
	}
	p.bump(a2, 2, false) // came into view while waiting: takes the free worker
	if got := <-ran; got != a2 {
		t.Fatal("a waiting ticket that came into view did not start")
	}
	p.release(first)
	if got := <-ran; got != a3 {
		t.Fatal("the worker work ahead left did not go to the waiting ahead job")
	}
	p.release(a2)
	p.release(a3)
	if p.running != 0 || p.ahead != 0 {
		t.Fatalf("after all released: %d running, %d ahead", p.running, p.ahead)
	}
}

// TestScrolledOutBeforeStartIsNotEncoded: images that leave the screen
// while their jobs wait are never loaded; shown again, they are.
func TestScrolledOutBeforeStartIsNotEncoded(t *testing.T) {
	g := newGatedStore(t, true)
	s := newTestImages(t, g.load, 1, 0)
	busy := entryOf("busy")
	first := run(s.Sync(s.EntrySlots(nil, busy, 0, 40), nil, 40, Ref{}))
	<-g.started
	gone := entryOf("b", "c")
	slots := s.EntrySlots(s.EntrySlots(nil, busy, 0, 40), gone, 3, 40)
	queued := start(jobs(s.Sync(slots, nil, 40, Ref{})))
	waitFor(t, "two jobs to queue", func() bool { return s.pool.waiting() == 2 })
	// Scrolled: only the busy image is in view now.
	if cmds := jobs(s.Sync(s.EntrySlots(nil, busy, 0, 40), nil, 40, Ref{})); len(cmds) != 0 {
		t.Fatalf("%d new jobs for an image already running", len(cmds))
	}
	close(g.gate)
	feed(t, s, first, 1)
	feed(t, s, queued, 2)
	if got := g.loaded(); len(got) != 1 || got[0] != "busy" {
		t.Fatalf("loaded %v, want only the image still in view", got)
	}
	if s.Drawable(gone.At(0)) || !s.Idle() {
		t.Fatal("a cancelled job left a result or a pending key")
	}
	back := run(s.Sync(s.EntrySlots(nil, gone, 0, 40), nil, 40, Ref{}))
	feed(t, s, back, 2)
	if !s.Drawable(gone.At(0)) || !s.Drawable(gone.At(1)) {
		t.Fatal("images scrolled back in were not encoded")
	}
}

// TestCacheEvictsPastBudget: with room for a few thumbnails, the least
// recently used go first and the newest stay.
func TestCacheEvictsPastBudget(t *testing.T) {
	g := newGatedStore(t, false)
	probe := newTestImages(t, g.load, 1, 0)
	one := entryOf("probe")
	feed(t, probe, run(probe.Sync(probe.EntrySlots(nil, one, 0, 40), nil, 40, Ref{})), 1)
	size := probe.cache.Bytes()
	if size == 0 {
		t.Fatal("a thumbnail costs nothing")
	}

	s := newTestImages(t, g.load, 1, 3*size)
	var all []*Blocks
	for i := range 6 {
		bs := entryOf(fmt.Sprint("img", i))
		all = append(all, bs)
		feed(t, s, run(s.Sync(s.EntrySlots(nil, bs, 0, 40), nil, 40, Ref{})), 1)
	}
	if got := s.cache.Bytes(); got > 3*size {
		t.Fatalf("cache holds %d bytes, budget %d", got, 3*size)
	}
	for i, bs := range all {
		if want := i >= 3; s.Drawable(bs.At(0)) != want {
			t.Errorf("image %d drawable %v, want %v", i, !want, want)
		}
	}
}

// TestPlaceholderHasFinalSize: before its encode an image is blank cells
// of its final size; its thumbnail has exactly that size, so nothing
// moves when it arrives; and it is made once per image and size.
func TestPlaceholderHasFinalSize(t *testing.T) {
	g := newGatedStore(t, false)
	s := newTestImages(t, g.load, 1, 0)
	cols, rows := s.Fit(session.Image{Blob: "x", Width: 32, Height: 32}, 80)
	var bs Blocks
	bs.Add(Block{Line: 1, Img: session.Image{Blob: "x", Width: 32, Height: 32}, Cols: cols, Rows: rows})
	lines := make([]string, 10)
	slots := s.EntrySlots(nil, &bs, 0, 10)
	cmds := s.Sync(slots, nil, 10, Ref{})
	s.Overlay(slots, lines, Ref{})
	drawn := func() (n int) {
		for _, l := range lines {
			if l != "" {
				n++
				if w := ansi.StringWidth(l); w != Indent+cols {
					t.Fatalf("row %q is %d cells wide, want %d", l, w, Indent+cols)
				}
			}
		}
		return n
	}
	if n := drawn(); n != rows || strings.TrimSpace(strings.Join(lines, "")) != "" {
		t.Fatalf("placeholder: %d rows %q, want %d blank", n, lines, rows)
	}
	feed(t, s, run(cmds), 1)
	lines = make([]string, 10)
	s.Overlay(slots, lines, Ref{})
	if n := drawn(); n != rows || !strings.Contains(strings.Join(lines, ""), "▀") {
		t.Fatalf("thumbnail: %d rows %q, want %d of half-blocks", n, lines, rows)
	}
	if more := jobs(s.Sync(slots, nil, 10, Ref{})); len(more) != 0 || len(g.loaded()) != 1 {
		t.Fatalf("thumbnail made again: %d jobs, %d loads", len(more), len(g.loaded()))
	}
}

// TestBrokenImageBecomesChip: a blob that cannot be loaded is recorded,
// its Fit becomes 0×0 (a chip) and the caption says why.
func TestBrokenImageBecomesChip(t *testing.T) {
	g := newGatedStore(t, false)
	s := newTestImages(t, g.load, 1, 0)
	bs := entryOf("missing")
	ch := run(s.Sync(s.EntrySlots(nil, bs, 0, 40), nil, 40, Ref{}))
	_, out := s.Update((<-ch).(Msg))
	if !out.Relayout {
		t.Fatal("a failed image asks for no relayout")
	}
	img := bs.At(0).Img
	if c, r := s.Fit(img, 80); c != 0 || r != 0 {
		t.Fatalf("a broken image still fits %d×%d", c, r)
	}
	if c := ansi.Strip(s.Caption(img, session.StatusDone, false)); !strings.Contains(c, "image unavailable: blob missing not found") {
		t.Fatalf("caption %q does not say why", c)
	}
}

func TestDetectionFromReplies(t *testing.T) {
	st := themes.NewStyles(themes.Dark())
	ws := graphics.Winsize{Cols: 80, Rows: 24, PxW: 640, PxH: 384}
	newAuto := func() *Images {
		return New(Options{Load: func(string) ([]byte, error) { return nil, nil }, Styles: &st,
			Getenv:  func(k string) string { return map[string]string{"TERM": "xterm"}[k] },
			Winsize: func() (graphics.Winsize, error) { return ws, nil }})
	}
	s := newAuto()
	if s.Decided() || s.Protocol() != graphics.Blocks {
		t.Fatalf("undecided: %s, want blocks", s.Protocol())
	}
	if s.Init() == nil {
		t.Fatal("auto detection sends no queries")
	}
	s.TerminalReply(tea.TerminalVersionMsg{Name: "XTerm(379)"})
	s.TerminalReply(uv.UnknownCsiEvent("\x1b[?1;0;256S"))
	if s.Decided() {
		t.Fatal("decided before the DA1 sentinel")
	}
	if handled, changed := s.TerminalReply(uv.PrimaryDeviceAttributesEvent{63, 1, 2, 4, 6, 9, 15, 16, 22, 28}); !handled || !changed {
		t.Fatalf("DA1 handled %v, changed %v", handled, changed)
	}
	if !s.Decided() || s.Protocol() != graphics.Sixel || s.Decision().SixelColors != 256 {
		t.Fatalf("after DA1: decided %v, %s", s.Decided(), s.Decision())
	}
	if handled, _ := s.TerminalReply(tea.KeyPressMsg{Code: 'x'}); handled {
		t.Fatal("a key taken for a terminal reply")
	}

	silent := newAuto()
	if _, out := silent.Update(queryTimeoutMsg{}); !out.Relayout || !silent.Decided() || silent.Protocol() != graphics.Blocks {
		t.Fatalf("after the timeout: %s", silent.Decision())
	}
	// A resize with another font size re-detects the cell size.
	ws = graphics.Winsize{Cols: 100, Rows: 30, PxW: 1000, PxH: 570}
	silent.Resize(100, 30)
	if w, h := silent.Cell(); w != 10 || h != 19 {
		t.Fatalf("cell after resize %d×%d, want 10×19", w, h)
	}
}
