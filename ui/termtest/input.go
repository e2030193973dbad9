package termtest

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Type types text into the terminal with xdotool, after focusing it.
// WaitText afterwards sees only output that arrives from now on.
func (t *Term) Type(text string) error {
	t.setMark()
	if err := t.focus(); err != nil {
		return err
	}
	return t.x("xdotool", "type", "--delay", "40", "--", text)
}

// Key presses keys in xdotool's names ("Return", "ctrl+c", "Down"), in
// order, after focusing the terminal. WaitText afterwards sees only output
// that arrives from now on.
func (t *Term) Key(keys ...string) error {
	t.setMark()
	if err := t.focus(); err != nil {
		return err
	}
	return t.x("xdotool", append([]string{"key", "--delay", "60", "--"}, keys...)...)
}

// focus gives the window the keyboard again: xterm ignores xdotool's
// --window, so keys go wherever the focus is.
func (t *Term) focus() error { return t.x("xdotool", "windowfocus", t.window) }

func (t *Term) setMark() {
	if fi, err := os.Stat(filepath.Join(t.dir, "out.log")); err == nil {
		t.mark = fi.Size()
	}
}

// WaitText waits until text appears in what the program wrote to the
// terminal after the last Type or Key (xterm's output log), for at most
// Options.Timeout.
func (t *Term) WaitText(text string) error {
	err := t.poll(t.opt.Timeout, func() (bool, error) {
		b, err := t.OutputLog()
		if err != nil {
			return false, err
		}
		return int64(len(b)) > t.mark && bytes.Contains(b[t.mark:], []byte(text)), nil
	})
	if err != nil {
		return fmt.Errorf("waiting for %q in the output: %w", text, err)
	}
	return nil
}

// WaitScreen waits until text is on the screen (a text dump holds it), for
// at most Options.Timeout. Unlike WaitText it sees what is shown now, not
// what was written.
func (t *Term) WaitScreen(text string) error {
	var last string
	err := t.poll(t.opt.Timeout, func() (bool, error) {
		s, err := t.TextDump()
		last = s
		return err == nil && strings.Contains(s, text), err
	})
	if err != nil {
		return fmt.Errorf("waiting for %q on the screen: %w; the screen:\n%s", text, err, last)
	}
	return nil
}

// WaitFile waits until path exists (a marker the program writes).
func (t *Term) WaitFile(path string) error {
	if err := t.poll(t.opt.Timeout, func() (bool, error) { return exists(path), nil }); err != nil {
		return fmt.Errorf("waiting for file %s: %w", path, err)
	}
	return nil
}

// TextDump returns the screen's text, one line per row, through xterm's
// print-immediate action (bound to Ctrl+Shift+Alt+F12 by the rig).
func (t *Term) TextDump() (string, error) {
	old, _ := filepath.Glob(filepath.Join(t.dir, "dump*"))
	for _, f := range old {
		_ = os.Remove(f)
	}
	if err := t.focus(); err != nil {
		return "", err
	}
	if err := t.x("xdotool", "key", "ctrl+shift+alt+F12"); err != nil {
		return "", err
	}
	var data []byte
	prev := -1
	// xterm names the file with a time stamp and writes it at once; done
	// when it exists and its size held still for one poll.
	err := t.poll(t.opt.Timeout, func() (bool, error) {
		files, _ := filepath.Glob(filepath.Join(t.dir, "dump*"))
		if len(files) == 0 {
			return false, nil
		}
		b, err := os.ReadFile(files[0])
		if err != nil {
			return false, err
		}
		done := len(b) > 0 && len(b) == prev
		prev, data = len(b), b
		return done, nil
	})
	if err != nil {
		return "", fmt.Errorf("text dump: %w", err)
	}
	return string(data), nil
}

// Shot saves a PNG screenshot of the terminal window at path.
func (t *Term) Shot(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return t.x(importPath, "-window", t.window, "png:"+path)
}

// Settle waits until the window's pixels stop changing for quiet, for at
// most Options.Timeout.
func (t *Term) Settle(quiet time.Duration) error {
	var last [sha256.Size]byte
	var since time.Time
	err := t.poll(t.opt.Timeout, func() (bool, error) {
		b, err := t.xout(importPath, "-window", t.window, "rgb:-")
		if err != nil {
			return false, fmt.Errorf("import: %w", err)
		}
		if h := sha256.Sum256(b); h != last || since.IsZero() {
			last, since = h, time.Now()
			return false, nil
		}
		return time.Since(since) >= quiet, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for the screen to settle: %w", err)
	}
	return nil
}

// Pixel returns the colour at (x, y) of a PNG screenshot, in window pixels.
func Pixel(shot string, x, y int) (color.RGBA, error) {
	img, err := readPNG(shot)
	if err != nil {
		return color.RGBA{}, err
	}
	if !(image.Point{x, y}).In(img.Bounds()) {
		return color.RGBA{}, fmt.Errorf("(%d,%d) is outside %s (%v)", x, y, shot, img.Bounds())
	}
	r, g, b, _ := img.At(x, y).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}, nil
}

// Size returns a PNG screenshot's width and height.
func Size(shot string) (w, h int, err error) {
	img, err := readPNG(shot)
	if err != nil {
		return 0, 0, err
	}
	return img.Bounds().Dx(), img.Bounds().Dy(), nil
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// CellPixel is the colour at the centre of cell (col, row), counted from
// 0, in a screenshot of a cols×rows terminal: xterm's window is the cells
// plus a 2 px border on each side.
func CellPixel(shot string, cols, rows, col, row int) (color.RGBA, error) {
	w, h, err := Size(shot)
	if err != nil {
		return color.RGBA{}, err
	}
	const border = 2
	cw, ch := (w-2*border)/cols, (h-2*border)/rows
	return Pixel(shot, border+col*cw+cw/2, border+row*ch+ch/2)
}
