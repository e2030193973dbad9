package clipboard

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// writer puts text on the clipboard with one tool.
type writer struct {
	tool string
	args []string
}

// writers lists the tools that set env's clipboard, in order: wl-copy on
// Wayland, xclip then xsel on X11, pbcopy on macOS, clip.exe on Windows
// and WSL.
func writers(env Env) []writer {
	switch env.GOOS {
	case "darwin":
		return []writer{{"pbcopy", nil}}
	case "windows":
		return []writer{{"clip.exe", nil}}
	}
	var ws []writer
	if env.WaylandDisplay != "" {
		ws = append(ws, writer{"wl-copy", nil})
	}
	if env.Display != "" {
		ws = append(ws, writer{"xclip", []string{"-selection", "clipboard", "-in"}},
			writer{"xsel", []string{"--clipboard", "--input"}})
	}
	if env.WSL {
		ws = append(ws, writer{"clip.exe", nil})
	}
	return ws
}

// Write puts text on the system clipboard with the first of the
// platform's tools that exists, and returns that tool's name. With no
// tool it returns an ErrNoTool error naming what to install.
func Write(ctx context.Context, env Env, text string) (tool string, err error) {
	if env.LookPath == nil {
		env.LookPath = exec.LookPath
	}
	if env.Timeout <= 0 {
		env.Timeout = DefaultTimeout
	}
	for _, w := range writers(env) {
		path, err := env.LookPath(w.tool)
		if err != nil {
			continue
		}
		return w.tool, runWriter(ctx, path, w, text, env.Timeout)
	}
	if env.GOOS == "linux" && !env.WSL && env.WaylandDisplay == "" && env.Display == "" {
		return "", fmt.Errorf("%w: no graphical session (neither WAYLAND_DISPLAY nor DISPLAY is set)", ErrNoTool)
	}
	return "", fmt.Errorf("%w: %s", ErrNoTool, writeHint(env))
}

// runWriter feeds text to one tool. wl-copy and xclip leave a child
// behind to serve the selection; should it keep stderr open, WaitDelay
// ends the wait and the copy counts as done.
func runWriter(ctx context.Context, path string, w writer, text string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, w.args...)
	cmd.Stdin = strings.NewReader(text)
	stderr := &truncBuffer{max: 4096}
	cmd.Stderr = stderr
	cmd.WaitDelay = 200 * time.Millisecond
	err := cmd.Run()
	switch {
	case errors.Is(err, exec.ErrWaitDelay):
		// It exited well, but the child it left serving the selection
		// holds stderr open: the copy is done.
		return nil
	case ctx.Err() == context.DeadlineExceeded:
		return fmt.Errorf("%s timed out after %s", w.tool, timeout)
	case err != nil:
		msg := firstLine(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("%s failed: %s", w.tool, msg)
	}
	return nil
}

// writeHint names the tool to install to copy on env's platform.
func writeHint(env Env) string {
	switch {
	case env.GOOS == "darwin":
		return "pbcopy is not on PATH"
	case env.GOOS == "windows", env.WSL && env.WaylandDisplay == "" && env.Display == "":
		return "clip.exe is not on PATH"
	case env.WaylandDisplay != "" && env.Display == "":
		return "install wl-clipboard (Wayland)"
	case env.Display != "" && env.WaylandDisplay == "":
		return "install xclip or xsel (X11)"
	}
	return "install wl-clipboard (Wayland) or xclip (X11)"
}
