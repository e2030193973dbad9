package main

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/providers/providertest"
	"parley/ui/termtest"
)

// TestE2ESixelSurvivesSelection (issue 15 item 15): /image, then Tab
// selects the picture and Tab again (past the newest) deselects it; each
// time the picture's pixels must be on screen again without a scroll.
// Deselecting takes the selection bar off the image's rows, which leaves
// them blank: the renderer clears each with EL, which erased the sixel
// pixels on the whole line while the placer believed them drawn. Esc, the
// other way out of the selection, is checked the same way.
func TestE2ESixelSurvivesSelection(t *testing.T) {
	if missing := termtest.Missing(); missing != "" {
		t.Skipf("%s is not installed (apt-get install %s): skipping real terminal test", missing, termtest.Packages)
	}
	f := newMediaFake(t, "unused")
	f.images = [][]byte{providertest.SolidPNG(t, 256, 256, color.RGBA{0, 200, 0, 255})}
	sb := imageGenSandbox(t, f)
	const cols, rows = 100, 35
	var log providertest.SyncBuffer
	term := termtest.Start(t, termtest.Options{Cols: cols, Rows: rows, Timeout: 60 * time.Second, Log: &log,
		Args: []string{binary, "--data-dir", sb.data, "--theme", "light"},
		Env:  sb.env("OPENAI_API_KEY=test-key", "DISPLAY=")})
	dir := t.TempDir()
	step := func(steps ...string) {
		t.Helper()
		if err := term.Steps(steps...); err != nil {
			t.Fatalf("%v\n%s", err, log.String())
		}
	}
	const caption = "generated image · 256×256 · openai/gpt-image-1"
	const hint = "enter/o view"
	step(waitFirstScreen, "text:/image a green frog", "key:Return")
	if err := term.WaitScreen(caption); err != nil {
		t.Fatal(err)
	}
	dump, err := term.TextDump()
	if err != nil {
		t.Fatal(err)
	}
	first, n := screenRect(t, dump, caption)
	if n < 3 {
		t.Fatalf("the image takes %d rows:\n%s", n, dump)
	}
	// Inside the picture, clear of the selection bar (column 0) and of
	// its edges: three rows, two columns.
	var cells [][2]int
	for _, r := range []int{first, first + n/2, first + n - 1} {
		for _, c := range []int{4, 12} {
			cells = append(cells, [2]int{c, r})
		}
	}
	waitGreen := func(when string) {
		t.Helper()
		if err := waitPixels(term, filepath.Join(dir, "shot.png"), cols, rows, cells, isGreen); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
	}
	waitGreen("after /image")

	step("key:Tab")
	waitScreenFunc(t, term, "the selected caption's key hint", func(s string) bool { return strings.Contains(s, hint) })
	waitGreen("after Tab selected the image")

	step("key:Tab")
	waitScreenFunc(t, term, "the caption without the key hint", func(s string) bool {
		return strings.Contains(s, caption) && !strings.Contains(s, hint)
	})
	waitGreen("after Tab deselected the image")

	// Esc deselects too (the other way out of the selection).
	step("key:Tab")
	waitScreenFunc(t, term, "the selected caption's key hint", func(s string) bool { return strings.Contains(s, hint) })
	step("key:Escape")
	waitScreenFunc(t, term, "the caption without the key hint", func(s string) bool {
		return strings.Contains(s, caption) && !strings.Contains(s, hint)
	})
	waitGreen("after Esc deselected the image")
}

func isGreen(c color.RGBA) bool { return c.G > 150 && c.R < 100 && c.B < 100 }

// screenRect finds an image in a screen's text by its caption: the blank
// rows above the caption line, as (first row, rows).
func screenRect(t *testing.T, screen, caption string) (first, rows int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, caption) {
			j := i
			for j > 0 && strings.TrimLeft(strings.TrimSpace(lines[j-1]), "▌") == "" {
				j--
			}
			return j, i - j
		}
	}
	t.Fatalf("no %q on the screen:\n%s", caption, screen)
	return 0, 0
}

// waitScreenFunc waits until the screen's text satisfies ok.
func waitScreenFunc(t *testing.T, term *termtest.Term, what string, ok func(string) bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		s, err := term.TextDump()
		if err == nil && ok(s) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; the screen:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitPixels takes screenshots until every cell's centre passes ok; it
// gives up after a bound far beyond the placement delay, naming the first
// cell that failed. A picture the placer thinks is drawn but the terminal
// lost never comes back, so the bound ends such a run.
func waitPixels(term *termtest.Term, shot string, cols, rows int, cells [][2]int, ok func(color.RGBA) bool) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		bad, err := firstBadCell(term, shot, cols, rows, cells, ok)
		if err == nil && bad == "" {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return err
			}
			return fmt.Errorf("the picture is not on screen: %s", bad)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func firstBadCell(term *termtest.Term, shot string, cols, rows int, cells [][2]int, ok func(color.RGBA) bool) (string, error) {
	if err := term.Shot(shot); err != nil {
		return "", err
	}
	for _, c := range cells {
		px, err := termtest.CellPixel(shot, cols, rows, c[0], c[1])
		if err != nil {
			return "", err
		}
		if !ok(px) {
			return fmt.Sprintf("cell (%d,%d) is %v", c[0], c[1], px), nil
		}
	}
	return "", nil
}
