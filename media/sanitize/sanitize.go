// Package sanitize makes untrusted text (model output, titles, file names,
// error bodies) safe to put on a terminal.
//
// The output contains no C0 control except '\n' and '\t', no DEL, no C1
// control (U+0080–U+009F), no escape sequence and no invalid UTF-8. Whole
// escape sequences are removed, not just their introducer, so that their
// parameters do not leak onto the screen as garbage: CSI (ESC [ … final),
// the string sequences OSC (ESC ]), DCS (ESC P), APC (ESC _), PM (ESC ^) and
// SOS (ESC X) up to BEL or ST (ESC \ or U+009C), two-byte sequences (ESC c,
// ESC 7) and charset designations (ESC ( B). The 8-bit C1 introducers
// (U+009B CSI, U+009D OSC, U+0090 DCS, U+009F APC, U+009E PM, U+0098 SOS)
// start the same sequences.
//
// The state machine follows the vt100.net DEC parser closely enough that a
// terminal and the filter agree on where a sequence ends: ESC, CAN, SUB and
// C1 controls act "anywhere" (ESC inside a string ends it and starts a new
// sequence, which is how ESC \ works as ST).
//
// Bidirectional formatting controls are removed: the embeddings and
// overrides U+202A–U+202E, the isolates U+2066–U+2069 and the marks U+200E,
// U+200F and U+061C. They are invisible, yet reorder how a terminal shows
// the text around them, so "gpj.exe" can display as "exe.jpg" and a line
// can show something other than what it holds (CVE-2021-42574, "Trojan
// Source"). Dropping them keeps every visible character in logical order.
//
// Carriage returns: '\r\n' becomes '\n' and a lone '\r' also becomes '\n'.
// A bare CR would let later text overwrite earlier text on the same line
// (e.g. hide a command behind a harmless-looking one), and dropping it would
// glue lines together; turning it into a line break keeps every byte of text
// visible and readable.
package sanitize

import (
	"strings"
	"unicode/utf8"
)

// state is the parser state of a Filter between runes.
type state uint8

const (
	ground   state = iota // plain text
	esc                   // after ESC
	escInter              // ESC followed by intermediates (0x20–0x2F)
	csi                   // inside a CSI sequence
	str                   // inside OSC/DCS/APC/PM/SOS: discard until BEL or ST
)

const (
	bel  = 0x07
	can  = 0x18
	sub  = 0x1a
	esc0 = 0x1b
	del  = 0x7f
	st8  = 0x9c // 8-bit string terminator
)

// String returns s with every control and escape sequence removed, as
// described in the package comment. When s has nothing to remove it is
// returned as is, without allocating.
func String(s string) string {
	if cleanPrefix(s, true) == len(s) {
		return s
	}
	var f Filter
	var b strings.Builder
	b.Grow(len(s))
	f.feed(&b, s, true)
	return b.String()
}

// Filter sanitizes a stream of text that arrives in chunks. It keeps its
// state between chunks, so a sequence, a UTF-8 rune or a "\r\n" split across
// two chunks is handled exactly as if it had arrived whole: for any split,
// the concatenated output of Write calls and the final Flush equals String
// of the whole text. Memory stays bounded: the body of an unterminated
// string sequence is discarded as it arrives, never buffered. The zero
// value is ready to use. A Filter is not safe for concurrent use.
type Filter struct {
	st      state
	afterCR bool              // a '\r' was turned into '\n'; skip one '\n'
	pend    [utf8.UTFMax]byte // an incomplete rune at the end of the last chunk
	npend   int
}

// Write filters the next chunk of the stream and returns the text that is
// safe to show now. A clean chunk in plain-text state is returned as is.
func (f *Filter) Write(chunk string) string {
	if f.st == ground && !f.afterCR && f.npend == 0 && cleanPrefix(chunk, false) == len(chunk) {
		return chunk
	}
	if f.npend > 0 {
		chunk = string(f.pend[:f.npend]) + chunk
		f.npend = 0
	}
	var b strings.Builder
	b.Grow(len(chunk))
	f.feed(&b, chunk, false)
	return b.String()
}

// Flush ends the stream: an unfinished escape sequence is dropped and an
// incomplete UTF-8 rune is emitted as U+FFFD. The Filter is then reset and
// may be reused for a new stream.
func (f *Filter) Flush() string {
	var out string
	if f.npend > 0 {
		var b strings.Builder
		f.feed(&b, string(f.pend[:f.npend]), true)
		out = b.String()
	}
	*f = Filter{}
	return out
}

