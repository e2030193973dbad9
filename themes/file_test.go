package themes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

func writeTheme(t *testing.T, dir, name, body string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, DirName), 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, DirName, name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUserThemeFile(t *testing.T) {
	dir := t.TempDir()
	writeTheme(t, dir, "sepia.toml", "base = \"light\"\n[colors]\nfg = \"#5b4636\"\naccent = \"#a52\"\nstatus_bg = \"223\"\n")
	p, err := Find(dir, "sepia")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "sepia" || p.Dark || p.Fg != lipgloss.Color("#5b4636") || p.Accent != lipgloss.Color("#a52") ||
		p.StatusBg != lipgloss.Color("223") || p.Error != Light().Error {
		t.Errorf("palette = %+v", p)
	}
	if p, err := Find(dir, "dark"); err != nil || p.Name != DarkName {
		t.Errorf("built-ins still win: %v %v", p.Name, err)
	}
	if _, err := Find(dir, "nope"); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, DirName, "nope.toml")) {
		t.Errorf("missing theme: %v, want the file it looked for", err)
	}
}

func TestThemeFileErrors(t *testing.T) {
	dir := t.TempDir()
	for body, want := range map[string]string{
		"[colors]\nfg = \"red\"\n":                               `colors.fg: "red" is not a colour`,
		"[colors]\nfg = \"#12345\"\n":                            `is not a colour`,
		"[colors]\nfg = \"256\"\n":                               `is not a colour`,
		"[colors]\nbackground = \"#000\"\n":                      `unknown colour colors.background (known: accent, assistant, border, code_bg`,
		"base = \"blue\"\n":                                      `base "blue" is not "dark" or "light"`,
		"bas = \"dark\"\n":                                       `unknown key "bas"`,
		"[colors]\nfg = \"\\u001b]0;T\\u0007\"\n":                `is not a colour`,
		"[colors\n":                                              `theme `,
		"[colors]\nfg = \"" + strings.Repeat("x", 5000) + "\"\n": "…",
	} {
		path := writeTheme(t, dir, "t.toml", body)
		_, err := LoadFile(path)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
			t.Errorf("LoadFile(%.30q) = %v, want it to name the file and say %q", body, err, want)
			continue
		}
		if strings.ContainsAny(err.Error(), "\x1b\x07") || len(err.Error()) > 400 {
			t.Errorf("LoadFile(%.30q): error not sanitized or not capped: %q", body, err)
		}
	}
	if _, err := LoadFile(writeTheme(t, dir, "Bad Name.toml", "")); err == nil {
		t.Error("a file name that is not a theme name was accepted")
	}
}

func TestLoadDirKeepsGoodThemes(t *testing.T) {
	dir := t.TempDir()
	writeTheme(t, dir, "good.toml", "[colors]\naccent = \"#ff79c6\"\n")
	writeTheme(t, dir, "bad.toml", "[colors]\naccent = \"pink\"\n")
	writeTheme(t, dir, "notes.txt", "not a theme")
	got, errs := LoadDir(filepath.Join(dir, DirName))
	if len(got) != 1 || got["good"].Accent != lipgloss.Color("#ff79c6") || len(errs) != 1 || !strings.Contains(errs[0].Error(), "bad.toml") {
		t.Errorf("LoadDir = %v, %v", got, errs)
	}
	if got, errs := LoadDir(filepath.Join(dir, "none")); got != nil || errs != nil {
		t.Errorf("missing dir: %v %v", got, errs)
	}
}

func TestParseCOLORFGBG(t *testing.T) {
	for v, want := range map[string][2]bool{
		"15;0": {true, true}, "0;15": {false, true}, "0;default;7": {false, true}, "7;8": {true, true},
		"12;4": {true, true}, "": {false, false}, "15": {false, false}, "15;default": {false, false}, "1;99": {false, false},
	} {
		dark, ok := ParseCOLORFGBG(v)
		if dark != want[0] || ok != want[1] {
			t.Errorf("ParseCOLORFGBG(%q) = %v, %v; want %v, %v", v, dark, ok, want[0], want[1])
		}
	}
}
