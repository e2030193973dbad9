package main

import (
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/media/pdf/pdftest"
	"parley/providers/providertest"
)

// TestE2EDocumentPreviewSixelInXterm: in xterm as a VT340 (sixel), a sent
// PDF shows in the transcript as its chip line, then its first page drawn
// as an inline image: the cells between the chip line and the image's
// caption hold the page's pixels — a scan's checkerboard of dark and light
// grey squares — and the screen right of the thumbnail does not.
func TestE2EDocumentPreviewSixelInXterm(t *testing.T) {
	needTermshot(t)
	dir := t.TempDir()
	f := newFakeOpenAI(t, "test-key", 5*time.Millisecond, "END-OF-REPLY")
	sb := newSandbox(t)
	sharePDFCache(t, sb.data)
	spec := filepath.Join(dir, "spec.pdf")
	if err := os.WriteFile(spec, pdftest.Build([]pdftest.Page{{Gray: 64}, {Text: "Page 2"}}, pdftest.Options{}), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--cols", "100", "--rows", "35", "--out", filepath.Join(dir, "final.png"), "--timeout", termshotTimeout}
	for _, s := range []string{waitFirstScreen, "text:/attach " + spec, "key:Return", "waitfor:2 pages",
		"text:what is this", "key:Return", "waitfor:END-OF-REPLY", "sleep:2",
		"shot:" + filepath.Join(dir, "shot.png"), "textdump:" + filepath.Join(dir, "shot.txt")} {
		args = append(args, "--keys", s)
	}
	args = append(args, "--", binary, "--data-dir", sb.data, "--base-url", f.URL(), "-m", "gpt-4o", "--theme", "light")
	cmd := exec.Command(termshotPath, args...)
	cmd.Env = sb.env("OPENAI_API_KEY=test-key", "DISPLAY=")
	var out providertest.SyncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("termshot: %v\n%s", err, out.String())
	}
	dump, err := os.ReadFile(filepath.Join(dir, "shot.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(dump), "\n")
	chip, caption := -1, -1
	for i, l := range lines {
		switch {
		case strings.Contains(l, "▤ spec.pdf · 2 pages"):
			chip = i
		case chip >= 0 && caption < 0 && strings.Contains(l, "spec.pdf p.1"):
			caption = i
		}
	}
	if chip < 0 || caption < chip+3 {
		t.Fatalf("no chip line and page image (chip row %d, caption row %d):\n%s", chip, caption, dump)
	}
	shot := filepath.Join(dir, "shot.png")
	cw, _, border := cellGeometry(t, shot)
	_, h := shotSize(t, shot)
	rowY := func(r int) int { return border + (2*r+1)*(h-2*border)/70 } // a row's middle
	x0 := border + 2*cw
	dark, light, edge, samples := 0, 0, 0, 0
	for r := chip + 1; r < caption; r++ {
		for _, dx := range []int{4, 4 * cw, 8 * cw, 12 * cw} {
			samples++
			switch c := pixel(t, shot, x0+dx, rowY(r)); {
			case isGray(c, 0x10, 0x60):
				dark++
			case isGray(c, 0xb0, 0xe8):
				light++
			case isGray(c, 0x60, 0xb0):
				edge++ // a sample on the line between two squares, blended
			default:
				t.Logf("row %d x %d: %v", r, x0+dx, c)
			}
		}
	}
	// Every sample on the page lands on a square of one grey or the
	// other (or the blended line between two); the light theme's
	// background is white.
	if dark == 0 || light == 0 || dark+light+edge != samples || edge > samples/3 {
		t.Errorf("of %d samples in the preview's cells, %d dark and %d light grey: the first page is not drawn", samples, dark, light)
	}
	if c := pixel(t, shot, border+70*cw, rowY(chip+2)); isGray(c, 0x10, 0xe8) {
		t.Errorf("right of the thumbnail is grey too (%v): the image is not bounded to a thumbnail", c)
	}
}

// isGray reports a neutral grey between lo and hi.
func isGray(c color.RGBA, lo, hi uint8) bool {
	near := func(a, b uint8) bool { return max(a, b)-min(a, b) < 24 }
	return c.R >= lo && c.R <= hi && near(c.R, c.G) && near(c.G, c.B)
}
