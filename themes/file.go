package themes

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"charm.land/lipgloss/v2"

	"parley/media/files"
	"parley/media/sanitize"
)

// DirName is the directory of user theme files inside parley's config
// directory: CONFIG_DIR/themes/NAME.toml.
const DirName = "themes"

// maxThemeBytes bounds a theme file: a real one is under a kilobyte.
const maxThemeBytes = 64 << 10

// A theme file is TOML: an optional base palette to start from and the
// colours it changes, each "#RRGGBB", "#RGB" or an ANSI colour number
// ("0"–"255"). Keys it does not set keep the base's colours.
//
//	base = "dark"            # or "light" (default: dark)
//	[colors]
//	fg = "#E0E0E0"
//	accent = "#FF79C6"
//	status_bg = "236"
//
// The palette is named after the file (solarized.toml: "solarized").
type themeFile struct {
	Base   string            `toml:"base"`
	Colors map[string]string `toml:"colors"`
}

// colorKeys are the [colors] keys, each naming a Palette field.
var colorKeys = map[string]func(*Palette) *color.Color{
	"fg": func(p *Palette) *color.Color { return &p.Fg }, "muted": func(p *Palette) *color.Color { return &p.Muted },
	"accent": func(p *Palette) *color.Color { return &p.Accent }, "user": func(p *Palette) *color.Color { return &p.User },
	"assistant": func(p *Palette) *color.Color { return &p.Assistant }, "system": func(p *Palette) *color.Color { return &p.System },
	"error": func(p *Palette) *color.Color { return &p.Error }, "warning": func(p *Palette) *color.Color { return &p.Warning },
	"success": func(p *Palette) *color.Color { return &p.Success }, "border": func(p *Palette) *color.Color { return &p.Border },
	"selection": func(p *Palette) *color.Color { return &p.Selection }, "status_bg": func(p *Palette) *color.Color { return &p.StatusBg },
	"code_bg": func(p *Palette) *color.Color { return &p.CodeBg },
}

var hexColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// themeName is what a theme file may be called: it becomes a --theme value.
var themeName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// LoadFile reads one theme file (see themeFile for the format). Errors name
// the file and the key, quote values sanitized and cut short, and list what
// is accepted.
func LoadFile(path string) (Palette, error) {
	name := strings.TrimSuffix(filepath.Base(path), ".toml")
	fail := func(format string, args ...any) (Palette, error) {
		return Palette{}, fmt.Errorf("theme %s: %s", path, fmt.Sprintf(format, args...))
	}
	if !themeName.MatchString(name) {
		return fail("the file name must be NAME.toml with NAME of lowercase letters, digits, - and _")
	}
	data, err := files.ReadFileLimit(context.Background(), path, maxThemeBytes)
	if err != nil {
		return Palette{}, fmt.Errorf("theme: %w", err)
	}
	var tf themeFile
	md, err := toml.Decode(string(data), &tf)
	if err != nil {
		return fail("%s", echo(err.Error()))
	}
	if und := md.Undecoded(); len(und) > 0 {
		return fail("unknown key %q (known: base, and in [colors]: %s)", echo(und[0].String()), strings.Join(sortedKeys(), ", "))
	}
	p := Dark()
	switch tf.Base {
	case "", DarkName:
	case LightName:
		p = Light()
	default:
		return fail("base %q is not %q or %q", echo(tf.Base), DarkName, LightName)
	}
	for key, v := range tf.Colors {
		field, ok := colorKeys[key]
		if !ok {
			return fail("unknown colour colors.%s (known: %s)", echo(key), strings.Join(sortedKeys(), ", "))
		}
		c, err := parseColor(v)
		if err != nil {
			return fail("colors.%s: %v", key, err)
		}
		*field(&p) = c
	}
	p.Name = name
	return p, nil
}

// parseColor reads "#RRGGBB", "#RGB" or an ANSI colour number.
func parseColor(v string) (color.Color, error) {
	v = strings.TrimSpace(v)
	if hexColor.MatchString(v) {
		return lipgloss.Color(v), nil
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 255 {
		return lipgloss.Color(v), nil
	}
	return nil, fmt.Errorf("%q is not a colour: use \"#RRGGBB\", \"#RGB\" or an ANSI number 0–255", echo(v))
}

// LoadDir loads every NAME.toml in dir (CONFIG_DIR/themes). A missing
// directory is no themes; a file that does not load is left out and its
// error returned with the others, so one bad file hides no good one.
func LoadDir(dir string) (map[string]Palette, []error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{fmt.Errorf("themes: %w", err)}
	}
	out := map[string]Palette{}
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".toml") {
			continue
		}
		p, err := LoadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[p.Name] = p
	}
	return out, errs
}

// Find returns the palette called name: a built-in, else the user theme
// file CONFIG_DIR/themes/NAME.toml (configDir "" = built-ins only).
func Find(configDir, name string) (Palette, error) {
	if p, err := ByName(name); err == nil {
		return p, nil
	}
	if configDir == "" || !themeName.MatchString(name) {
		return ByName(name)
	}
	path := filepath.Join(configDir, DirName, name+".toml")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return Palette{}, fmt.Errorf("unknown theme %q: use %q, %q or a file %s", echo(name), DarkName, LightName, path)
	}
	return LoadFile(path)
}

// ParseCOLORFGBG reads the COLORFGBG variable some terminals (rxvt, konsole,
// xterm with colorFgBg) set to "FG;BG" or "FG;DEFAULT;BG" with ANSI colour
// numbers: dark reports a dark background (0–6 and 8 are dark, 7 and 9–15
// light). ok is false when v says nothing usable: it is the fallback when a
// background-colour query gets no answer (tmux does not pass it through).
func ParseCOLORFGBG(v string) (dark, ok bool) {
	fields := strings.Split(strings.TrimSpace(v), ";")
	if len(fields) < 2 {
		return false, false
	}
	bg, err := strconv.Atoi(fields[len(fields)-1])
	if err != nil || bg < 0 || bg > 15 {
		return false, false
	}
	return bg <= 6 || bg == 8, true
}

// echo makes a value from a file safe and short to quote in an error.
func echo(v string) string {
	v = strings.Join(strings.Fields(sanitize.String(v)), " ")
	if r := []rune(v); len(r) > 60 {
		v = string(r[:59]) + "…"
	}
	return v
}

func sortedKeys() []string {
	keys := make([]string, 0, len(colorKeys))
	for k := range colorKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
