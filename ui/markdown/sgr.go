package markdown

import "strings"

// keepSGR removes every escape sequence from s except SGR (ESC [ … m).
// Glamour emits SGR styling and OSC 8 hyperlinks; the renderer promises
// callers SGR only, so that nothing but colours and attributes reaches the
// terminal (Bubble Tea's renderer would mangle cursor moves and drop OSC).
func keepSGR(s string) string {
	if !hasNonSGR(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != 0x1b {
			j := strings.IndexByte(s[i:], 0x1b)
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		n, sgr := escLen(s[i:])
		if sgr {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// hasNonSGR reports whether s holds an escape sequence other than SGR.
func hasNonSGR(s string) bool {
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], 0x1b)
		if j < 0 {
			return false
		}
		n, sgr := escLen(s[i+j:])
		if !sgr {
			return true
		}
		i += j + n
	}
	return false
}

// escLen returns the length of the escape sequence at the start of s (which
// starts with ESC) and whether it is an SGR sequence. String sequences
// (OSC, DCS, APC, PM, SOS) run to BEL or ESC \.
func escLen(s string) (n int, sgr bool) {
	if len(s) < 2 {
		return len(s), false
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if c := s[i]; c >= 0x40 && c <= 0x7e {
				return i + 1, c == 'm'
			}
		}
		return len(s), false
	case ']', 'P', '_', '^', 'X':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1, false
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2, false
			}
		}
		return len(s), false
	}
	return 2, false
}

// trimPadding removes the trailing spaces glamour pads every line with up
// to the wrap width (each one wrapped in its own SGR pair, so a padded
// 80-column line is ~1.5 KB). Invisible without a background colour, they
// only cost copying and terminal diffing. Padding that sets a background is
// kept, because it is visible. A trailing SGR reset is kept.
func trimPadding(l string) string {
	cut := 0 // after the last visible non-space byte
	for i := 0; i < len(l); {
		if l[i] == 0x1b {
			n, _ := escLen(l[i:])
			i += n
			continue
		}
		if l[i] != ' ' {
			cut = i + 1
		}
		i++
	}
	rest := l[cut:]
	if strings.IndexByte(rest, 0x1b) < 0 {
		return l[:cut]
	}
	if setsBackground(rest) {
		return l
	}
	if cut == 0 {
		return "" // a blank line: no styling needed
	}
	return l[:cut] + "\x1b[m"
}

// setsBackground reports whether any SGR sequence in s may set a
// background colour or reverse video (conservatively: the 41 in 38;5;41
// counts too).
func setsBackground(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b || i+1 >= len(s) || s[i+1] != '[' {
			continue
		}
		start := i + 2
		for i = start; i < len(s) && s[i] != 'm'; i++ {
			if s[i] != ';' {
				continue
			}
			if isBackgroundParam(s[start:i]) {
				return true
			}
			start = i + 1
		}
		if i <= len(s) && isBackgroundParam(s[start:min(i, len(s))]) {
			return true
		}
	}
	return false
}

// isBackgroundParam reports an SGR parameter that sets a background
// colour (40–48, 100–107) or reverse video (7).
func isBackgroundParam(p string) bool {
	switch len(p) {
	case 1:
		return p == "7"
	case 2:
		return p[0] == '4' && p[1] != '9'
	case 3:
		return p[:2] == "10"
	}
	return false
}
