package markdown

import "strings"

// tail draws the open tail of a streaming reply cheaply (see the package
// comment for why glamour is not used here): source text word-wrapped at
// glamour's paragraph margin, list items with a hanging indent, fenced code
// as indented plain text without its fence lines. It keeps the rows of the
// complete source lines it has drawn, so each update only wraps the last,
// still growing, source line.
type tail struct {
	start  int      // offset in the text where the tail begins
	width  int      // width the cached rows were drawn at
	upto   int      // offset after the last complete source line drawn
	rows   []string // rows of the complete source lines
	fence  byte     // fence state after the complete source lines
	fenceN int
	lead   bool // still skipping the tail's leading blank lines
	grow   growingLine
}

// reset starts a new tail at offset start.
func (t *tail) reset(start, width int) {
	*t = tail{start: start, width: width, upto: start, rows: t.rows[:0], lead: true,
		grow: growingLine{pos: -1, fixed: t.grow.fixed[:0]}}
}

// view returns the rows for text[t.start:], given that it may have grown.
// The returned slice is only valid until the next call.
func (t *tail) view(r *Renderer, text string, start, width int) []string {
	if start != t.start || width != t.width || t.upto < start {
		t.reset(start, width)
	}
	for {
		nl := strings.IndexByte(text[t.upto:], '\n')
		if nl < 0 {
			break
		}
		t.rows = t.line(r, t.rows, text[t.upto:t.upto+nl], -1, width)
		t.upto += nl + 1
	}
	n := len(t.rows)
	rows := t.line(r, t.rows, text[t.upto:], t.upto, width)
	t.rows = rows[:n] // keep only complete lines' rows; the rest is reused
	for len(rows) > 0 && rows[len(rows)-1] == "" {
		rows = rows[:len(rows)-1] // a trailing blank would make the view jump
	}
	return rows
}

// render draws a whole text with the fast path (used when glamour fails).
func (t *tail) render(r *Renderer, text string, width int) []string {
	t.reset(0, width)
	return append([]string(nil), t.view(r, text+"\n", 0, width)...)
}

// line appends the rows for one source line. pos is -1 for a complete
// line; for the growing last line it is the line's offset, and the line's
// fence state is not remembered.
func (t *tail) line(r *Renderer, rows []string, l string, pos, width int) []string {
	complete := pos < 0
	if t.fence != 0 {
		if closesFence(l, t.fence, t.fenceN) {
			if complete {
				t.fence = 0
			}
			return append(rows, "")
		}
		return t.wrap(rows, expandTabs(l), pos, width, r.codePad, r.codePad)
	}
	if isBlank(l) {
		if t.lead || (len(rows) > 0 && rows[len(rows)-1] == "") {
			return rows // no leading or doubled blank rows
		}
		return append(rows, "")
	}
	if complete {
		t.lead = false
	}
	if c, n := opensFence(l); n > 0 {
		if complete {
			t.fence, t.fenceN = c, n
		}
		return rows // glamour does not show the fence line either
	}
	hang := indent(l)
	if isListItem(l) {
		hang += strings.IndexAny(strings.TrimLeft(l, " \t"), " \t") + 1
		l = bullet(l)
	}
	return t.wrap(rows, expandTabs(l), pos, width, r.margin, r.margin+hang)
}

// bullet draws a "-", "*" or "+" item marker as glamour does, "•", so a
// list does not change its look when its block completes. The marker is
// one cell either way, and the change is the same on every update, so the
// growing line's offsets stay valid.
func bullet(l string) string {
	i := len(l) - len(strings.TrimLeft(l, " \t"))
	if i < len(l) && (l[i] == '-' || l[i] == '*' || l[i] == '+') {
		return l[:i] + "•" + l[i+1:]
	}
	return l
}

// wrap word-wraps l to fit width with the first and later rows indented by
// first and next cells (the first row's own indentation is part of l) and
// appends the rows. The growing line (pos >= 0) is wrapped incrementally.
func (t *tail) wrap(rows []string, l string, pos, width, first, next int) []string {
	limit := width - 2*first
	if next-first > limit/2 {
		next = first // a hanging indent this deep would leave no room
	}
	limit = max(limit-(next-first), 1)
	pad, hang := strings.Repeat(" ", first), strings.Repeat(" ", next)
	if pos >= 0 {
		return append(rows, t.grow.rows(l, pos, limit, pad, hang)...)
	}
	row := 0
	for _, st := range wrapStarts(l, limit) {
		rows = append(rows, pad+strings.TrimRight(l[row:st], " "))
		row, pad = st, hang
	}
	return append(rows, pad+strings.TrimRight(l[row:], " "))
}

// expandTabs replaces tabs with four spaces. A tab has no fixed width on a
// cell-based screen: Bubble Tea's renderer counts it as zero cells, so code
// indented with tabs would lose its indentation.
func expandTabs(l string) string {
	if strings.IndexByte(l, '\t') < 0 {
		return l
	}
	return strings.ReplaceAll(l, "\t", "    ")
}
