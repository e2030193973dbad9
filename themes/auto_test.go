package themes

import (
	"strings"
	"testing"
)

// The background answer decides; COLORFGBG is the fallback (tmux does not
// pass the query on by default); dark is the last resort, and each says
// how it was chosen (issue 15, item 16).
func TestAuto(t *testing.T) {
	for _, c := range []struct {
		osc11, fgbg, want, how string
	}{
		{"rgb:ffff/ffff/ffff", "15;0", LightName, "background is rgb:ffff/ffff/ffff"},
		{"rgb:1e1e/1e1e/1e1e", "", DarkName, "background is"},
		{"rgb:f/f/e", "", LightName, "background is"},
		{"", "0;15", LightName, "COLORFGBG=0;15"},
		{"", "15;default;0", DarkName, "COLORFGBG"},
		{"garbage", "", DarkName, "the default"},
	} {
		p, how := Auto(c.osc11, c.fgbg)
		if p.Name != c.want || !strings.Contains(how, c.how) {
			t.Errorf("Auto(%q, %q) = %s (%s), want %s (%s)", c.osc11, c.fgbg, p.Name, how, c.want, c.how)
		}
	}
}
