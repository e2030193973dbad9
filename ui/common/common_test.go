package common

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
)

func TestFormatters(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Clock(65 * time.Second), "1:05"},
		{Clock(1400 * time.Millisecond), "0:01"},
		{HumanBytes(812), "812 B"},
		{HumanBytes(4700), "5 KB"},
		{HumanBytes(2_500_000), "2.4 MB"},
		{ApproxTokens(765), "≈765 tok"},
		{ApproxTokens(2048), "≈2.0k tok"},
		{ApproxTokens(120_400), "≈120k tok"},
		{OneLine("a\n b\x1b[31m  c"), "a b c"},
		{ClipLines("1\n2\n3", 2), "1\n2"},
		{ClipLines("1\n2", 5), "1\n2"},
		{ClipLines("1", 0), ""},
		{FirstLine("a\nb"), "a"},
		{FormatName("image/png"), "PNG"},
		{Sparkline([]float64{0, 0.5, 1}, 3), "▁▅█"},
		{Sparkline(nil, 2), "▁▁"},
		{PlayView{On: true, Paused: true, Pos: 3 * time.Second, Dur: 7 * time.Second}.Progress(), "⏸ 0:03/0:07"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// The tick loop runs once however often it is started, and ends when
// nothing is busy.
func TestSpinnerLoop(t *testing.T) {
	s := NewSpinner()
	if s.Start() == nil || s.Start() != nil {
		t.Fatal("Start must start the loop once")
	}
	tick := spinner.TickMsg{}
	if _, changed := s.Update(tick, true); !changed || s.Frame() == "" {
		t.Error("a busy tick drew no frame")
	}
	if cmd, changed := s.Update(tick, false); cmd != nil || changed {
		t.Error("an idle tick kept the loop")
	}
	if s.Start() == nil {
		t.Error("the loop did not start again after it ended")
	}
}
