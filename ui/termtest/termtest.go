// Package termtest is the project's terminal rig for end-to-end tests: a
// program runs inside a real xterm in VT340 mode (sixel, 256 colour
// registers) on a private Xvfb display; the test types into it with
// xdotool, waits for text (xterm's output log, or a text dump of the
// screen), and takes PNG screenshots with ImageMagick's import.
//
// Go tests use Start and the Term's methods; Steps and Main accept the step
// strings and command line of the shell tool termshot this rig replaces,
// so tests written for it switch without being rewritten.
//
// Needs the Debian packages in Packages. Start skips the test naming them
// when one is missing. It uses only the standard library and the programs.
package termtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Packages names what to install for this rig (Debian).
const Packages = "xvfb xterm xdotool imagemagick x11-utils xfonts-base fonts-dejavu-core"

// importPath is ImageMagick's screenshot program, by full path: another
// program of that name earlier on PATH must not answer instead.
const importPath = "/usr/bin/import"

// needed are the programs the rig runs.
func needed() []string { return []string{"Xvfb", "xterm", "xdotool", importPath} }

// Options describe the terminal and the program in it.
type Options struct {
	Cols, Rows int           // size in cells; 100×30 when zero
	Args       []string      // the program and its arguments
	Env        []string      // the program's environment; os.Environ() when nil
	Font       string        // xterm face; "DejaVu Sans Mono" when empty, "fixed" = bitmap font
	FontSize   int           // points; 11 when zero
	WindowOps  bool          // allowWindowOps: xterm answers CSI 14t/16t/18t
	TermName   string        // xterm -tn (the TERM it sets); xterm's own when empty
	Hold       bool          // keep the window after the program exits
	TermArgs   []string      // extra xterm arguments, after the rig's own
	Screen     string        // Xvfb screen WxH; 2560x1600 when empty
	Display    int           // first display number to try; 77 when zero
	Timeout    time.Duration // limit of every wait; 15 s when zero
	KeyDelay   time.Duration // pause after each text:/key: step of Steps (termshot's --key-delay)
	Log        io.Writer     // progress lines ("Xvfb pid N on :D"); none when nil
}

// Term is a running xterm on its own Xvfb display.
type Term struct {
	opt     Options
	dir     string // private files: xterm's log, text dumps
	display string
	xvfb    *proc
	xterm   *proc
	window  string
	mark    int64 // length of the output log at the last Type or Key
}

// Start runs opt.Args in a new terminal for the rest of the test, closing
// everything it started in t.Cleanup. It skips the test when a program the
// rig needs is missing and fails it when the terminal does not start.
func Start(t testing.TB, opt Options) *Term {
	t.Helper()
	if missing := Missing(); missing != "" {
		t.Skipf("%s is not installed (apt-get install %s): skipping real terminal test", missing, Packages)
	}
	term, err := Launch(opt)
	if err != nil {
		t.Fatalf("termtest: %v", err)
	}
	t.Cleanup(term.Close)
	return term
}

// Missing names the first program the rig needs that is not installed, or
// returns "".
func Missing() string {
	for _, p := range needed() {
		if _, err := exec.LookPath(p); err != nil {
			return p
		}
	}
	return ""
}

