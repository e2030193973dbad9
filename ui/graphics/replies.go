package graphics

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"parley/media/termimg"
)

// QueryTimeout is how long to wait for the DA1 sentinel before deciding
// with whatever has arrived (a terminal that never answers gets blocks).
const QueryTimeout = time.Second

// kittyQueryID is the image id of the kitty a=q probe; its reply echoes it.
const kittyQueryID = 31

// Queries returns the detection burst written once at start with tea.Raw:
// XTVERSION, the kitty graphics probe (a=q with a 1×1 RGB pixel, so
// nothing is stored or shown), XTSMGRAPHICS colour registers, CSI 16 t (cell
// size), CSI 14 t (text area pixels) and DA1 last. Every terminal answers
// DA1 and answers in order, so the DA1 reply means all other replies that
// are coming have come. Inside tmux, tmux answers DA1, XTVERSION and the
// window ops itself; XTVERSION and the kitty probe are also sent wrapped in
// the passthrough so the outer terminal can answer (its replies may arrive
// after the sentinel; feeding them later and deciding again is fine).
func Queries(h Hints) string {
	const (
		xtversion = "\x1b[>0q"
		kittyQ    = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
		xtsm      = "\x1b[?1;1;0S"
		cell16t   = "\x1b[16t"
		area14t   = "\x1b[14t"
		da1       = "\x1b[c"
	)
	if h.Tmux {
		// The background query too: tmux 3.3 does not answer it itself, so
		// the auto theme would stay dark on a light terminal (Bubble Tea's
		// own query reaches tmux only). The answer comes back as a
		// tea.BackgroundColorMsg like that of the direct query.
		return xtversion + termimg.TmuxPassthrough(xtversion) + termimg.TmuxPassthrough(kittyQ) +
			termimg.TmuxPassthrough(BackgroundQuery) + xtsm + cell16t + area14t + da1
	}
	return xtversion + kittyQ + xtsm + cell16t + area14t + da1
}

// Replies accumulates the terminal's answers to Queries plus the window
// size. The zero value means nothing has been heard yet.
type Replies struct {
	DA1         []int  // primary device attributes (4 = sixel)
	Answered    bool   // the DA1 sentinel arrived
	Version     string // XTVERSION of the terminal, e.g. "XTerm(379)", "kitty(0.35.2)"
	TmuxVersion string // XTVERSION answered by tmux itself, e.g. "tmux 3.4"
	Background  string // the answer to BackgroundQuery, "rgb:RRRR/GGGG/BBBB"; "" none (doctor reads it)
	KittyOK     bool   // the kitty graphics probe answered OK
	KittyError  string // the kitty probe's error reply, e.g. "ENOTSUPPORTED:…"
	SixelColors int    // XTSMGRAPHICS colour registers; 0 = unknown
	CellW       int    // CSI 16 t cell width in pixels
	CellH       int    // CSI 16 t cell height in pixels
	AreaW       int    // CSI 14 t text area width in pixels
	AreaH       int    // CSI 14 t text area height in pixels
	Cols        int    // window width in cells (CSI 18 t, WindowSizeMsg or TIOCGWINSZ)
	Rows        int    // window height in cells
	WinPxW      int    // TIOCGWINSZ width in pixels; 0 = unknown
	WinPxH      int    // TIOCGWINSZ height in pixels
	// PrevCellW×PrevCellH is the cell size known before the last real
	// resize (see Resized); 0 when none. Decide keeps it while the new
	// TIOCGWINSZ pixels still fit it, until new 16 t / 14 t answers come.
	PrevCellW int
	PrevCellH int
}

// BackgroundQuery asks the terminal for its background colour (OSC 11).
const BackgroundQuery = "\x1b]11;?\x1b\\"

// CellQueries asks for the cell size (CSI 16 t) and the text area in
// pixels (CSI 14 t) again: sent on every resize, since a font size change
// shows up only as a resize. Terminals that do not answer ignore them.
func CellQueries() string {
	return "\x1b[16t\x1b[14t"
}

