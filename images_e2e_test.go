package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"parley/providers/providertest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// termshotPath runs the real-terminal rig (docs/TESTING.md §2): the test
// binary itself, which TestMain turns into ui/termtest.Main when it is
// started with termshot's command line.
var termshotPath = os.Args[0]

// termshotTimeout bounds each of termshot's wait steps (seconds): a bound
// for a hung run, not a pace — under load the first screen alone can take
// longer than termshot's default 15.
const termshotTimeout = "60"

// waitFirstScreen is the termshot step that waits for parley's empty-screen
// hint, so nothing is typed before the UI reads keys.
const waitFirstScreen = "waitfor:Type a message"

// needTermshot skips the test when the tool or what it runs on is missing.
func needTermshot(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(termshotPath); err != nil {
		t.Skipf("termshot not found at %s: %v", termshotPath, err)
	}
	for _, bin := range []string{"xterm", "Xvfb", "xdotool", "/usr/bin/convert", "import"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed (need xvfb xterm xdotool imagemagick): %v", bin, err)
		}
	}
}

// writeRedPNG writes a 200×120 pure red PNG with a blue stripe over rows
// 50–69.
func writeRedPNG(t *testing.T, path string) {
	img := image.NewRGBA(image.Rect(0, 0, 200, 120))
	for y := range 120 {
		for x := range 200 {
			c := color.RGBA{255, 0, 0, 255}
			if y >= 50 && y < 70 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// pixel returns the colour of one pixel of a screenshot.
func pixel(t *testing.T, shot string, x, y int) color.RGBA {
	t.Helper()
	out, err := exec.Command("/usr/bin/convert", shot, "-crop", fmt.Sprintf("1x1+%d+%d", x, y), "txt:-").Output()
	if err != nil {
		t.Fatalf("convert %s: %v", shot, err)
	}
	m := regexp.MustCompile(`\((\d+),(\d+),(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no pixel in %q", out)
	}
	v := func(b []byte) uint8 { n, _ := strconv.Atoi(string(b)); return uint8(n) }
	return color.RGBA{v(m[1]), v(m[2]), v(m[3]), 255}
}

func shotSize(t *testing.T, shot string) (w, h int) {
	out, err := exec.Command("/usr/bin/convert", shot, "-format", "%w %h", "info:").Output()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Sscanf(string(out), "%d %d", &w, &h); err != nil {
		t.Fatalf("size of %s: %q", shot, out)
	}
	return w, h
}

func isRed(c color.RGBA) bool { return c.R > 200 && c.G < 60 && c.B < 60 }

// isBlue accepts xterm's bright blue (92,92,255) too: with TERM=xterm the
// renderer reduces colours to the 16 ANSI ones.
func isBlue(c color.RGBA) bool { return c.B > 200 && c.R < 120 && c.G < 120 }

// imageRect finds the image in a text dump: the rows between the line
// with the message text and the caption "▣ red.png", as (first row, rows).
func imageRect(t *testing.T, dump string) (first, rows int) {
	t.Helper()
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if strings.Contains(l, "▣ red.png") {
			j := i
			for j > 0 && strings.Trim(lines[j-1], " ▀") == "" {
				j--
			}
			return j, i - j
		}
	}
	t.Fatalf("no image caption in the screen text:\n%s", data)
	return 0, 0
}

// runTermshot runs parley inside a real terminal with steps and returns
// the directory holding the shots and dumps.
func runTermshot(t *testing.T, extra []string, steps ...string) string {
	t.Helper()
	return runTermshotMid(t, extra, nil, steps...)
}

// midStep is something done to the terminal from outside between steps
// (a mouse wheel turn, which termshot's key steps cannot send): once the
// file after appears, run is called with termshot's X display, and then
// DIR/mid.done is written for a "waitfile:DIR/mid.done" step to go on.
type midStep struct {
	after string // a path under DIR, e.g. "DIR/top.txt"
	run   func(display string) error
}

// runTermshotMid is runTermshot with an optional step from outside.
func runTermshotMid(t *testing.T, extra []string, mid *midStep, steps ...string) string {
	t.Helper()
	dir := t.TempDir()
	f := newFakeOpenAI(t, "test-key", 5*time.Millisecond, imageE2EReply()...)
	sb := newSandbox(t)
	img := filepath.Join(dir, "red.png")
	writeRedPNG(t, img)
	args := []string{"--cols", "100", "--rows", "35", "--out", filepath.Join(dir, "final.png"), "--timeout", termshotTimeout}
	args = append(args, extra...)
	all := append([]string{waitFirstScreen, "text:/attach " + img, "key:Return", "waitfor:red.png",
		"text:what is this", "key:Return", "waitfor:END-OF-REPLY", "sleep:1"}, steps...)
	for _, s := range all {
		args = append(args, "--keys", strings.ReplaceAll(s, "DIR", dir))
	}
	args = append(args, "--", binary, "--data-dir", sb.data, "--base-url", f.URL(), "--theme", "light")
	cmd := exec.Command(termshotPath, args...)
	cmd.Env = sb.env("OPENAI_API_KEY=test-key", "DISPLAY=")
	var out providertest.SyncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("termshot: %v", err)
	}
	if mid != nil {
		if err := doMidStep(dir, mid, &out); err != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("%v\n%s", err, out.String())
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("termshot: %v\n%s", err, out.String())
	}
	return dir
}

// doMidStep waits (at most 60 s) for mid.after and termshot's display
// line ("Xvfb pid N on :D"), runs the step and writes DIR/mid.done.
func doMidStep(dir string, mid *midStep, out *providertest.SyncBuffer) error {
	after := strings.ReplaceAll(mid.after, "DIR", dir)
	re := regexp.MustCompile(`Xvfb pid \d+ on (:\d+)`)
	deadline := time.Now().Add(60 * time.Second)
	for {
		m := re.FindStringSubmatch(out.String())
		if fi, err := os.Stat(after); err == nil && fi.Size() > 0 && m != nil {
			time.Sleep(300 * time.Millisecond) // let termshot finish the file
			if err := mid.run(m[1]); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, "mid.done"), nil, 0o644)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting for %s", after)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// wheelDown turns the mouse wheel down n notches over the terminal (the
// pointer rests in it): parley scrolls the transcript 3 lines a notch.
func wheelDown(n int) func(display string) error {
	return func(display string) error {
		cmd := exec.Command("xdotool", "click", "--repeat", strconv.Itoa(n), "--delay", "80", "5")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("xdotool click: %v: %s", err, out)
		}
		return nil
	}
}

// imageE2EReply is long enough that the transcript scrolls.
func imageE2EReply() []string {
	var r []string
	for i := range 12 {
		r = append(r, fmt.Sprintf("Line %d of the description.\n\n", i))
	}
	return append(r, "END-OF-REPLY")
}

// cellGeometry derives the cell size from the screenshot: xterm's window
// is the cells plus a 2 px border on each side.
func cellGeometry(t *testing.T, shot string) (cw, ch, border int) {
	w, h := shotSize(t, shot)
	border = 2
	return (w - 2*border) / 100, (h - 2*border) / 35, border
}

func TestE2EImageSixelInXterm(t *testing.T) {
	needTermshot(t)
	// From the top, one wheel notch scrolls the transcript 3 lines: the
	// image moves up with the text, and its old bottom rows are now the
	// caption and the reply's first lines. Only a small scroll catches
	// pixels left behind: the renderer repaints only the cells that
	// changed, and blank cells that stay blank keep whatever pixels were
	// drawn over them.
	dir := runTermshotMid(t, nil, &midStep{after: "DIR/top.txt", run: wheelDown(1)},
		"key:Home", "sleep:1.5", "shot:DIR/top.png", "textdump:DIR/top.txt",
		"waitfile:DIR/mid.done", "sleep:1.5", "shot:DIR/end.png", "textdump:DIR/end.txt",
		"text:?", "sleep:1.5", "shot:DIR/help.png", "key:Escape", "sleep:1.5", "shot:DIR/back.png")
	top, end := filepath.Join(dir, "top.png"), filepath.Join(dir, "end.png")
	checkDump(t, "images_sixel_top", filepath.Join(dir, "top.txt"), dir, "DIR")
	checkDump(t, "images_sixel_end", filepath.Join(dir, "end.txt"), dir, "DIR")
	cw, ch, border := cellGeometry(t, top)
	first, rows := imageRect(t, filepath.Join(dir, "top.txt"))
	if rows < 3 {
		t.Fatalf("image takes %d rows", rows)
	}
	x0, y0 := border+2*cw, border+first*ch
	pxH := rows * ch
	if c := pixel(t, top, x0+4, y0+3); !isRed(c) {
		t.Errorf("top-left of the reserved cells (%d,%d) is %v, want red", x0+4, y0+3, c)
	}
	if c := pixel(t, top, x0+40, y0+pxH*60/120); !isBlue(c) {
		t.Errorf("stripe at (%d,%d) is %v, want blue", x0+40, y0+pxH*60/120, c)
	}
	if c := pixel(t, top, x0+40, y0+pxH-3); !isRed(c) {
		t.Errorf("bottom of the image is %v, want red", c)
	}

	// After the wheel the image sits a few rows higher; the rows it
	// covered that it no longer covers must hold no image colour.
	capTop, capEnd := captionRow(t, filepath.Join(dir, "top.txt")), captionRow(t, filepath.Join(dir, "end.txt"))
	shift := capTop - capEnd
	if shift <= 0 || shift >= rows {
		t.Fatalf("the wheel moved the caption from row %d to %d: want a scroll of a few lines", capTop, capEnd)
	}
	moved := 0
	for r := first; r < first+rows; r++ {
		if r < first+rows-shift {
			continue // the image (a higher part of it) is here now
		}
		moved++
		for _, dy := range []int{2, ch / 2, ch - 3} {
			y := border + r*ch + dy
			for _, x := range []int{x0 + 4, x0 + 60, x0 + 150} {
				if c := pixel(t, end, x, y); isRed(c) || isBlue(c) {
					t.Errorf("stale image pixel at (%d,%d) row %d after scrolling %d lines: %v", x, y, r, shift, c)
				}
			}
		}
	}
	if moved == 0 {
		t.Fatal("no row was vacated: the scroll checked nothing")
	}
	t.Logf("the wheel scrolled %d lines; %d vacated rows checked", shift, moved)
	// The image is drawn where the text now reserves it: its bottom
	// just above the caption, red, and it is still there, not erased.
	y := border + capEnd*ch - 3
	if c := pixel(t, end, x0+4, y); !isRed(c) {
		t.Errorf("the moved image's bottom (row %d) is %v, want red", capEnd-1, c)
	}

	// A dialog hides the images. Its box covers only the middle of the
	// screen: the cells left of it keep their text (blanks) and are never
	// repainted, so only the placer's clear removes the pixels there. In
	// xterm the scroll above cannot show that (the renderer scrolls with a
	// scroll region, which moves sixel pixels along), this can.
	help, back := filepath.Join(dir, "help.png"), filepath.Join(dir, "back.png")
	for r := max(capEnd-rows+shift, 0); r < capEnd; r++ {
		for _, dy := range []int{2, ch / 2, ch - 3} {
			y := border + r*ch + dy
			if c := pixel(t, help, x0+4, y); isRed(c) || isBlue(c) {
				t.Errorf("image pixel left beside the help dialog at (%d,%d): %v", x0+4, y, c)
			}
		}
	}
	// Closed again, the image comes back where it was.
	if c := pixel(t, back, x0+4, border+capEnd*ch-3); !isRed(c) {
		t.Errorf("after closing the help the image is not back: %v", c)
	}
}

// captionRow is the screen row of the image caption in a text dump.
func captionRow(t *testing.T, dump string) int {
	t.Helper()
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "▣ red.png") {
			return i
		}
	}
	t.Fatalf("no image caption in the screen text:\n%s", data)
	return -1
}

func TestE2EImageHalfBlocksInPlainXterm(t *testing.T) {
	needTermshot(t)
	dir := runTermshot(t, []string{"--term-arg", "-ti", "--term-arg", "vt100"},
		"key:Home", "sleep:1.5", "shot:DIR/top.png", "textdump:DIR/top.txt")
	top := filepath.Join(dir, "top.png")
	checkDump(t, "images_halfblocks_top", filepath.Join(dir, "top.txt"), dir, "DIR")
	data, _ := os.ReadFile(filepath.Join(dir, "top.txt"))
	if !strings.Contains(string(data), "▀") {
		t.Fatalf("no half-blocks on screen:\n%s", data)
	}
	cw, ch, border := cellGeometry(t, top)
	first, rows := imageRect(t, filepath.Join(dir, "top.txt"))
	x0, y0 := border+2*cw, border+first*ch
	if c := pixel(t, top, x0+cw/2, y0+ch/4); !isRed(c) {
		t.Errorf("half-block at the image's top-left is %v, want red", c)
	}
	// The blue stripe sits at 50–69 of 120: the middle of the image. A
	// quarter cell below the middle stays off the seam between two cells'
	// glyphs.
	if c := pixel(t, top, x0+5*cw+cw/2, y0+rows*ch/2+ch/4); !isBlue(c) {
		t.Errorf("half-block in the stripe is %v, want blue", c)
	}
}
