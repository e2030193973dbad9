package clip

import "strings"

// CodeBlocks returns the contents of the fenced code blocks (``` or ~~~,
// CommonMark's rules for the closing fence) of markdown src, in order,
// without their fences. A block still open at the end (a reply cut off)
// counts up to the end.
func CodeBlocks(src string) []string {
	var (
		out   []string
		cur   []string
		fence string // the opening fence while inside a block
	)
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimRight(line, " \t\r")
		lead := len(t) - len(strings.TrimLeft(t, " "))
		if fence == "" {
			if f := fenceOf(t[min(lead, len(t)):]); f != "" && lead < 4 {
				fence, cur = f, nil
			}
			continue
		}
		if s := t[min(lead, len(t)):]; lead < 4 && strings.HasPrefix(s, fence) && strings.Trim(s, fence[:1]) == "" {
			out, fence = append(out, strings.Join(cur, "\n")), ""
			continue
		}
		cur = append(cur, strings.TrimRight(line, "\r"))
	}
	if fence != "" {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

// fenceOf is the fence s opens with (three or more ` or ~), or "". A
// backtick fence's info string may not hold a backtick.
func fenceOf(s string) string {
	for _, c := range []string{"`", "~"} {
		n := len(s) - len(strings.TrimLeft(s, c))
		if n >= 3 && (c == "~" || !strings.Contains(s[n:], "`")) {
			return s[:n]
		}
	}
	return ""
}
