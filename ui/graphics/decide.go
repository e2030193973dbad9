package graphics

import (
	"fmt"
	"strconv"
	"strings"

	"parley/media/termimg"
)

// Decision is the outcome of detection: how to draw images, why, and the
// geometry and colours to draw them with. `parley doctor` prints it.
type Decision struct {
	Protocol    Protocol
	Reason      string            // why, e.g. "DA1 reply lists 4 (sixel)"
	Terminal    string            // best guess at the terminal's name
	CellW       int               // cell size in pixels
	CellH       int               //
	CellSource  string            // where the cell size came from
	SixelColors int               // sixel colour registers; 0 = unknown
	BlockMode   termimg.ColorMode // colours for half-blocks
	Tmux        bool              // running inside tmux
	Passthrough bool              // graphics escapes must be wrapped with termimg.TmuxPassthrough
}

// String is the one-line summary for logs and `parley doctor`.
func (d Decision) String() string {
	tmux := "no"
	if d.Tmux {
		tmux = "yes, passthrough not needed"
		if d.Passthrough {
			tmux = "yes, images use passthrough (needs `set -g allow-passthrough on`)"
		}
	}
	colors := "unknown"
	if d.SixelColors > 0 {
		colors = strconv.Itoa(d.SixelColors)
	}
	return fmt.Sprintf("protocol %s (%s); terminal %s; cell %d×%d px (%s); sixel colours %s; half-block colours %s; tmux: %s",
		d.Protocol, d.Reason, d.Terminal, d.CellW, d.CellH, d.CellSource, colors, d.BlockMode, tmux)
}

// Decide picks the protocol from the environment hints and the replies to
// Queries, unless override (from --image-protocol / image_protocol) is not
// Auto. Replies win over the environment, which may be inherited from
// another terminal. The preference is kitty placeholders, then iTerm2 inline
// images, then sixel, then half-blocks.
func Decide(h Hints, r Replies, override Protocol) Decision {
	d := Decision{
		Tmux:        h.Tmux,
		Terminal:    terminalName(h, r),
		SixelColors: r.SixelColors,
		BlockMode:   termimg.ANSI256,
	}
	if h.trueColor() || versionIsTrueColor(r.Version) {
		d.BlockMode = termimg.TrueColor
	}
	d.CellW, d.CellH, d.CellSource = cellSize(r)
	if override != Auto {
		d.Protocol, d.Reason = override, "set by --image-protocol / image_protocol"
	} else {
		d.Protocol, d.Reason = detect(h, r)
	}
	// tmux draws sixel itself; kitty and iTerm2 escapes must pass through it.
	d.Passthrough = h.Tmux && (d.Protocol == Kitty || d.Protocol == ITerm2)
	return d
}

// detect applies the rules in order of preference.
func detect(h Hints, r Replies) (Protocol, string) {
	if h.Term == "dumb" {
		return None, "TERM=dumb"
	}
	ok, why := kittyPlaceholders(h, r)
	if ok {
		return Kitty, why
	}
	note := ""
	if why != "" {
		note = "; " + why
	}
	if name, ok := iTerm2Name(h, r); ok {
		if h.Tmux {
			note = "; " + name + " inline images are not drawn through tmux" + note
		} else {
			return ITerm2, name + " shows iTerm2 inline images"
		}
	}
	if r.hasAttr(4) {
		if r.SixelColors > 0 && r.SixelColors < termimg.PaletteSize {
			return Blocks, fmt.Sprintf("sixel has only %d colour registers (need %d)%s",
				r.SixelColors, termimg.PaletteSize, note)
		}
		return Sixel, "DA1 reply lists 4 (sixel)" + note
	}
	if !r.Answered {
		return Blocks, "no reply to the terminal queries within the timeout" + note
	}
	return Blocks, "DA1 reply has no 4 (sixel) and no kitty or iTerm2 support was found" + note
}

