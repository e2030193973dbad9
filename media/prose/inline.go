package prose

import (
	"bytes"
	"net/url"
	"strings"
)

// maxSpokenCode is the longest inline code span read out as it is; longer
// spans are only mentioned.
const maxSpokenCode = 40

// entities are the HTML entities models write in markdown.
var entities = []struct{ name, text string }{
	{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`}, {"&#39;", "'"}, {"&nbsp;", " "},
}

// appendProse converts one segment of inline markdown to prose and appends
// it to the sentence being built.
func (s *Splitter) appendProse(seg []byte) {
	s.work += len(seg)
	s.sent = appendInline(s.sent, seg)
}

// appendInline appends the prose of inline markdown seg to dst: emphasis and
// code marks dropped, link text kept and link targets dropped, images and
// bare URLs replaced by a mention, HTML tags and control characters
// removed, whitespace collapsed.
func appendInline(dst, seg []byte) []byte {
	for i := 0; i < len(seg); {
		c := seg[i]
		switch {
		case c == '\\' && i+1 < len(seg) && isPunct(seg[i+1]):
			dst = append(dst, seg[i+1])
			i += 2
		case c == '!' && i+1 < len(seg) && seg[i+1] == '[':
			if text, n := link(seg[i+1:]); n > 0 {
				dst = appendWord(dst, "image")
				if t := bytes.TrimSpace(appendInline(nil, text)); len(t) > 0 {
					dst = append(append(dst, ": "...), t...)
				}
				i += 1 + n
				continue
			}
			dst = append(dst, c)
			i++
		case c == '[':
			i += appendLink(&dst, seg[i:])
		case c == '`':
			i += appendCode(&dst, seg[i:])
		case c == '*' || c == '~':
			i++
		case c == '_':
			if wordByte(seg, i-1) && wordByte(seg, i+1) {
				dst = append(dst, c) // snake_case
			}
			i++
		case c == '<':
			i += appendAngle(&dst, seg[i:])
		case c == '&':
			i += appendEntity(&dst, seg[i:])
		case c == 'h' && (bytes.HasPrefix(seg[i:], []byte("https://")) || bytes.HasPrefix(seg[i:], []byte("http://"))) && !wordByte(seg, i-1):
			n := urlLen(seg[i:])
			dst = appendWord(dst, urlMention(string(seg[i:i+n])))
			i += n
		case c == 0x1b:
			i += escapeLen(seg[i:])
		case c < 0x20 || c == 0x7f:
			dst = appendSpace(dst)
			i++
		case c == ' ':
			dst = appendSpace(dst)
			i++
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}

// link parses "[text](target)" at the start of b and returns the text and
// the length of the whole construct, or n = 0 when b does not start one.
func link(b []byte) (text []byte, n int) {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '[':
			depth++
		case ']':
			if depth--; depth > 0 {
				continue
			}
			if i+1 >= len(b) || b[i+1] != '(' {
				return b[1:i], -(i + 1) // brackets without a target
			}
			if j := bytes.IndexByte(b[i+1:], ')'); j > 0 {
				return b[1:i], i + 1 + j + 1
			}
			return nil, 0
		}
	}
	return nil, 0
}

// appendLink handles '[' at seg[0]: a link keeps its text, a footnote
// reference ("[^1]") is dropped, other brackets stay as they are.
func appendLink(dst *[]byte, seg []byte) int {
	text, n := link(seg)
	switch {
	case n > 0:
		*dst = appendInline(*dst, text)
		return n
	case n < 0 && len(text) > 0 && text[0] == '^':
		return -n
	}
	*dst = append(*dst, '[')
	return 1
}

// appendCode handles a code span at seg[0]: short code is read, long code
// is mentioned. A backtick that opens nothing is dropped.
func appendCode(dst *[]byte, seg []byte) int {
	ticks := 0
	for ticks < len(seg) && seg[ticks] == '`' {
		ticks++
	}
	end := bytes.Index(seg[ticks:], seg[:ticks])
	if end < 0 {
		return ticks
	}
	code := bytes.TrimSpace(seg[ticks : ticks+end])
	if len(code) > maxSpokenCode {
		*dst = appendWord(*dst, "code")
	} else {
		for _, c := range code {
			if c < 0x20 || c == 0x7f {
				c = ' '
			}
			*dst = append(*dst, c)
		}
	}
	return 2*ticks + end
}

// appendAngle handles '<' at seg[0]: an autolink becomes a mention, an HTML
// tag is dropped, anything else ("a < b") is kept.
func appendAngle(dst *[]byte, seg []byte) int {
	end := bytes.IndexByte(seg, '>')
	if end < 0 || len(seg) < 2 {
		*dst = append(*dst, '<')
		return 1
	}
	inner := seg[1:end]
	switch {
	case bytes.HasPrefix(inner, []byte("http://")) || bytes.HasPrefix(inner, []byte("https://")):
		*dst = appendWord(*dst, urlMention(string(inner)))
		return end + 1
	case isTagStart(seg[1]) && bytes.IndexByte(inner, '<') < 0:
		return end + 1
	}
	*dst = append(*dst, '<')
	return 1
}

func isTagStart(c byte) bool { return c == '/' || c == '!' || c|0x20 >= 'a' && c|0x20 <= 'z' }

// appendEntity decodes the common HTML entities.
func appendEntity(dst *[]byte, seg []byte) int {
	for _, e := range entities {
		if bytes.HasPrefix(seg, []byte(e.name)) {
			*dst = append(*dst, e.text...)
			return len(e.name)
		}
	}
	*dst = append(*dst, '&')
	return 1
}

// urlLen is the length of the URL at the start of b: up to whitespace or a
// closing bracket, without trailing punctuation.
func urlLen(b []byte) int {
	n := 0
	for n < len(b) && b[n] > ' ' && b[n] != ')' && b[n] != ']' && b[n] != '>' && b[n] != '"' {
		n++
	}
	for n > 0 && strings.IndexByte(".,;:!?'*_", b[n-1]) >= 0 {
		n--
	}
	return n
}

// urlMention is what a URL is read as: "link to example.com".
func urlMention(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return "a link"
	}
	return "link to " + strings.TrimPrefix(u.Hostname(), "www.")
}

// escapeLen is the length of the terminal escape sequence at b[0] (ESC),
// so its parameters are not read aloud.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 1
	}
	if b[1] != '[' {
		return 2
	}
	for i := 2; i < len(b); i++ {
		if b[i] >= 0x40 && b[i] <= 0x7e {
			return i + 1
		}
	}
	return len(b)
}

// appendSpace adds one space unless dst is empty or already ends in one.
func appendSpace(dst []byte) []byte {
	if len(dst) == 0 || dst[len(dst)-1] == ' ' {
		return dst
	}
	return append(dst, ' ')
}

// appendWord adds w, separated from a preceding word by a space.
func appendWord(dst []byte, w string) []byte {
	if len(dst) > 0 && wordByte(dst, len(dst)-1) {
		dst = append(dst, ' ')
	}
	return append(dst, w...)
}

// wordByte reports whether b[i] exists and is a letter, digit or non-ASCII.
func wordByte(b []byte, i int) bool {
	if i < 0 || i >= len(b) {
		return false
	}
	return isWordChar(b[i])
}

func isWordChar(c byte) bool {
	return c >= 0x80 || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
}

func isPunct(c byte) bool { return c > ' ' && c < 0x7f && !isWordChar(c) }
