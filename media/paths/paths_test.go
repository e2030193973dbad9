package paths

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// tree makes real files in a temp dir; exists is a real os.Stat check, as
// the UI will use.
func tree(t *testing.T, names ...string) (dir string, exists func(string) bool) {
	dir = t.TempDir()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, func(p string) bool {
		st, err := os.Stat(p)
		return err == nil && st.Mode().IsRegular()
	}
}

func TestParsePasteForms(t *testing.T) {
	dir, exists := tree(t, "shot.png", "my shot.png", "it's.png", `say "hi".png`, "100%.png", "ünï cödé.png")
	p := func(n string) string { return filepath.Join(dir, n) }
	cases := []struct {
		name, in string
		want     []string
	}{
		{"plain absolute", p("shot.png"), []string{p("shot.png")}},
		{"surrounding whitespace", "  " + p("shot.png") + "\n", []string{p("shot.png")}},
		{"single-quoted", "'" + p("my shot.png") + "'", []string{p("my shot.png")}},
		{"double-quoted", `"` + p("my shot.png") + `"`, []string{p("my shot.png")}},
		{"double-quoted with escapes", `"` + dir + `/say \"hi\".png"`, []string{p(`say "hi".png`)}},
		{"single quote escaped shell-style", "'" + dir + `/it'\''s.png'`, []string{p("it's.png")}},
		{"backslash-escaped space", dir + `/my\ shot.png`, []string{p("my shot.png")}},
		{"file URL", "file://" + dir + "/my%20shot.png", []string{p("my shot.png")}},
		{"file URL with host", "file://localhost" + dir + "/shot.png", []string{p("shot.png")}},
		{"file URL percent sign and unicode", "file://" + dir + "/100%25.png", []string{p("100%.png")}},
		{"unicode raw", p("ünï cödé.png"), []string{p("ünï cödé.png")}},
		{"unquoted with spaces (some terminals)", p("my shot.png"), []string{p("my shot.png")}},
		{"several, spaces", "'" + p("my shot.png") + "' " + p("shot.png"), []string{p("my shot.png"), p("shot.png")}},
		{"several, newlines", p("shot.png") + "\n" + p("my shot.png") + "\n", []string{p("shot.png"), p("my shot.png")}},
		{"several, mixed forms", "file://" + dir + "/shot.png " + dir + `/my\ shot.png`, []string{p("shot.png"), p("my shot.png")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, rest := ParsePaste(c.in, exists)
			if !slices.Equal(got, c.want) || rest != "" {
				t.Fatalf("ParsePaste(%q) = %q, %q; want %q", c.in, got, rest, c.want)
			}
		})
	}
}

func TestParsePasteStaysText(t *testing.T) {
	dir, exists := tree(t, "shot.png")
	shot := filepath.Join(dir, "shot.png")
	cases := map[string]string{
		"missing path":          filepath.Join(dir, "missing.png"),
		"one of two missing":    shot + " " + filepath.Join(dir, "missing.png"),
		"text containing path":  "what is wrong in " + shot + "?",
		"path then prose":       shot + "\nexplain this please",
		"directory":             dir,
		"unterminated quote":    "'" + shot,
		"empty":                 "",
		"blank":                 "  \n ",
		"http URL":              "https://example.com/shot.png",
		"empty quotes":          "''",
		"file URL with a query": "file://" + shot + "?x=1",
	}
	for name, in := range cases {
		got, rest := ParsePaste(in, exists)
		if got != nil || rest != in {
			t.Errorf("%s: ParsePaste(%q) = %q, %q; want text", name, in, got, rest)
		}
	}
}

func TestParsePasteHomeAndRelative(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.WriteFile(filepath.Join(home, "a.png"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	seen := ""
	exists := func(p string) bool { seen = p; _, err := os.Stat(p); return err == nil }
	got, _ := ParsePaste("~/a.png", exists)
	if !slices.Equal(got, []string{filepath.Join(home, "a.png")}) {
		t.Fatalf("~ path: %q", got)
	}
	// Relative paths are passed to exists as typed (the caller's cwd).
	t.Chdir(home)
	got, _ = ParsePaste("a.png", exists)
	if !slices.Equal(got, []string{"a.png"}) || seen != "a.png" {
		t.Fatalf("relative: %q (checked %q)", got, seen)
	}
}
