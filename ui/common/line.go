package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
)

// Line makes untrusted text safe for a one-line place (the status bar, the
// notice line): its first line, terminal controls removed, and every
// character sequence whose width terminals disagree on taken apart.
//
// A zero-width joiner sequence ("👨‍👩‍👧") is one 2-cell grapheme to
// Bubble Tea's grapheme widths and to terminals with Unicode mode 2027,
// but three emoji, 6 cells, to tmux and every wcwidth terminal: a bar
// padded to the screen's width by one count then wraps or pushes its end
// off in the other. Without the joiners, variation selectors and skin-tone
// modifiers such a cluster is the same width both ways.
func Line(s string) string {
	s = FirstLine(sanitize.String(s))
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	for s != "" {
		cluster, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		if cluster == "" {
			break
		}
		s = s[len(cluster):]
		if ansi.StringWidth(cluster) == ansi.StringWidthWc(cluster) && !strings.ContainsFunc(cluster, widthModifier) {
			b.WriteString(cluster)
			continue
		}
		for _, r := range cluster {
			if !widthModifier(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// isPlain reports whether s is all ASCII, which every terminal measures the
// same way.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// widthModifier reports whether r only changes how the characters around it
// are drawn: joiners, zero-width spaces, variation selectors, skin-tone
// modifiers, the keycap and tag characters.
func widthModifier(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF: // ZWSP, ZWNJ, ZWJ, WJ, BOM
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF, r == 0x20E3: // skin tones, keycap
		return true
	case r >= 0xE0020 && r <= 0xE007F: // tags (subdivision flags)
		return true
	}
	return false
}
