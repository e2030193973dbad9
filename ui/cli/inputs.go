package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"golang.org/x/term"

	"parley/media/audio"
	"parley/media/files"
	"parley/session/app"
	"parley/session/config"
	"parley/ui/printmode"
)

// record is --record DURATION: it records a voice note (see printmode.Record)
// from audio.input_device, within audio.max_record, on the backend
// app.AudioBackendEnv names (read with getenv). With d 0 it stops when Enter
// is pressed on /dev/tty (stdin may be a pipe carrying the prompt). The
// "recording… 3.2s" line goes to stderr only when stderr is a terminal
// (unsanitized: it is parley's own text and redraws with \r); notices go
// to notice.
func record(ctx context.Context, cfg *config.Config, d time.Duration, getenv func(string) string, notice io.Writer) (printmode.File, error) {
	backends, err := app.AudioBackends(getenv(app.AudioBackendEnv))
	if err != nil {
		return printmode.File{}, err
	}
	o := printmode.RecordOptions{
		Audio:    audio.Options{Backends: backends, DeviceName: cfg.Audio.InputDevice, MaxDuration: cfg.MaxRecord()},
		Duration: d,
		Notice:   notice,
	}
	if term.IsTerminal(int(os.Stderr.Fd())) {
		o.Status = os.Stderr
	}
	if d == 0 {
		if tty, err := os.Open("/dev/tty"); err == nil {
			defer tty.Close() // ends the read of Enter if the recording ended otherwise
			o.Enter = tty
		}
	}
	return printmode.Record(ctx, o)
}

// attachPaths turns the -a arguments into the paths the TUI attaches at
// start. "-" (stdin's bytes) is copied to a private temporary file, which
// cleanup removes once the TUI has ended.
func attachPaths(ctx context.Context, paths []string, stdin io.Reader) (out []string, cleanup func(), err error) {
	cleanup = func() {}
	if dashes := len(paths) - len(slices.DeleteFunc(slices.Clone(paths), files.IsStdin)); dashes > 1 {
		return nil, nil, errors.New("-a -: stdin can be attached only once")
	}
	for _, p := range paths {
		if !files.IsStdin(p) {
			out = append(out, p)
			continue
		}
		read, err := printmode.ReadFiles(ctx, []string{"-"}, stdin)
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		dir, err := os.MkdirTemp("", "parley-stdin-*")
		if err != nil {
			return nil, nil, fmt.Errorf("-a -: %w", err)
		}
		prev := cleanup
		cleanup = func() { prev(); os.RemoveAll(dir) }
		path := filepath.Join(dir, "stdin")
		if err := os.WriteFile(path, read[0].Data, 0o600); err != nil {
			cleanup()
			return nil, nil, fmt.Errorf("-a -: %w", err)
		}
		out = append(out, path)
	}
	return out, cleanup, nil
}
