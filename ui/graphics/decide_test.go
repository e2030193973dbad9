package graphics

import (
	"strings"
	"testing"

	"parley/media/termimg"
)

func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func feed(t *testing.T, seqs ...string) Replies {
	t.Helper()
	var r Replies
	for _, s := range seqs {
		r.Feed(s)
	}
	return r
}

type want struct {
	proto        Protocol
	reason       string // substring
	cellW, cellH int
	cellSource   string // substring
	colors       int
	mode         termimg.ColorMode
	passthrough  bool
}

func check(t *testing.T, name string, d Decision, w want) {
	t.Helper()
	if d.Protocol != w.proto {
		t.Errorf("%s: protocol %v (%s), want %v", name, d.Protocol, d.Reason, w.proto)
	}
	if !strings.Contains(d.Reason, w.reason) {
		t.Errorf("%s: reason %q, want it to mention %q", name, d.Reason, w.reason)
	}
	if w.cellW != 0 && (d.CellW != w.cellW || d.CellH != w.cellH || !strings.Contains(d.CellSource, w.cellSource)) {
		t.Errorf("%s: cell %d×%d from %q, want %d×%d from %q", name, d.CellW, d.CellH, d.CellSource, w.cellW, w.cellH, w.cellSource)
	}
	if d.SixelColors != w.colors {
		t.Errorf("%s: sixel colours %d, want %d", name, d.SixelColors, w.colors)
	}
	if d.BlockMode != w.mode {
		t.Errorf("%s: block colours %v, want %v", name, d.BlockMode, w.mode)
	}
	if d.Passthrough != w.passthrough {
		t.Errorf("%s: passthrough %v, want %v", name, d.Passthrough, w.passthrough)
	}
}

func TestDecideRecordedTerminals(t *testing.T) {
	xterm := FromEnv(envOf("TERM", "xterm"))

	r := feed(t, xtermVersion, xtermVT340Colors, xtermVT340Geometry, xtermVT340DA1, xtermVT340DA2)
	r.SetWinsize(Winsize{Cols: 100, Rows: 35, PxW: 904, PxH: 669})
	check(t, "xterm vt340", Decide(xterm, r, Auto), want{
		proto: Sixel, reason: "DA1 reply lists 4", cellW: 9, cellH: 19, cellSource: "TIOCGWINSZ",
		colors: 256, mode: termimg.ANSI256})

	r = feed(t, xtermVersion, xtermVT340Colors, xtermWinOps, xtermVT340DA1)
	check(t, "xterm vt340 with window ops", Decide(xterm, r, Auto), want{
		proto: Sixel, reason: "DA1", cellW: 9, cellH: 19, cellSource: "16 t", colors: 256, mode: termimg.ANSI256})

	r = feed(t, xtermVersion, xtermPlainColors, xtermPlainGeom, xtermPlainDA1, xtermPlainDA2)
	r.SetWinsize(Winsize{Cols: 80, Rows: 24})
	check(t, "plain xterm", Decide(FromEnv(envOf("TERM", "xterm-256color")), r, Auto), want{
		proto: Blocks, reason: "no 4", cellW: 8, cellH: 16, cellSource: "default", mode: termimg.ANSI256})

	r = feed(t, mltermColors, mltermGeom, mltermWinOps, mltermDA1, mltermDA2)
	r.SetWinsize(Winsize{Cols: 100, Rows: 30, PxW: 1000, PxH: 570})
	check(t, "mlterm", Decide(FromEnv(envOf("TERM", "mlterm")), r, Auto), want{
		proto: Sixel, reason: "DA1", cellW: 10, cellH: 19, cellSource: "16 t", colors: 1024, mode: termimg.ANSI256})

	kittyEnv := FromEnv(envOf("TERM", "xterm-kitty", "KITTY_WINDOW_ID", "1"))
	r = feed(t, kitty026Probe, kitty026WinOps, kitty026DA1, kitty026DA2)
	check(t, "kitty 0.26, no XTVERSION", Decide(kittyEnv, r, Auto), want{
		proto: Blocks, reason: "kitty ≥ 0.28", cellW: 9, cellH: 18, cellSource: "16 t", mode: termimg.TrueColor})
	r.Feed("\x1bP>|kitty(0.26.5)\x1b\\")
	check(t, "kitty 0.26.5", Decide(kittyEnv, r, Auto), want{
		proto: Blocks, reason: "too old", cellW: 9, cellH: 18, cellSource: "16 t", mode: termimg.TrueColor})
	r.Feed(kitty035Version)
	check(t, "kitty 0.35", Decide(kittyEnv, r, Auto), want{
		proto: Kitty, reason: "kitty(0.35.2)", cellW: 9, cellH: 18, mode: termimg.TrueColor})
}

