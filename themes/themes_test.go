package themes

import (
	"strings"
	"testing"
)

func TestByName(t *testing.T) {
	for _, name := range []string{DarkName, LightName} {
		p, err := ByName(name)
		if err != nil {
			t.Fatalf("ByName(%q): %v", name, err)
		}
		if p.Name != name {
			t.Errorf("ByName(%q).Name = %q", name, p.Name)
		}
	}
	_, err := ByName("solarized")
	if err == nil || !strings.Contains(err.Error(), `"solarized"`) {
		t.Errorf("ByName(solarized) error = %v, want one naming the theme", err)
	}
}

func TestGlamourStyleFollowsBackground(t *testing.T) {
	if got := ForBackground(true).GlamourStyle(); got != GlamourDark {
		t.Errorf("dark background: glamour style %q, want %q", got, GlamourDark)
	}
	if got := ForBackground(false).GlamourStyle(); got != GlamourLight {
		t.Errorf("light background: glamour style %q, want %q", got, GlamourLight)
	}
}

// Every semantic colour must be set: a nil colour silently renders as the
// terminal default and hides a missing palette entry.
func TestPalettesComplete(t *testing.T) {
	for _, p := range []Palette{Dark(), Light()} {
		cols := map[string]any{
			"Fg": p.Fg, "Muted": p.Muted, "Accent": p.Accent, "User": p.User,
			"Assistant": p.Assistant, "System": p.System, "Error": p.Error,
			"Warning": p.Warning, "Success": p.Success, "Border": p.Border,
			"Selection": p.Selection, "StatusBg": p.StatusBg, "CodeBg": p.CodeBg,
		}
		for name, c := range cols {
			if c == nil {
				t.Errorf("%s palette: %s is nil", p.Name, name)
			}
		}
	}
	if Dark().Fg == Light().Fg {
		t.Error("dark and light palettes share the text colour")
	}
}

func TestNewStylesUsesPalette(t *testing.T) {
	p := Dark()
	s := NewStyles(p)
	if s.ErrorLine.GetForeground() != p.Error {
		t.Errorf("ErrorLine foreground = %v, want palette Error %v", s.ErrorLine.GetForeground(), p.Error)
	}
	if s.StatusBar.GetBackground() != p.StatusBg {
		t.Errorf("StatusBar background = %v, want %v", s.StatusBar.GetBackground(), p.StatusBg)
	}
}
