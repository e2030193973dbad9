package chat

import (
	"math"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/session"
	"parley/ui/internal/longstore"
	"parley/ui/transcript"
)

// withBudget makes h's chat keep budget rendered lines (before anything
// is loaded into it).
func withBudget(h *harness, budget int) {
	d := h.c.draw
	d.lines = transcript.NewCache[*Entry](d, budget)
	w, ht := h.c.list.Width(), h.c.Height()
	h.c.list = transcript.New[*Entry](layout{d.lines}, h.c.opts.Scroll)
	h.c.list.SetMark(d.styles.Accent.Render(selectionMark))
	h.c.SetSize(w, ht)
}

// openBudget is openLazy with a line budget, at 120×40.
func openBudget(t *testing.T, s *session.Store, conv int64, budget int) *harness {
	t.Helper()
	o, err := s.ConversationOutline(conv, PageSize)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s)
	withBudget(h, budget)
	h.c.SetSize(120, 40)
	h.c.LoadOutline(o)
	return h
}

// pgUpToTop pages h's chat up from the bottom to the top, drawing each
// step and loading the pages it wants; it returns the steps taken.
func pgUpToTop(t *testing.T, h *harness) int {
	t.Helper()
	pgUp := tea.KeyPressMsg{Code: tea.KeyPgUp}
	steps := 0
	for ; ; steps++ {
		if i, skip := h.c.Top(); i == 0 && skip == 0 && !h.c.Entries()[0].pending {
			return steps
		}
		if steps > 20000 {
			t.Fatalf("not at the top after %d PgUps", steps)
		}
		h.apply(Outcome{Cmd: h.c.Scroll(pgUp)})
		h.until("the view's page", func() bool { return !h.c.pages.loading })
		_ = h.c.Lines()
	}
}

// pgUpHeap is the heap a chat over the 5,000-message store holds after
// paging from its bottom to its top with a line budget, and the lines
// it keeps then.
func pgUpHeap(t *testing.T, s *session.Store, conv int64, budget int) (heap int64, kept int) {
	t.Helper()
	live0 := providertest.LiveHeap()
	h := openBudget(t, s, conv, budget)
	steps := pgUpToTop(t, h)
	heap, kept = int64(providertest.LiveHeap())-int64(live0), h.c.Kept()
	runtime.KeepAlive(h)
	t.Logf("budget %d: %d steps; %d lines kept, heap held %.1f MB", budget, steps, kept, float64(heap)/(1<<20))
	return heap, kept
}

// TestPgUpHeapLongStore: paging from the bottom to the top of the
// 5,000-message store keeps at most the budget's rendered lines, and
// holds less heap than keeping every line drawn (what each entry did
// before the budget): the difference is what the evicted lines took.
func TestPgUpHeapLongStore(t *testing.T) {
	if testing.Short() {
		t.Skip("pages through 5,000 messages twice")
	}
	s, conv := longstore.New(t)
	// The bounded run first: what the store's own caches grow by on the
	// first pass counts against the budget, not for it.
	bounded, kept := pgUpHeap(t, s, conv, lineBudget)
	all, allKept := pgUpHeap(t, s, conv, math.MaxInt)
	if kept > lineBudget {
		t.Errorf("%d lines kept, budget %d", kept, lineBudget)
	}
	if allKept < 2*lineBudget {
		t.Fatalf("only %d lines drawn in all: the budget is never reached", allKept)
	}
	// Generous: the evicted lines must show as at least a quarter of
	// what they would have held at the size of a short line (32 bytes).
	if saved, floor := all-bounded, int64(allKept-kept)*32/4; saved < floor {
		t.Errorf("the budget saves %d bytes of heap; %d lines evicted should save over %d", saved, allKept-kept, floor)
	}
}

// An entry whose lines the budget evicted draws again exactly as it did,
// at the same place: heights outlive the lines, so the anchor holds.
func TestEvictedEntryRedrawsTheSame(t *testing.T) {
	s, conv := lazyStore(t, 120)
	const budget = 300 // a dozen screens of 80×20; the conversation is ~3,000 lines
	o, err := s.ConversationOutline(conv, PageSize)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, s)
	withBudget(h, budget)
	h.c.LoadOutline(o)
	raw := func() string { return strings.Join(h.c.Lines(), "\n") }
	views := map[[2]int]string{}
	for _, at := range [][2]int{{0, 0}, {40, 3}} {
		h.c.ShowAt(at[0], at[1])
		h.apply(Outcome{Cmd: h.c.Want()})
		h.until("the page in view", func() bool { return !h.c.pages.loading && visibleLoaded(h.c) })
		views[at] = raw()
	}
	drawn := 0
	h.c.ShowAt(0, 0)
	for !h.c.Following() {
		h.apply(Outcome{Cmd: h.c.Scroll(tea.KeyPressMsg{Code: tea.KeyPgDown})})
		h.until("the page in view", func() bool { return !h.c.pages.loading })
		_ = h.c.Lines()
		if drawn += h.c.Height(); drawn > 100*budget {
			t.Fatal("never reached the bottom")
		}
	}
	if kept := h.c.Kept(); kept > budget || drawn < 3*budget {
		t.Fatalf("%d lines kept (budget %d) after drawing %d", kept, budget, drawn)
	}
	for at, want := range views {
		h.c.ShowAt(at[0], at[1])
		if got := raw(); got != want {
			t.Errorf("entry %d line %d after its lines were evicted:\n%s\nbefore:\n%s", at[0], at[1], got, want)
		}
		if i, skip := h.c.Top(); i != at[0] || skip != at[1] {
			t.Errorf("top is entry %d line %d, want %v", i, skip, at)
		}
	}
}