func TestDecideTmux(t *testing.T) {
	env := func(kv ...string) Hints {
		return FromEnv(envOf(append([]string{"TMUX", "/tmp/tmux-0/default,1,0", "TERM", "tmux-256color", "TERM_PROGRAM", "tmux"}, kv...)...))
	}
	r := feed(t, tmux33Version, tmux33DA1)
	check(t, "tmux 3.3 in xterm", Decide(env(), r, Auto), want{proto: Blocks, reason: "no 4", mode: termimg.ANSI256})
	if r.TmuxVersion != "tmux 3.3a" || r.Version != "" {
		t.Errorf("tmux's XTVERSION must not count as the terminal's: %+v", r)
	}
	check(t, "tmux in Ghostty", Decide(env("GHOSTTY_RESOURCES_DIR", "/usr/share/ghostty"), r, Auto),
		want{proto: Kitty, reason: "Ghostty", mode: termimg.TrueColor, passthrough: true})
	// The outer kitty's reply came back through the passthrough.
	r2 := feed(t, tmux33Version, kitty035Version, tmux33DA1)
	check(t, "tmux in kitty 0.35", Decide(env("KITTY_WINDOW_ID", "3"), r2, Auto),
		want{proto: Kitty, reason: "kitty(0.35.2)", mode: termimg.TrueColor, passthrough: true})
	check(t, "tmux with sixel", Decide(env(), feed(t, tmux34DA1), Auto),
		want{proto: Sixel, reason: "DA1", mode: termimg.ANSI256})
	check(t, "tmux in iTerm2", Decide(env("LC_TERMINAL", "iTerm2"), r, Auto),
		want{proto: Blocks, reason: "not drawn through tmux", mode: termimg.ANSI256})

	q := Queries(env())
	if !strings.Contains(q, "\x1bPtmux;\x1b\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\x1b\\\x1b\\") {
		t.Errorf("kitty probe not wrapped for tmux: %q", q)
	}
	if !strings.HasSuffix(q, "\x1b[c") {
		t.Errorf("DA1 must be the last query: %q", q)
	}
}

func TestDecideEnvironmentHints(t *testing.T) {
	wez := FromEnv(envOf("TERM", "xterm-256color", "TERM_PROGRAM", "WezTerm", "WEZTERM_PANE", "0"))
	check(t, "WezTerm env", Decide(wez, feed(t, weztermDA1), Auto),
		want{proto: ITerm2, reason: "WezTerm", mode: termimg.TrueColor})
	check(t, "WezTerm XTVERSION", Decide(FromEnv(envOf("TERM", "xterm")), feed(t, wezTermVersion, weztermDA1), Auto),
		want{proto: ITerm2, reason: "WezTerm", mode: termimg.TrueColor})
	it := FromEnv(envOf("TERM", "xterm-256color", "TERM_PROGRAM", "iTerm.app", "LC_TERMINAL", "iTerm2"))
	check(t, "iTerm2 env", Decide(it, feed(t, iTerm2Version, "\x1b[?62;4c"), Auto),
		want{proto: ITerm2, reason: "iTerm2", mode: termimg.TrueColor})
	gh := FromEnv(envOf("TERM", "xterm-ghostty", "GHOSTTY_RESOURCES_DIR", "/usr/share/ghostty"))
	check(t, "Ghostty env", Decide(gh, feed(t, "\x1b[?62;22c"), Auto),
		want{proto: Kitty, reason: "Ghostty", mode: termimg.TrueColor})
	check(t, "Ghostty XTVERSION", Decide(gh, feed(t, ghosttyVersion, "\x1b[?62;22c"), Auto),
		want{proto: Kitty, reason: "ghostty 1.1.3", mode: termimg.TrueColor})
	// An xterm started from Ghostty inherits its variables; xterm's own
	// reply wins.
	check(t, "inherited Ghostty env in xterm", Decide(gh, feed(t, xtermVersion, xtermVT340DA1), Auto),
		want{proto: Sixel, reason: "DA1", mode: termimg.TrueColor})
	check(t, "kitty probe fails", Decide(FromEnv(envOf("TERM", "xterm")), feed(t, kittyProbeFailure, xtermPlainDA1), Auto),
		want{proto: Blocks, reason: "no 4", mode: termimg.ANSI256})
	check(t, "dumb", Decide(FromEnv(envOf("TERM", "dumb")), Replies{}, Auto), want{proto: None, reason: "dumb", mode: termimg.ANSI256})
}

func TestDecideNoReplyAndOverrides(t *testing.T) {
	h := FromEnv(envOf("TERM", "xterm-256color", "COLORTERM", "truecolor"))
	r := Replies{}
	r.SetWinsize(Winsize{Cols: 120, Rows: 40})
	check(t, "never answers", Decide(h, r, Auto), want{
		proto: Blocks, reason: "no reply", cellW: 8, cellH: 16, cellSource: "default", mode: termimg.TrueColor})

	vt := feed(t, xtermVT340DA1, xtermVT340Colors)
	check(t, "override", Decide(h, vt, Blocks), want{proto: Blocks, reason: "--image-protocol", colors: 256, mode: termimg.TrueColor})
	few := feed(t, xtermVT340DA1, "\x1b[?1;0;16S")
	check(t, "16 registers", Decide(h, few, Auto), want{proto: Blocks, reason: "only 16 colour registers", colors: 16, mode: termimg.TrueColor})

	// 14 t ÷ cells when 16 t is not answered.
	area := feed(t, "\x1b[4;665;900t", xtermVT340DA1)
	area.SetWinsize(Winsize{Cols: 100, Rows: 35})
	if d := Decide(h, area, Auto); d.CellW != 9 || d.CellH != 19 || !strings.Contains(d.CellSource, "14 t") {
		t.Errorf("cell from 14 t: %d×%d (%s)", d.CellW, d.CellH, d.CellSource)
	}
	if s := Decide(h, vt, Auto).String(); !strings.Contains(s, "protocol sixel") || !strings.Contains(s, "sixel colours 256") {
		t.Errorf("summary %q", s)
	}
}

func TestParseProtocol(t *testing.T) {
	for _, p := range []Protocol{Auto, Kitty, Sixel, ITerm2, Blocks, None} {
		got, err := ParseProtocol(strings.ToUpper(p.String()))
		if err != nil || got != p {
			t.Errorf("ParseProtocol(%q) = %v, %v", p.String(), got, err)
		}
	}
	if _, err := ParseProtocol("png"); err == nil || !strings.Contains(err.Error(), `"png"`) {
		t.Errorf("bad value error: %v", err)
	}
	var p Protocol
	if err := p.Set("iterm2"); err != nil || p != ITerm2 {
		t.Errorf("Set: %v %v", p, err)
	}
}