// FeedMsg takes a message from Bubble Tea's Update and records it if it is
// a reply to Queries, reporting whether it was one. Bubble Tea v2.1 turns
// the replies into these messages: uv.PrimaryDeviceAttributesEvent (DA1),
// tea.TerminalVersionMsg (XTVERSION), uv.KittyGraphicsEvent (kitty probe),
// uv.CellSizeEvent (16 t), uv.PixelSizeEvent (14 t), uv.WindowSizeEvent /
// tea.WindowSizeMsg (18 t or resize), and uv.UnknownCsiEvent for
// XTSMGRAPHICS, which it does not decode; unknown DCS and APC strings are
// accepted too.
func (r *Replies) FeedMsg(msg any) bool {
	switch m := msg.(type) {
	case uv.PrimaryDeviceAttributesEvent:
		r.setDA1(m)
	case tea.TerminalVersionMsg:
		r.setVersion(m.Name)
	case uv.TerminalVersionEvent:
		r.setVersion(m.Name)
	case uv.KittyGraphicsEvent:
		if m.Options.ID != kittyQueryID {
			return false
		}
		r.setKitty(string(m.Payload))
	case uv.CellSizeEvent:
		r.CellW, r.CellH = m.Width, m.Height
	case uv.PixelSizeEvent:
		r.AreaW, r.AreaH = m.Width, m.Height
	case uv.WindowSizeEvent:
		r.Cols, r.Rows = m.Width, m.Height
	case tea.WindowSizeMsg:
		r.Cols, r.Rows = m.Width, m.Height
	case uv.UnknownCsiEvent:
		return r.Feed(string(m)) > 0
	case uv.UnknownDcsEvent:
		return r.Feed(string(m)) > 0
	case uv.UnknownApcEvent:
		return r.Feed(string(m)) > 0
	default:
		return false
	}
	return true
}

// Feed parses raw reply bytes (one or more complete escape sequences, as a
// terminal sends them) and returns how many were replies it recorded.
// Anything else is skipped.
func (r *Replies) Feed(data string) int {
	n := 0
	for {
		i := strings.IndexByte(data, 0x1b)
		if i < 0 || i+1 >= len(data) {
			return n
		}
		data = data[i+1:]
		var ok bool
		switch data[0] {
		case '[':
			data, ok = r.feedCSI(data[1:])
		case 'P':
			data, ok = r.feedString(data[1:], r.feedDCS)
		case '_':
			data, ok = r.feedString(data[1:], r.feedAPC)
		case ']':
			data, ok = r.feedString(data[1:], r.feedOSC)
		}
		if ok {
			n++
		}
	}
}

// feedCSI parses "[prefix]params final" and returns the rest of data.
func (r *Replies) feedCSI(data string) (string, bool) {
	prefix := byte(0)
	if len(data) > 0 && strings.IndexByte("<=>?", data[0]) >= 0 {
		prefix, data = data[0], data[1:]
	}
	end := 0
	for end < len(data) && (data[end] >= '0' && data[end] <= '9' || data[end] == ';') {
		end++
	}
	if end >= len(data) {
		return "", false
	}
	params, final, rest := parseParams(data[:end]), data[end], data[end+1:]
	switch {
	case prefix == '?' && final == 'c':
		r.setDA1(params)
	case prefix == '?' && final == 'S':
		// XTSMGRAPHICS: item;status;value — item 1 is colour registers,
		// status 0 success. A failure never overwrites an earlier success.
		if len(params) < 3 || params[0] != 1 || params[1] != 0 {
			return rest, len(params) >= 2 && params[0] == 1
		}
		r.SixelColors = params[2]
	case prefix == 0 && final == 't' && len(params) == 3:
		switch params[0] {
		case 4:
			r.AreaH, r.AreaW = params[1], params[2]
		case 6:
			r.CellH, r.CellW = params[1], params[2]
		case 8:
			r.Rows, r.Cols = params[1], params[2]
		default:
			return rest, false
		}
	default:
		return rest, false
	}
	return rest, true
}

