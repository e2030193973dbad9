// Package clipboard reads an image (or, failing that, text) from the system
// clipboard by running the platform's clipboard tool: wl-paste on Wayland,
// xclip on X11, pngpaste/osascript on macOS and PowerShell on Windows and
// WSL; Write sets it to text (wl-copy, xclip/xsel, pbcopy, clip.exe).
// Tools run directly (never through a shell), each with a timeout, their
// stderr captured for error messages and never printed.
//
// Everything platform-specific comes in through Env, so tests drive every
// backend with fake tools on any machine.
package clipboard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"parley/media/files"
)

// Content is what the clipboard held: an image (Image and MIME set) or
// text (Text set), never both.
type Content struct {
	Image []byte
	MIME  string
	Text  string
}

// Env describes the platform Read runs on.
type Env struct {
	// GOOS is runtime.GOOS ("linux", "darwin", "windows").
	GOOS string
	// WaylandDisplay and Display are $WAYLAND_DISPLAY and $DISPLAY.
	WaylandDisplay, Display string
	// WSL is set when running under Windows Subsystem for Linux, where
	// powershell.exe reaches the Windows clipboard.
	WSL bool
	// LookPath finds a tool by name (exec.LookPath in SystemEnv).
	LookPath func(file string) (string, error)
	// Timeout bounds each tool run; zero means DefaultTimeout.
	Timeout time.Duration
}

// DefaultTimeout bounds one clipboard tool run. Clipboard owners answer in
// milliseconds; a tool that takes longer is stuck (e.g. a dead X server).
const DefaultTimeout = 2 * time.Second

// maxOutput caps what a tool may write: larger than any image media/
// accepts, small enough that a runaway tool cannot exhaust memory.
const maxOutput = 64 << 20

// Errors returned by Read (matched with errors.Is; the messages are more
// specific).
var (
	ErrNoTool = errors.New("no clipboard tool found")
	ErrEmpty  = errors.New("the clipboard is empty")
)

// SystemEnv describes the running process's platform.
func SystemEnv() Env {
	return Env{
		GOOS:           runtime.GOOS,
		WaylandDisplay: os.Getenv("WAYLAND_DISPLAY"),
		Display:        os.Getenv("DISPLAY"),
		WSL:            detectWSL(),
		LookPath:       exec.LookPath,
	}
}

// detectWSL recognises WSL from its environment variable or the kernel
// release string ("…-microsoft-standard-WSL2").
func detectWSL() bool {
	if os.Getenv("WSL_DISTRO_NAME") != "" || os.Getenv("WSL_INTEROP") != "" {
		return true
	}
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	return err == nil && strings.Contains(strings.ToLower(string(b)), "microsoft")
}

// backend reads the clipboard with one tool.
type backend struct {
	tool string // executable name looked up with Env.LookPath
	read func(ctx context.Context, r runner) (Content, error)
}

// Read returns the clipboard's image, preferring PNG, or its text. The
// platform's backends are tried in order (only those whose tool exists and
// whose display is set); the first that yields content wins. If none
// succeeds the first failure is returned; if no tool exists, an ErrNoTool
// error names what to install.
func Read(ctx context.Context, env Env) (Content, error) {
	if env.LookPath == nil {
		env.LookPath = exec.LookPath
	}
	if env.Timeout <= 0 {
		env.Timeout = DefaultTimeout
	}
	var firstErr error
	tried := false
	for _, b := range backends(env) {
		path, err := env.LookPath(b.tool)
		if err != nil {
			continue
		}
		tried = true
		c, err := b.read(ctx, runner{path: path, name: b.tool, timeout: env.Timeout})
		if err == nil {
			return c, nil
		}
		if ctx.Err() != nil {
			return Content{}, ctx.Err()
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if !tried {
		if env.GOOS == "linux" && !env.WSL && env.WaylandDisplay == "" && env.Display == "" {
			return Content{}, fmt.Errorf("%w: no graphical session (neither WAYLAND_DISPLAY nor DISPLAY is set)", ErrNoTool)
		}
		return Content{}, fmt.Errorf("%w: %s", ErrNoTool, installHint(env))
	}
	return Content{}, firstErr
}

// installHint names the tool to install on env's platform.
func installHint(env Env) string {
	switch {
	case env.GOOS == "darwin":
		return "install pngpaste (brew install pngpaste)"
	case env.GOOS == "windows":
		return "powershell.exe is not on PATH"
	case env.WSL && env.WaylandDisplay == "" && env.Display == "":
		return "powershell.exe is not on PATH (enable WSL interop) or install wl-clipboard"
	case env.WaylandDisplay != "" && env.Display == "":
		return "install wl-clipboard (Wayland)"
	case env.Display != "" && env.WaylandDisplay == "":
		return "install xclip (X11)"
	}
	return "install wl-clipboard (Wayland) or xclip (X11)"
}

// runner runs one tool with a timeout.
type runner struct {
	path, name string
	timeout    time.Duration
}

// run executes the tool with args and returns its stdout. Errors carry the
// first line of stderr, not the whole of it.
func (r runner) run(ctx context.Context, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.path, args...)
	// Past the limit the write fails, exec stops reading and the tool
	// dies of a broken pipe: an endless writer is cut off at once.
	stdout := &files.LimitedBuffer{Max: maxOutput}
	stderr := &truncBuffer{max: 4096}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// A killed tool's children may hold the pipes open; don't wait on them.
	cmd.WaitDelay = 200 * time.Millisecond
	err := cmd.Run()
	switch {
	case stdout.Over:
		return nil, fmt.Errorf("%s: clipboard content is %w", r.name, &files.LimitError{Limit: maxOutput})
	case ctx.Err() == context.DeadlineExceeded:
		return nil, fmt.Errorf("%s timed out after %s: %w", r.name, r.timeout, ctx.Err())
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		msg := firstLine(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s failed: %s", r.name, msg)
	}
	return stdout.Bytes(), nil
}

// truncBuffer keeps the first max bytes of a tool's stderr and swallows
// the rest: only its first line is shown, and the tool must not fail for
// writing more. It has no ReadFrom, so io.Copy goes through Write.
type truncBuffer struct {
	buf bytes.Buffer
	max int
}

func (b *truncBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (b *truncBuffer) String() string { return b.buf.String() }

// firstLine returns the first non-blank line of s, printable runes only
// (tool stderr is untrusted and may carry escape sequences).
func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		line = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				return -1
			}
			return r
		}, line)
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}
