package ui

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"parley/themes"
)

// A user theme file CONFIG_DIR/themes/NAME.toml is a --theme value, as the
// README promises: its colours are used and the terminal is not asked
// (issue 15, item 16).
func TestUserThemeFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, themes.DirName), 0o700); err != nil {
		t.Fatal(err)
	}
	file := "base = \"light\"\n[colors]\naccent = \"#FF79C6\"\n"
	if err := os.WriteFile(filepath.Join(dir, themes.DirName, "rose.toml"), []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, nil, Options{Theme: "rose", ThemeDir: dir})
	if p := m.styles.Palette; p.Name != "rose" || !sameColor(p.Accent, lipgloss.Color("#FF79C6")) || !sameColor(p.StatusBg, themes.Light().StatusBg) {
		t.Errorf("palette %s accent %v, want the file's", p.Name, p.Accent)
	}
	if !m.themeFixed {
		t.Error("a chosen theme still follows the terminal")
	}
	missing := newTestModel(t, nil, Options{Theme: "nosuch", ThemeDir: dir})
	if v := plainView(missing); !strings.Contains(v, "unknown theme") || !strings.Contains(v, "nosuch.toml") {
		t.Errorf("a missing theme file is not named:\n%s", v)
	}
}

// With no theme chosen, COLORFGBG picks the start (tmux does not pass the
// background query on by default); the terminal's answer, when it comes,
// wins.
func TestAutoThemeFallsBackToCOLORFGBG(t *testing.T) {
	m := New(Options{Model: "fake/m", ColorFGBG: "0;15"})
	if m.styles.Palette.Name != themes.LightName {
		t.Fatalf("COLORFGBG=0;15 started %s, want light", m.styles.Palette.Name)
	}
	m.Update(tea.BackgroundColorMsg{Color: color.Black})
	if m.styles.Palette.Name != themes.DarkName {
		t.Errorf("after a black background answer: %s", m.styles.Palette.Name)
	}
	if d := New(Options{Model: "fake/m"}); d.styles.Palette.Name != themes.DarkName {
		t.Errorf("without any hint: %s, want dark", d.styles.Palette.Name)
	}
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}
