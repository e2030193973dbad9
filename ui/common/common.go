// Package common holds what every TUI component draws with: text helpers
// that keep lines and widths right, and the markdown renderer built for a
// palette. It has no state of its own: components keep their pointers to
// the shared *themes.Styles and renderer, which the root rebuilds on a
// theme change.
package common

import (
	"os"
	"path/filepath"
	"strings"

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
