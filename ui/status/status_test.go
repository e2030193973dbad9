package status

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"parley/session"
	"parley/themes"
)

func newBar() Bar {
	st := themes.NewStyles(themes.Dark())
	return New(&st, "openai/m")
}

func plain(b Bar) string { return ansi.Strip(b.View(100)) }

// A new turn drops the last turn's token usage: until the new turn reports
// its own, the bar must not show tokens that belong to another reply.
func TestUsageResetsOnNewTurn(t *testing.T) {
	b := newBar()
	b.Usage(session.Usage{InputTokens: 10, OutputTokens: 200})
	if !strings.Contains(plain(b), "out 200 tokens") {
		t.Fatal("usage not shown at all")
	}
	b.BeginTurn()
	if v := plain(b); strings.Contains(v, "tokens") {
		t.Fatalf("old usage still shown after a new turn began: %q", v)
	}
}

// One turn through every state: each call says what the bar shows.
func TestTurnStates(t *testing.T) {
	b := newBar()
	b.SetSpinner("*")
	steps := []struct {
		do   func()
		want string
	}{
		{func() {}, "ready"},
		{b.BeginTurn, "* waiting"},
		{b.Thinking, "* thinking"},
		{b.Streaming, "* streaming"},
		{func() { b.Rate(42) }, "* 42 tok/s"},
		{func() { b.Drawing(false) }, "* drawing"},
		{func() { b.Drawing(true); b.Drawing(true) }, "* drawing · stage 2"},
		{func() { b.Finish(session.StatusCancelled) }, "cancelled"},
		{b.BeginTurn, "* waiting"},
		{func() { b.Finish(session.StatusError) }, "error"},
		{func() { b.Finish(session.StatusDone) }, "ready"},
	}
	for i, s := range steps {
		s.do()
		if v := plain(b); !strings.Contains(v, s.want) {
			t.Errorf("step %d: bar %q, want %q", i, v, s.want)
		}
	}
	if b.State() != Idle {
		t.Errorf("state %v after Finish", b.State())
	}
}

// Titles are untrusted and shown on one line; a refused send gives the
// previous title back and says error.
func TestTitleSanitizedAndRefusedRestores(t *testing.T) {
	b := newBar()
	b.SetTitle("evil\x1b]0;pwned\x07 title\nsecond line")
	if got := b.Title(); strings.ContainsAny(got, "\x1b\x07\n") || !strings.HasPrefix(got, "evil") {
		t.Fatalf("title %q", got)
	}
	prev := b.Title()
	b.BeginTurn()
	b.SetTitle("unsent")
	b.Refused(prev)
	if b.Title() != prev || !b.Failed() || !strings.Contains(plain(b), "error") {
		t.Errorf("after refusal: title %q failed %v bar %q", b.Title(), b.Failed(), plain(b))
	}
	b.Reset()
	if b.Title() != "" || b.Failed() || !strings.Contains(plain(b), "ready") {
		t.Errorf("after reset: title %q bar %q", b.Title(), plain(b))
	}
}

// View is exactly the width asked for, however long the parts.
func TestViewWidth(t *testing.T) {
	b := newBar()
	b.SetTitle(strings.Repeat("long title ", 30))
	for _, w := range []int{1, 20, 80} {
		if got := ansi.StringWidth(b.View(w)); got != w {
			t.Errorf("width %d: drew %d cells", w, got)
		}
	}
	if b.View(0) != "" {
		t.Error("width 0 draws something")
	}
}

// The conversation's cost shows beside the usage; an unknown one shows
// nothing (no made-up $0.00), and a new conversation drops it.
func TestCostShownAndReset(t *testing.T) {
	b := newBar()
	b.SetCost("$0.012")
	if !strings.Contains(plain(b), "│ $0.012") {
		t.Fatalf("cost not shown: %q", plain(b))
	}
	b.SetCost("")
	if strings.Contains(plain(b), "$") {
		t.Fatalf("unknown cost shown: %q", plain(b))
	}
	b.SetCost("$1.00")
	b.Reset()
	if strings.Contains(plain(b), "$") {
		t.Fatalf("cost kept after Reset: %q", plain(b))
	}
}

// A title from a reply with a zero-width joiner sequence: the bar is
// exactly the screen's width by grapheme widths and by wcwidth (tmux) alike,
// so it never wraps in either (issue 15, item 21).
func TestBarWidthAgreesWithTerminal(t *testing.T) {
	b := newBar()
	b.SetTitle("our 👨\u200d👩\u200d👧 family trip ❤\ufe0f")
	v := b.View(80)
	if g, w := ansi.StringWidth(v), ansi.StringWidthWc(v); g != 80 || w != 80 {
		t.Errorf("bar is %d cells by grapheme, %d by wcwidth, want 80 both: %q", g, w, ansi.Strip(v))
	}
}

// Speech has its own segment: it outlives the reply that is read, and the
// memo redraws when it changes.
func TestSpeechSegment(t *testing.T) {
	b := newBar()
	b.BeginTurn()
	b.Speech("🔊 speaking 1/3")
	if v := plain(b); !strings.Contains(v, "waiting │ 🔊 speaking 1/3") {
		t.Fatalf("speech beside the turn state: %q", v)
	}
	b.Finish(session.StatusDone)
	b.Speech("🔊 speaking 2/3")
	if v := plain(b); !strings.Contains(v, "ready │ 🔊 speaking 2/3") {
		t.Errorf("speech after the reply ended: %q", v)
	}
	b.Speech("")
	if v := plain(b); strings.Contains(v, "speaking") {
		t.Errorf("speech still shown after it ended: %q", v)
	}
}
