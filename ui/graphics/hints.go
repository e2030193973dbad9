package graphics

import "strings"

// Hints is what the environment says about the terminal. Environment
// variables are inherited by child processes and survive ssh and tmux
// poorly, so they only steer detection; replies to queries win.
type Hints struct {
	Term               string // TERM
	TermProgram        string // TERM_PROGRAM (iTerm.app, WezTerm, ghostty, vscode, tmux, …)
	TermProgramVersion string // TERM_PROGRAM_VERSION
	LCTerminal         string // LC_TERMINAL (iTerm2 sets it; survives ssh)
	ColorTerm          string // COLORTERM (truecolor / 24bit)
	Kitty              bool   // KITTY_WINDOW_ID set
	WezTerm            bool   // WEZTERM_EXECUTABLE or WEZTERM_PANE set
	Ghostty            bool   // GHOSTTY_RESOURCES_DIR set, or TERM xterm-ghostty
	Rio                bool   // TERM_PROGRAM or TERM says rio
	VTE                bool   // VTE_VERSION set (GNOME Terminal & co.: no images)
	WindowsTerminal    bool   // WT_SESSION set
	Tmux               bool   // TMUX set: queries and images need passthrough
	Screen             bool   // TERM starts with "screen" outside tmux (GNU screen)
}

// FromEnv reads the hints through env, normally os.Getenv.
func FromEnv(env func(string) string) Hints {
	set := func(k string) bool { return env(k) != "" }
	h := Hints{
		Term:               env("TERM"),
		TermProgram:        env("TERM_PROGRAM"),
		TermProgramVersion: env("TERM_PROGRAM_VERSION"),
		LCTerminal:         env("LC_TERMINAL"),
		ColorTerm:          env("COLORTERM"),
		Kitty:              set("KITTY_WINDOW_ID"),
		WezTerm:            set("WEZTERM_EXECUTABLE") || set("WEZTERM_PANE"),
		VTE:                set("VTE_VERSION"),
		WindowsTerminal:    set("WT_SESSION"),
		Tmux:               set("TMUX"),
	}
	prog := strings.ToLower(h.TermProgram)
	h.Ghostty = set("GHOSTTY_RESOURCES_DIR") || prog == "ghostty" || h.Term == "xterm-ghostty"
	h.Rio = prog == "rio" || h.Term == "rio"
	h.Screen = !h.Tmux && strings.HasPrefix(h.Term, "screen")
	return h
}

// iTerm2Like reports whether the environment names a terminal that shows
// iTerm2 inline images: iTerm2 itself or WezTerm.
func (h Hints) iTerm2Like() (string, bool) {
	switch {
	case h.TermProgram == "iTerm.app" || h.LCTerminal == "iTerm2":
		return "iTerm2", true
	case h.TermProgram == "WezTerm" || h.WezTerm:
		return "WezTerm", true
	}
	return "", false
}

// trueColor reports whether the environment promises 24-bit colour.
func (h Hints) trueColor() bool {
	ct := strings.ToLower(h.ColorTerm)
	return ct == "truecolor" || ct == "24bit" || strings.HasSuffix(h.Term, "-direct") ||
		h.Kitty || h.Ghostty || h.WezTerm || h.Rio || h.WindowsTerminal ||
		h.TermProgram == "iTerm.app"
}