// cleanPrefix returns the length of the longest prefix of s that passes
// through unchanged in ground state. Unless final, an incomplete rune at the
// end of s is not counted: more bytes may complete it.
func cleanPrefix(s string, final bool) int {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == del {
				return i
			}
			i++
			continue
		}
		if !final && !utf8.FullRuneInString(s[i:]) {
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9f) || IsBidi(r) {
			return i
		}
		i += size
	}
	return i
}

// feed runs s through the state machine, writing kept text to b. Unless
// final, an incomplete rune at the end of s is saved for the next chunk.
func (f *Filter) feed(b *strings.Builder, s string, final bool) {
	i := 0
	for i < len(s) {
		if f.st == ground && !f.afterCR {
			// Copy runs of clean text in one go: the common case.
			j := i + cleanPrefix(s[i:], final)
			b.WriteString(s[i:j])
			i = j
			if i == len(s) {
				return
			}
		}
		r, size := rune(s[i]), 1
		if s[i] >= utf8.RuneSelf {
			if !final && !utf8.FullRuneInString(s[i:]) {
				f.npend = copy(f.pend[:], s[i:])
				return
			}
			// Invalid bytes decode to U+FFFD (size 1): a stray 0x9B
			// byte is shown as U+FFFD, never passed on as a C1 CSI.
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		f.step(b, r)
	}
}

// step advances the state machine by one rune.
func (f *Filter) step(b *strings.Builder, r rune) {
	// Transitions that apply in every state.
	switch {
	case r == esc0:
		f.st, f.afterCR = esc, false
		return
	case r == can || r == sub:
		f.st = ground // abort any sequence; the control itself is dropped
		return
	case r >= 0x80 && r <= 0x9f:
		f.st, f.afterCR = c1State(r), false
		return
	}
	switch f.st {
	case ground:
		f.ground(b, r)
	case esc:
		f.escape(b, r)
	case escInter:
		switch {
		case r >= 0x20 && r <= 0x2f: // more intermediates
		case r >= 0x30 && r <= 0x7e:
			f.st = ground // final byte: sequence done
		default:
			f.other(b, r)
		}
	case csi:
		switch {
		case r >= 0x20 && r <= 0x3f: // parameters and intermediates
		case r >= 0x40 && r <= 0x7e:
			f.st = ground // final byte: sequence done
		default:
			f.other(b, r)
		}
	case str:
		if r == bel {
			f.st = ground
		}
		// Everything else in a string is discarded (ESC and U+009C
		// were handled above).
	}
}

// c1State returns the state a C1 control leads to: the 8-bit introducers
// start their sequences, ST and every other C1 control return to ground.
func c1State(r rune) state {
	switch r {
	case 0x9b:
		return csi
	case 0x9d, 0x90, 0x9f, 0x9e, 0x98:
		return str
	}
	return ground
}

// escape handles the rune after ESC.
func (f *Filter) escape(b *strings.Builder, r rune) {
	switch {
	case r == '[':
		f.st = csi
	case r == ']' || r == 'P' || r == '_' || r == '^' || r == 'X':
		f.st = str
	case r >= 0x20 && r <= 0x2f:
		f.st = escInter
	case r >= 0x30 && r <= 0x7e:
		f.st = ground // two-byte sequence such as ESC c, ESC 7, ESC \
	default:
		f.other(b, r)
	}
}

// other handles a rune that cannot continue the current ESC or CSI
// sequence. As in a terminal, C0 controls are executed without ending the
// sequence: line breaks and tabs are kept, other C0 controls and DEL are
// dropped. Anything else (non-ASCII text) aborts the sequence and is
// processed as plain text.
func (f *Filter) other(b *strings.Builder, r rune) {
	if r == '\n' || r == '\r' || r == '\t' {
		f.ground(b, r)
		return
	}
	if r < 0x20 || r == del {
		return
	}
	f.st = ground
	f.ground(b, r)
}

// ground handles a rune of plain text.
func (f *Filter) ground(b *strings.Builder, r rune) {
	afterCR := f.afterCR
	f.afterCR = false
	switch {
	case r == '\r':
		b.WriteByte('\n')
		f.afterCR = true
	case r == '\n':
		if !afterCR {
			b.WriteByte('\n')
		}
	case r == '\t':
		b.WriteByte('\t')
	case r < 0x20 || r == del:
		// other C0 controls (BEL, BS, …) are dropped
	case IsBidi(r):
		// bidi controls are dropped (see the package comment)
	default:
		b.WriteRune(r)
	}
}

// IsBidi reports whether r is a bidirectional formatting control that can
// reorder the display of the text around it: U+202A–U+202E (embeddings,
// overrides, pop), U+2066–U+2069 (isolates) or the marks U+200E (LRM),
// U+200F (RLM) and U+061C (ALM).
func IsBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
}
