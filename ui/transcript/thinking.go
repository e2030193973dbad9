package transcript

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
)

// thinkTailRunes bounds the reasoning a reply keeps: only the latest
// line's worth is ever shown, and reasoning is not stored.
const thinkTailRunes = 512

// Thinking is what a streaming reply shows of the model's reasoning: while
// it thinks, one dim line with the latest reasoning text; once the reply
// text starts (or the turn ends), only how long it thought. The zero value
// is not started; the first Add starts it.
type Thinking struct {
	// filter sanitizes the reasoning deltas; its own, so an escape
	// sequence split across deltas cannot slip through and reasoning never
	// mixes into the reply's filter state.
	filter  sanitize.Filter
	tail    string // the latest reasoning, on one line, sanitized
	start   time.Time
	end     time.Time
	started bool
	ended   bool
}

// Add adds a frame's raw reasoning deltas, drained at at, and reports
// whether the line changed. Once the reply text has started, later
// reasoning is not shown.
func (t *Thinking) Add(delta string, at time.Time) bool {
	if !t.started {
		t.started, t.start = true, at
	}
	if t.ended {
		return false
	}
	clean := t.filter.Write(delta)
	if clean == "" {
		return false
	}
	// Collapsed over the old tail and the new text together, so a newline
	// or a space split between deltas still reads as one space.
	tail := collapseSpace(t.tail + clean)
	if r := []rune(tail); len(r) > thinkTailRunes {
		tail = string(r[len(r)-thinkTailRunes:])
	}
	t.tail = tail
	return true
}

// End collapses the reasoning line at at (the reply text has started or
// the turn is over) and reports whether the line changed.
func (t *Thinking) End(at time.Time) bool {
	if !t.started || t.ended {
		return false
	}
	t.ended, t.end, t.tail = true, at, ""
	return true
}

// Lines is the reasoning line at width w, indented like the body, or none
// before the first Add: "thinking: …" with the newest text that fits while
// the model thinks, "thought for 4s" after.
func (t *Thinking) Lines(w int, style lipgloss.Style) []string {
	if !t.started {
		return nil
	}
	text := thoughtFor(t.end.Sub(t.start))
	if !t.ended {
		text = "thinking: " + latest(strings.TrimSpace(t.tail), max(w-2-len("thinking: "), 1))
	}
	return []string{"  " + style.Render(ansi.Truncate(text, max(w-2, 1), "…"))}
}

// collapseSpace turns every run of whitespace into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// latest is the end of s that fits in width cells, "…" in front when it
// was cut.
func latest(s string, width int) string {
	sw := ansi.StringWidth(s)
	if sw <= width {
		return s
	}
	return ansi.TruncateLeft(s, sw-width+1, "…")
}

// thoughtFor is the collapsed reasoning line: "thought for 4s", "thought
// for 1m 5s"; under a second says so instead of "0s".
func thoughtFor(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	switch {
	case d < time.Second:
		return "thought for <1s"
	case s < 60:
		return fmt.Sprintf("thought for %ds", s)
	}
	return fmt.Sprintf("thought for %dm %ds", s/60, s%60)
}
