// Package themes holds parley's semantic palettes and the one Styles value
// the UI builds from a palette. UI code asks for "the error style", never for
// a colour, so a theme is swapped by swapping the palette.
package themes

import (
	"fmt"
	"image/color"

	"charm.land/lipgloss/v2"
)

// The names of the built-in themes.
const (
	DarkName  = "dark"
	LightName = "light"
)

// The glamour standard style names that match a palette's background; the
// markdown renderer takes one of these.
const (
	GlamourDark  = "dark"
	GlamourLight = "light"
)

// Palette names colours by what they mean, not by how they look.
type Palette struct {
	Name string
	Dark bool // the palette is meant for a dark terminal background

	Fg        color.Color // ordinary text
	Muted     color.Color // secondary text: hints, timestamps, separators
	Accent    color.Color // focus, the active element, the spinner
	User      color.Color // the user's messages
	Assistant color.Color // the model's messages
	System    color.Color // notices from parley itself
	Error     color.Color
	Warning   color.Color
	Success   color.Color
	Border    color.Color
	Selection color.Color // background of selected text or rows
	StatusBg  color.Color // background of the status bar
	CodeBg    color.Color // background of code blocks
}

// Dark is the built-in palette for dark backgrounds.
func Dark() Palette {
	return Palette{
		Name:      DarkName,
		Dark:      true,
		Fg:        lipgloss.Color("#DDDDDD"),
		Muted:     lipgloss.Color("#8A8A8A"),
		Accent:    lipgloss.Color("#7AA2F7"),
		User:      lipgloss.Color("#9ECE6A"),
		Assistant: lipgloss.Color("#BB9AF7"),
		System:    lipgloss.Color("#E0AF68"),
		Error:     lipgloss.Color("#F7768E"),
		Warning:   lipgloss.Color("#E0AF68"),
		Success:   lipgloss.Color("#9ECE6A"),
		Border:    lipgloss.Color("#3B4261"),
		Selection: lipgloss.Color("#283457"),
		StatusBg:  lipgloss.Color("#1F2335"),
		CodeBg:    lipgloss.Color("#1A1B26"),
	}
}

// Light is the built-in palette for light backgrounds.
func Light() Palette {
	return Palette{
		Name:      LightName,
		Dark:      false,
		Fg:        lipgloss.Color("#24292F"),
		Muted:     lipgloss.Color("#6E7781"),
		Accent:    lipgloss.Color("#0969DA"),
		User:      lipgloss.Color("#1A7F37"),
		Assistant: lipgloss.Color("#8250DF"),
		System:    lipgloss.Color("#9A6700"),
		Error:     lipgloss.Color("#CF222E"),
		Warning:   lipgloss.Color("#9A6700"),
		Success:   lipgloss.Color("#1A7F37"),
		Border:    lipgloss.Color("#D0D7DE"),
		Selection: lipgloss.Color("#DDF4FF"),
		StatusBg:  lipgloss.Color("#EAEEF2"),
		CodeBg:    lipgloss.Color("#F6F8FA"),
	}
}

// ByName returns the built-in palette called name ("dark" or "light").
func ByName(name string) (Palette, error) {
	switch name {
	case DarkName:
		return Dark(), nil
	case LightName:
		return Light(), nil
	}
	return Palette{}, fmt.Errorf("unknown theme %q: use %q or %q", name, DarkName, LightName)
}

// ForBackground returns the built-in palette that suits a terminal
// background: dark when isDark.
func ForBackground(isDark bool) Palette {
	if isDark {
		return Dark()
	}
	return Light()
}

// GlamourStyle is the glamour standard style ("dark" or "light") whose
// colours fit this palette's background.
func (p Palette) GlamourStyle() string {
	if p.Dark {
		return GlamourDark
	}
	return GlamourLight
}
