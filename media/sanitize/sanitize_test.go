package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var cases = []struct {
	name, in, want string
}{
	{"plain", "hello, world\n\tok", "hello, world\n\tok"},
	{"unicode", "héllo 世界 🙂 \uFFFD", "héllo 世界 🙂 \uFFFD"},
	{"csi sgr", "a\x1b[31;1mred\x1b[0mb", "aredb"},
	{"csi private", "a\x1b[?1049hb", "ab"},
	{"csi intermediate", "a\x1b[0 qb", "ab"},
	{"csi clear", "x\x1b[2J\x1b[Hy", "xy"},
	{"osc bel", "a\x1b]0;evil title\x07b", "ab"},
	{"osc st", "a\x1b]0;evil title\x1b\\b", "ab"},
	{"osc8 link", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
	{"osc52 clipboard", "a\x1b]52;c;ZXZpbA==\x07b", "ab"},
	{"dcs st", "a\x1bPq#0;2;0;0;0#0~~\x1b\\b", "ab"},
	{"dcs bel", "a\x1bP1$r\x07b", "ab"},
	{"apc st", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
	{"apc bel", "a\x1b_Gf=100\x07b", "ab"},
	{"pm st", "a\x1b^private\x1b\\b", "ab"},
	{"pm bel", "a\x1b^private\x07b", "ab"},
	{"sos st", "a\x1bXstart of string\x1b\\b", "ab"},
	{"sos bel", "a\x1bXstart\x07b", "ab"},
	{"string st8", "a\x1b]0;t\u009cb", "ab"},
	{"8bit csi", "a\u009b31mb", "ab"},
	{"8bit osc bel", "a\u009d0;t\x07b", "ab"},
	{"8bit osc st8", "a\u009d0;t\u009cb", "ab"},
	{"8bit dcs", "a\u0090q~~\u009cb", "ab"},
	{"8bit apc", "a\u009fGx\x1b\\b", "ab"},
	{"8bit pm", "a\u009ex\u009cb", "ab"},
	{"8bit sos", "a\u0098x\u009cb", "ab"},
	{"other c1", "a\u0085b\u0080c\u009ad", "abcd"},
	{"raw c1 bytes", "a\x9b31mb", "a\uFFFD31mb"},
	{"invalid utf8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
	{"truncated rune", "a\xe4\xb8", "a\uFFFD\uFFFD"},
	{"esc c reset", "a\x1bcb", "ab"},
	{"esc 7 8", "a\x1b7b\x1b8c", "abc"},
	{"charset", "a\x1b(Bb\x1b)0c", "abc"},
	{"esc multi intermediate", "a\x1b#8b", "ab"},
	{"esc esc", "a\x1b\x1b[31mb", "ab"},
	{"lone esc at end", "ab\x1b", "ab"},
	{"unterminated osc", "ab\x1b]0;never ends", "ab"},
	{"unterminated csi", "ab\x1b[31", "ab"},
	{"esc in string restarts", "a\x1b]0;x\x1b[31mb", "ab"},
	{"can aborts", "a\x1b[31\x18b", "ab"},
	{"sub aborts string", "a\x1b]0;x\x1ab", "ab"},
	{"c0 removed", "a\x00b\x07c\x08d\x0be\x0cf\x7fg", "abcdefg"},
	{"c0 inside csi executes", "a\x1b[3\n1mb", "a\nb"},
	{"utf8 aborts csi", "a\x1b[3é", "aé"},
	{"crlf", "a\r\nb", "a\nb"},
	{"lone cr", "abc\rxyz", "abc\nxyz"},
	{"cr cr lf", "a\r\r\nb", "a\n\nb"},
	{"cr at end", "a\r", "a\n"},
	{"lf cr", "a\n\rb", "a\n\nb"},
	{"cr esc lf", "a\r\x1b[Kb\n", "a\nb\n"},
	{"bidi override", "file\u202egpj.exe", "filegpj.exe"},
	{"bidi embeddings", "a\u202ab\u202bc\u202cd\u202de", "abcde"},
	{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
	{"bidi marks", "a\u200eb\u200fc\u061cd", "abcd"},
	{"arabic text kept", "\u0645\u0631\u062d\u0628\u0627 \u200f!", "\u0645\u0631\u062d\u0628\u0627 !"},
	{"paste end marker", "x\x1b[201~\rINJECTED", "x\nINJECTED"},
	{"paste start and end", "\x1b[200~a\x1b[201~b", "ab"},
	{"8bit paste end", "x\u009b201~y", "xy"},
}

func TestString(t *testing.T) {
	for _, c := range cases {
		if got := String(c.in); got != c.want {
			t.Errorf("%s: String(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

// TestFilterEverySplit checks that any split into two or three chunks gives
// exactly String of the whole.
func TestFilterEverySplit(t *testing.T) {
	for _, c := range cases {
		for i := 0; i <= len(c.in); i++ {
			for j := i; j <= len(c.in); j++ {
				var f Filter
				got := f.Write(c.in[:i]) + f.Write(c.in[i:j]) + f.Write(c.in[j:]) + f.Flush()
				if got != c.want {
					t.Fatalf("%s: split at %d,%d: got %q, want %q", c.name, i, j, got, c.want)
				}
			}
		}
	}
}

func TestFilterByteAtATime(t *testing.T) {
	for _, c := range cases {
		var f Filter
		var b strings.Builder
		for i := 0; i < len(c.in); i++ {
			b.WriteString(f.Write(c.in[i : i+1]))
		}
		b.WriteString(f.Flush())
		if b.String() != c.want {
			t.Errorf("%s: got %q, want %q", c.name, b.String(), c.want)
		}
	}
}

func TestFilterCRAcrossChunks(t *testing.T) {
	var f Filter
	got := f.Write("line one\r") + f.Write("\nline two") + f.Flush()
	if got != "line one\nline two" {
		t.Fatalf("got %q", got)
	}
}

func TestFlushPartialRuneAndReset(t *testing.T) {
	var f Filter
	if got := f.Write("ok\xe4\xb8"); got != "ok" {
		t.Fatalf("Write kept a partial rune: %q", got)
	}
	if got := f.Flush(); got != "\uFFFD\uFFFD" {
		t.Fatalf("Flush = %q, want two U+FFFD", got)
	}
	// Flush resets: an unfinished sequence from the old stream is gone.
	f.Write("\x1b]0;")
	f.Flush()
	if got := f.Write("visible"); got != "visible" {
		t.Fatalf("after Flush got %q", got)
	}
}

func TestUnterminatedStringIsNotBuffered(t *testing.T) {
	var f Filter
	junk := strings.Repeat("A", 1<<16)
	f.Write("\x1b]52;c;")
	for range 64 {
		if got := f.Write(junk); got != "" {
			t.Fatalf("string body leaked: %d bytes", len(got))
		}
	}
	if f.npend != 0 {
		t.Fatalf("pending bytes held: %d", f.npend)
	}
	if got := f.Write("\x07after"); got != "after" {
		t.Fatalf("got %q after BEL", got)
	}
}

func TestCleanInputNotCopied(t *testing.T) {
	s := strings.Repeat("clean text, ünïcode ok\n", 10)
	if n := testing.AllocsPerRun(100, func() { _ = String(s) }); n != 0 {
		t.Fatalf("String allocated %v times on clean input", n)
	}
	var f Filter
	if n := testing.AllocsPerRun(100, func() { _ = f.Write(s) }); n != 0 {
		t.Fatalf("Filter.Write allocated %v times on clean input", n)
	}
}

// checkClean reports what is wrong with out, or "".
func checkClean(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for _, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20:
			return "C0 control " + string(rune('@'+r))
		case r == 0x7f:
			return "DEL"
		case r >= 0x80 && r <= 0x9f:
			return "C1 control"
		case IsBidi(r):
			return "bidi control"
		}
	}
	return ""
}

func FuzzSanitize(f *testing.F) {
	for _, c := range cases {
		f.Add(c.in, uint16(len(c.in)/2), uint16(len(c.in)/3))
	}
	f.Fuzz(func(t *testing.T, in string, a, b uint16) {
		out := String(in)
		if msg := checkClean(out); msg != "" {
			t.Fatalf("String(%q) = %q: contains %s", in, out, msg)
		}
		if again := String(out); again != out {
			t.Fatalf("not idempotent: %q -> %q", out, again)
		}
		i, j := int(a)%(len(in)+1), int(b)%(len(in)+1)
		if i > j {
			i, j = j, i
		}
		var flt Filter
		got := flt.Write(in[:i]) + flt.Write(in[i:j]) + flt.Write(in[j:]) + flt.Flush()
		if got != out {
			t.Fatalf("split %d,%d of %q: Filter %q != String %q", i, j, in, got, out)
		}
	})
}
