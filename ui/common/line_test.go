package common

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A one-line place measures the same with grapheme widths (Bubble Tea,
// terminals with mode 2027) and wcwidth (tmux): a zero-width joiner from a
// reply once pushed the status bar onto the next row in tmux (issue 15,
// item 21).
func TestLineWidthAgrees(t *testing.T) {
	for _, in := range []string{
		"family 👨\u200d👩\u200d👧 trip", "❤\ufe0f ok", "👍🏽 thanks", "zero\u200bwidth", "1\ufe0f\u20e3 first",
		"plain ascii", "Grüße 世界", "flag 🇩🇪",
	} {
		out := Line(in)
		if g, w := ansi.StringWidth(out), ansi.StringWidthWc(out); g != w {
			t.Errorf("Line(%q) = %q: %d cells by grapheme, %d by wcwidth", in, out, g, w)
		}
	}
	if got := Line("family 👨\u200d👩\u200d👧 trip\nsecond"); got != "family 👨👩👧 trip" {
		t.Errorf("joiners kept or lines joined: %q", got)
	}
	if got := Line("Grüße 世界 \x1b[31mred"); got != "Grüße 世界 red" {
		t.Errorf("plain text changed: %q", got)
	}
}
