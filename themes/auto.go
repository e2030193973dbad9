package themes

import (
	"fmt"
	"strconv"
	"strings"
)

// IsFileName reports whether name may name a user theme file
// (CONFIG_DIR/themes/NAME.toml): lower-case letters, digits, "-" and "_".
func IsFileName(name string) bool { return themeName.MatchString(name) }

// ParseOSC11 reads a terminal's answer to the background-colour query
// (OSC 11), "rgb:RRRR/GGGG/BBBB" with 1 to 4 hex digits a channel: dark
// reports a background darker than mid-grey. ok is false when s is not
// such an answer.
func ParseOSC11(s string) (dark, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(s), "rgb:")
	parts := strings.Split(rest, "/")
	if !found || len(parts) != 3 {
		return false, false
	}
	var ch [3]float64
	for i, p := range parts {
		if len(p) < 1 || len(p) > 4 {
			return false, false
		}
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		ch[i] = float64(v) / float64(uint64(1)<<(4*len(p))-1)
	}
	// Rec. 709 luma: what "light" means to the eye, not the average.
	return 0.2126*ch[0]+0.7152*ch[1]+0.0722*ch[2] < 0.5, true
}

// Auto is the palette the auto theme picks and, in words, how: from the
// terminal's answer to the background query (osc11, "" for none), else
// from COLORFGBG (colorFGBG, "" when unset), else dark.
func Auto(osc11, colorFGBG string) (Palette, string) {
	if dark, ok := ParseOSC11(osc11); ok {
		return ForBackground(dark), fmt.Sprintf("the terminal's background is %s", osc11)
	}
	if dark, ok := ParseCOLORFGBG(colorFGBG); ok {
		return ForBackground(dark), fmt.Sprintf("COLORFGBG=%s; the terminal did not answer the background query", echo(colorFGBG))
	}
	return Dark(), "the default: the terminal did not answer the background query and COLORFGBG is not set"
}
