// Package common holds what every TUI component draws with: text helpers
// that keep lines and widths right, and the markdown renderer built for a
// palette. It has no state of its own: components keep their pointers to
// the shared *themes.Styles and renderer, which the root rebuilds on a
// theme change.
package common

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"parley/media/sanitize"
	"parley/themes"
	"parley/ui/markdown"
)

// FirstLine is s up to its first newline.
func FirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// ClipLines keeps at most n lines of s.
func ClipLines(s string, n int) string {
	if n <= 0 {
		return ""
	}
	end := 0
	for range n {
		i := strings.IndexByte(s[end:], '\n')
		if i < 0 {
			return s
		}
		end += i + 1
	}
	return s[:end-1]
}

// NewMarkdown builds the renderer whose glamour style fits the palette.
func NewMarkdown(p themes.Palette) *markdown.Renderer {
	r, err := markdown.NewRenderer(markdown.Options{Style: p.GlamourStyle()})
	if err != nil {
		// The built-in style names always exist; fall back to the default.
		r, _ = markdown.NewRenderer(markdown.Options{})
	}
	return r
}

// ExpandHome turns a leading ~ into the home directory.
func ExpandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, p[1:])
}

// HumanBytes is the one size formatter of the UI (captions, inspect,
// notices), so one file shows one size everywhere: 812 B, 41 KB (rounded),
// 2.4 MB.
func HumanBytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20-512:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// Clock formats a duration as m:ss.
func Clock(d time.Duration) string {
	sec := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

// ApproxTokens is "≈765 tok", "≈2.0k tok" or "≈120k tok".
func ApproxTokens(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("≈%d tok", n)
	case n < 100_000:
		return fmt.Sprintf("≈%.1fk tok", float64(n)/1000)
	}
	return fmt.Sprintf("≈%dk tok", (n+500)/1000)
}

// Thousands writes n with comma thousands separators: 6000 → "6,000".
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// OneLine joins a transcript's lines for a one-line preview.
func OneLine(s string) string { return strings.Join(strings.Fields(sanitize.String(s)), " ") }

// Sparkline draws a waveform in n cells, each the peak of its share of
// the levels, scaled to the loudest so quiet speech still has a shape.
func Sparkline(wave []float64, n int) string {
	if len(wave) == 0 {
		return strings.Repeat(BlockFor(0), n)
	}
	cells := make([]float64, min(n, len(wave)))
	top := 0.0
	for i := range cells {
		lo, hi := i*len(wave)/len(cells), (i+1)*len(wave)/len(cells)
		for _, v := range wave[lo:hi] {
			cells[i] = max(cells[i], v)
		}
		top = max(top, cells[i])
	}
	var b strings.Builder
	for _, c := range cells {
		if top > 0 {
			c /= top
		}
		b.WriteString(BlockFor(c))
	}
	return b.String()
}

// blockChars are the eight heights of a bar chart cell, 3 bytes each in
// UTF-8.
const blockChars = "▁▂▃▄▅▆▇█"

// BlockFor is the cell for v (0..1).
func BlockFor(v float64) string {
	const n = len(blockChars) / 3
	i := min(max(int(math.Round(v*float64(n-1))), 0), n-1)
	return blockChars[3*i : 3*i+3]
}

// PlayView is what a chip or a transcript's voice note shows about its
// playback.
type PlayView struct {
	On, Paused bool
	Pos, Dur   time.Duration
}

// Progress is "▶ 0:03/0:07", or "⏸ …" while paused.
func (p PlayView) Progress() string {
	mark := "▶"
	if p.Paused {
		mark = "⏸"
	}
	return mark + " " + Clock(p.Pos) + "/" + Clock(p.Dur)
}

// FormatName is "PNG" for image/png.
func FormatName(mime string) string {
	_, sub, ok := strings.Cut(mime, "/")
	if !ok {
		return mime
	}
	return strings.ToUpper(sub)
}