// Launch starts Xvfb and the terminal without a test; the caller must Close.
func Launch(opt Options) (*Term, error) {
	if len(opt.Args) == 0 {
		return nil, errors.New("no command to run")
	}
	defaults(&opt)
	dir, err := os.MkdirTemp("", "termtest-")
	if err != nil {
		return nil, err
	}
	t := &Term{opt: opt, dir: dir}
	if err := t.startX(); err != nil {
		t.Close()
		return nil, err
	}
	if err := t.startXterm(); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

func defaults(o *Options) {
	if o.Cols == 0 {
		o.Cols = 100
	}
	if o.Rows == 0 {
		o.Rows = 30
	}
	if o.Font == "" {
		o.Font = "DejaVu Sans Mono"
	}
	if o.FontSize == 0 {
		o.FontSize = 11
	}
	if o.Screen == "" {
		o.Screen = "2560x1600"
	}
	if o.Display == 0 {
		o.Display = 77
	}
	if o.Timeout == 0 {
		o.Timeout = 15 * time.Second
	}
	if o.Env == nil {
		o.Env = os.Environ()
	}
}

func (t *Term) logf(format string, args ...any) {
	if t.opt.Log != nil {
		fmt.Fprintf(t.opt.Log, "[termtest] "+format+"\n", args...)
	}
}

// Display is the X display the terminal is on, e.g. ":77", for programs
// that act on the window from outside (a mouse wheel turn with xdotool).
func (t *Term) Display() string { return t.display }

// Window is the terminal's X window id.
func (t *Term) Window() string { return t.window }

// startX starts Xvfb on the first free display from opt.Display on. A
// display another rig takes at the same moment makes Xvfb exit, and the
// next number is tried.
func (t *Term) startX() error {
	var last string
	for d := t.opt.Display; d < t.opt.Display+50; d++ {
		if exists(fmt.Sprintf("/tmp/.X%d-lock", d)) || exists(fmt.Sprintf("/tmp/.X11-unix/X%d", d)) {
			continue
		}
		disp := ":" + strconv.Itoa(d)
		var out bytes.Buffer
		cmd := exec.Command("Xvfb", disp, "-screen", "0", t.opt.Screen+"x24", "-nolisten", "tcp", "-noreset")
		cmd.Stdout, cmd.Stderr = &out, &out
		p, err := startProc(cmd)
		if err != nil {
			return fmt.Errorf("Xvfb: %w", err)
		}
		t.display = disp
		err = t.poll(10*time.Second, func() (bool, error) {
			if !p.alive() {
				return false, errors.New("exited")
			}
			return exists("/tmp/.X11-unix/X"+disp[1:]) && t.x("xdotool", "getdisplaygeometry") == nil, nil
		})
		if err == nil {
			t.xvfb = p
			t.logf("Xvfb pid %d on %s", cmd.Process.Pid, disp)
			return nil
		}
		p.stop()
		last = fmt.Sprintf("%v: %s", err, out.String())
	}
	t.display = ""
	return fmt.Errorf("could not start Xvfb: %s", last)
}

// startXterm starts xterm with the resources termshot sets and waits for
// its window, then focuses it (xterm ignores xdotool's --window).
func (t *Term) startXterm() error {
	o := t.opt
	log := filepath.Join(t.dir, "out.log")
	if err := os.WriteFile(log, nil, 0o600); err != nil {
		return err
	}
	a := []string{"-ti", "vt340", "-xrm", "XTerm*decTerminalID: vt340", "-xrm", "XTerm*numColorRegisters: 256",
		"-xrm", "XTerm*cursorBlink: false", "-xrm", "XTerm*scrollBar: false",
		"-geometry", fmt.Sprintf("%dx%d+0+0", o.Cols, o.Rows), "-l", "-lf", log,
		"-xrm", "XTerm*printFileImmediate: " + filepath.Join(t.dir, "dump"),
		"-xrm", "XTerm*printOptsImmediate: 1", "-xrm", "XTerm*printModeImmediate: 0",
		"-xrm", "XTerm*VT100.translations: #override Ctrl Shift Alt <Key>F12: print-immediate()"}
	if o.Font == "fixed" {
		a = append(a, "-fn", "fixed")
	} else {
		a = append(a, "-fa", o.Font, "-fs", strconv.Itoa(o.FontSize))
	}
	if o.WindowOps {
		a = append(a, "-xrm", "XTerm*allowWindowOps: true")
	}
	if o.TermName != "" {
		a = append(a, "-tn", o.TermName)
	}
	if o.Hold {
		a = append(a, "-hold")
	}
	a = append(append(a, o.TermArgs...), "-e")
	var out bytes.Buffer
	cmd := exec.Command("xterm", append(a, o.Args...)...)
	cmd.Env = withDisplay(o.Env, t.display)
	cmd.Stdout, cmd.Stderr = &out, &out
	p, err := startProc(cmd)
	if err != nil {
		return fmt.Errorf("xterm: %w", err)
	}
	t.xterm = p
	pid := strconv.Itoa(cmd.Process.Pid)
	err = t.poll(o.Timeout, func() (bool, error) {
		if !p.alive() {
			return false, fmt.Errorf("xterm exited before its window appeared (the program ended? use Hold): %s", out.String())
		}
		b, _ := t.xout("xdotool", "search", "--onlyvisible", "--pid", pid)
		t.window, _, _ = strings.Cut(strings.TrimSpace(string(b)), "\n")
		return t.window != "", nil
	})
	if err != nil {
		return fmt.Errorf("terminal window: %w", err)
	}
	t.logf("xterm pid %s window %s", pid, t.window)
	_ = t.x("xdotool", "mousemove", "--window", t.window, "20", "20")
	return t.x("xdotool", "windowfocus", "--sync", t.window)
}

// Alive reports whether the terminal is still running.
func (t *Term) Alive() bool { return t.xterm != nil && t.xterm.alive() }

// Close stops the terminal, what runs in it, and Xvfb, each by its PID, and
// removes the rig's files.
func (t *Term) Close() {
	if t.xterm != nil {
		kids := descendants(t.xterm.cmd.Process.Pid)
		t.xterm.stop()
		for _, k := range kids {
			k.stop()
		}
	}
	if t.xvfb != nil {
		t.xvfb.stop()
	}
	_ = os.RemoveAll(t.dir)
}

// OutputLog returns everything the program wrote to the terminal so far.
func (t *Term) OutputLog() ([]byte, error) { return os.ReadFile(filepath.Join(t.dir, "out.log")) }

// x runs an X client on the rig's display.
func (t *Term) x(name string, args ...string) error {
	out, err := t.xout(name, args...)
	if err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

func (t *Term) xout(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = withDisplay(os.Environ(), t.display)
	return cmd.Output()
}

// poll calls cond every 50 ms until it reports done, returns an error, or
// the timeout passes.
func (t *Term) poll(timeout time.Duration, cond func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	for {
		done, err := cond()
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %v", timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func withDisplay(env []string, display string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, "DISPLAY=") {
			out = append(out, kv)
		}
	}
	return append(out, "DISPLAY="+display)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