// feedString cuts a string sequence at ST (ESC \) or BEL and hands its body
// to parse.
func (r *Replies) feedString(data string, parse func(string) bool) (string, bool) {
	end, skip := strings.Index(data, "\x1b\\"), 2
	if bel := strings.IndexByte(data, '\a'); bel >= 0 && (end < 0 || bel < end) {
		end, skip = bel, 1
	}
	if end < 0 {
		return "", false
	}
	return data[end+skip:], parse(data[:end])
}

// feedOSC records the background colour ("11;rgb:…"), for doctor.
func (r *Replies) feedOSC(body string) bool {
	bg, ok := strings.CutPrefix(body, "11;")
	if ok {
		r.Background = bg
	}
	return ok
}

// feedDCS records XTVERSION (">|name").
func (r *Replies) feedDCS(body string) bool {
	name, ok := strings.CutPrefix(body, ">|")
	if ok {
		r.setVersion(name)
	}
	return ok
}

// feedAPC records the kitty probe's reply ("Gi=31;OK").
func (r *Replies) feedAPC(body string) bool {
	keys, msg, ok := strings.Cut(strings.TrimPrefix(body, "G"), ";")
	if !ok || !strings.HasPrefix(body, "G") {
		return false
	}
	for _, kv := range strings.Split(keys, ",") {
		if kv == "i="+strconv.Itoa(kittyQueryID) {
			r.setKitty(msg)
			return true
		}
	}
	return false
}

func (r *Replies) setDA1(attrs []int) {
	r.DA1 = append([]int(nil), attrs...)
	r.Answered = true
}

func (r *Replies) setVersion(name string) {
	name = strings.TrimSpace(name)
	if strings.HasPrefix(strings.ToLower(name), "tmux") {
		r.TmuxVersion = name
		return
	}
	r.Version = name
}

func (r *Replies) setKitty(msg string) {
	r.KittyOK = msg == "OK"
	if !r.KittyOK {
		r.KittyError = msg
	}
}

// Resized records a new window size: cols×rows from Bubble Tea's
// WindowSizeMsg and ws from TIOCGWINSZ (zero pixels when unknown). It
// reports whether the size really changed from the one recorded before
// (the first size ever recorded is no change). Then the 16 t and 14 t
// answers describe the old window and are dropped, so that new answers
// to CellQueries take their place; the cell size they gave is kept as
// PrevCellW×PrevCellH in the meantime.
func (r *Replies) Resized(cols, rows int, ws Winsize) bool {
	if ws.Cols <= 0 || ws.Rows <= 0 {
		ws.Cols, ws.Rows = cols, rows
	}
	had := r.Cols > 0 && r.Rows > 0
	changed := had && (ws.Cols != r.Cols || ws.Rows != r.Rows || ws.PxW != r.WinPxW || ws.PxH != r.WinPxH)
	if changed {
		if w, h, src := cellSize(*r); src != defaultCellSource {
			r.PrevCellW, r.PrevCellH = w, h
		}
		r.CellW, r.CellH, r.AreaW, r.AreaH = 0, 0, 0, 0
	}
	r.SetWinsize(ws)
	return changed
}

// SetWinsize records a TIOCGWINSZ result (see ReadWinsize).
func (r *Replies) SetWinsize(ws Winsize) {
	if ws.Cols > 0 && ws.Rows > 0 {
		r.Cols, r.Rows = ws.Cols, ws.Rows
	}
	r.WinPxW, r.WinPxH = ws.PxW, ws.PxH
}

// hasAttr reports whether DA1 lists attribute a.
func (r Replies) hasAttr(a int) bool {
	for _, v := range r.DA1 {
		if v == a {
			return true
		}
	}
	return false
}

func parseParams(s string) []int {
	if s == "" {
		return nil
	}
	fields := strings.Split(s, ";")
	out := make([]int, 0, len(fields))
	for _, f := range fields {
		// An empty parameter (kitty's DA1 is "62;") means the default, 0,
		// as Bubble Tea's decoder reads it.
		n, err := strconv.Atoi(f)
		if err != nil {
			n = 0
		}
		out = append(out, n)
	}
	return out
}