// kittyPlaceholders reports whether the terminal draws kitty Unicode
// placeholders: kitty ≥ 0.28, Ghostty or Rio. When it is kitty graphics
// without placeholders, the reason says so (our renderer needs them).
func kittyPlaceholders(h Hints, r Replies) (bool, string) {
	v := strings.ToLower(r.Version)
	switch {
	case strings.HasPrefix(v, "kitty("):
		major, minor, ok := parseVersion(strings.TrimSuffix(strings.TrimPrefix(v, "kitty("), ")"))
		if ok && (major > 0 || minor >= 28) {
			return true, "XTVERSION " + r.Version + " has Unicode placeholders (kitty ≥ 0.28)"
		}
		return false, r.Version + " is too old for Unicode placeholders (need kitty ≥ 0.28)"
	case strings.HasPrefix(v, "ghostty"):
		return true, "XTVERSION " + r.Version + " has kitty Unicode placeholders"
	case strings.HasPrefix(v, "rio"):
		return true, "XTVERSION " + r.Version + " has kitty Unicode placeholders"
	case v != "":
		// Another terminal answered: its name beats any inherited variable.
		return false, ""
	case h.Ghostty:
		return true, "environment says Ghostty, which has kitty Unicode placeholders"
	case h.Rio:
		return true, "environment says Rio, which has kitty Unicode placeholders"
	case r.KittyOK || h.Kitty:
		return false, "kitty graphics present but its version is unknown (placeholders need kitty ≥ 0.28)"
	}
	return false, ""
}

// iTerm2Name reports whether the terminal shows iTerm2 inline images.
func iTerm2Name(h Hints, r Replies) (string, bool) {
	v := strings.ToLower(r.Version)
	switch {
	case strings.HasPrefix(v, "iterm2"):
		return "iTerm2", true
	case strings.HasPrefix(v, "wezterm"):
		return "WezTerm", true
	case v != "":
		return "", false
	}
	return h.iTerm2Like()
}

// defaultCellSource is the CellSource of the 8×16 fallback.
const defaultCellSource = "default, the terminal did not report it"

// cellSize picks the best cell size source: the 16 t reply, the 14 t text
// area divided by the cells, TIOCGWINSZ pixels divided by the cells (less
// the terminal's border, keeping the size known before a resize while the
// pixels fit it), that size before the resize, or 8×16.
func cellSize(r Replies) (w, h int, source string) {
	if plausibleCell(r.CellW, r.CellH) {
		return r.CellW, r.CellH, "CSI 16 t reply"
	}
	if r.Cols > 0 && r.Rows > 0 && r.AreaW > 0 && r.AreaH > 0 {
		if w, h := r.AreaW/r.Cols, r.AreaH/r.Rows; plausibleCell(w, h) {
			return w, h, "CSI 14 t text area ÷ cells"
		}
	}
	border := windowBorder(r)
	ws := Winsize{Cols: r.Cols, Rows: r.Rows, PxW: r.WinPxW, PxH: r.WinPxH}
	if w, h, ok := ws.CellSizeHint(border, r.PrevCellW, r.PrevCellH); ok {
		switch {
		case w == r.PrevCellW && h == r.PrevCellH:
			return w, h, "kept from before the resize (the TIOCGWINSZ pixels still fit it)"
		case border > 0:
			return w, h, fmt.Sprintf("TIOCGWINSZ pixels less a %d px border ÷ cells", border)
		}
		return w, h, "TIOCGWINSZ pixels ÷ cells"
	}
	if plausibleCell(r.PrevCellW, r.PrevCellH) {
		return r.PrevCellW, r.PrevCellH, "kept from before the resize"
	}
	return termimg.DefaultCellW, termimg.DefaultCellH, defaultCellSource
}

// windowBorder is the border in pixels on each side of the text that the
// terminal counts in its TIOCGWINSZ pixel size: xterm's internalBorder
// (2 by default); the others recorded (mlterm, kitty) report the text
// area.
func windowBorder(r Replies) int {
	if strings.HasPrefix(strings.ToLower(r.Version), "xterm(") {
		return 2
	}
	return 0
}

// terminalName names the terminal for humans.
func terminalName(h Hints, r Replies) string {
	switch {
	case r.Version != "":
		return r.Version
	case h.Ghostty:
		return "Ghostty (from environment)"
	case h.Kitty:
		return "kitty (from environment)"
	case h.TermProgram != "" && !strings.EqualFold(h.TermProgram, "tmux"):
		return strings.TrimSpace(h.TermProgram+" "+h.TermProgramVersion) + " (from environment)"
	case h.WezTerm:
		return "WezTerm (from environment)"
	case h.Term != "":
		return "unknown (TERM=" + h.Term + ")"
	}
	return "unknown"
}

// versionIsTrueColor reports whether an XTVERSION name is a terminal known
// to draw 24-bit colour.
func versionIsTrueColor(v string) bool {
	v = strings.ToLower(v)
	for _, p := range []string{"kitty", "ghostty", "wezterm", "iterm2", "foot", "rio", "contour", "konsole"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// parseVersion reads "major.minor[.patch]".
func parseVersion(s string) (major, minor int, ok bool) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return major, minor, err1 == nil && err2 == nil
}
