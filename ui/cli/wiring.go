package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"golang.org/x/term"

	"parley/media/audio"
	"parley/providers"
	"parley/session"
	"parley/session/catalog"
	"parley/session/config"
	"parley/ui/printmode"
)

// OpenStore opens the store in dataDir and loads the conversation to
// continue: the latest (cont) or the one numbered resume; neither gives a
// nil conversation. Errors say what was wrong with the flag; the store is
// closed on error.
func OpenStore(dataDir string, cont bool, resume string) (*session.Store, *session.Conversation, error) {
	store, err := session.Open(dataDir)
	if err != nil {
		return nil, nil, err
	}
	var conv *session.Conversation
	switch {
	case cont:
		conv, err = store.LatestConversation()
		if errors.Is(err, session.ErrNotFound) {
			err = errors.New("--continue: there is no conversation yet")
		}
	case resume != "":
		id, perr := strconv.ParseInt(resume, 10, 64)
		if perr != nil || id <= 0 {
			err = fmt.Errorf("--resume %q: want a conversation ID (a number)", resume)
			break
		}
		conv, err = store.Conversation(id)
		if errors.Is(err, session.ErrNotFound) {
			err = fmt.Errorf("--resume %d: no such conversation", id)
		}
	}
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, conv, nil
}

// Models is `parley models`: every provider (or only the one named),
// whether it is usable, and its models, written to w. usable reports
// whether at least one provider can be used.
func Models(ctx context.Context, cfg *config.Config, reg *providers.Registry, only string, w io.Writer) (usable bool, err error) {
	list, err := catalog.List(ctx, cfg, reg, catalog.Options{Only: only})
	if err != nil {
		return false, err
	}
	if err := catalog.Write(w, list); err != nil {
		return false, err
	}
	return catalog.AnyUsable(list), nil
}

// Record is --record DURATION: it records a voice note (see printmode.Record)
// from audio.input_device, within audio.max_record, on the backend
// AudioBackendEnv names (read with getenv). With d 0 it stops when Enter
// is pressed on /dev/tty (stdin may be a pipe carrying the prompt). The
// "recording… 3.2s" line goes to stderr only when stderr is a terminal.
func Record(ctx context.Context, cfg *config.Config, d time.Duration, getenv func(string) string) (printmode.File, error) {
	backends, err := AudioBackends(getenv(AudioBackendEnv))
	if err != nil {
		return printmode.File{}, err
	}
	o := printmode.RecordOptions{
		Audio:    audio.Options{Backends: backends, DeviceName: cfg.Audio.InputDevice, MaxDuration: cfg.MaxRecord()},
		Duration: d,
		Notice:   os.Stderr,
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

// AttachPaths turns the -a arguments into the paths the TUI attaches at
// start. "-" (stdin's bytes) is copied to a private temporary file, which
// cleanup removes once the TUI has ended.
func AttachPaths(paths []string, stdin io.Reader) (out []string, cleanup func(), err error) {
	cleanup = func() {}
	if dashes := len(paths) - len(slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return p == "-" })); dashes > 1 {
		return nil, nil, errors.New("-a -: stdin can be attached only once")
	}
	for _, p := range paths {
		if p != "-" {
			out = append(out, p)
			continue
		}
		files, err := printmode.ReadFiles([]string{"-"}, stdin)
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
		if err := os.WriteFile(path, files[0].Data, 0o600); err != nil {
			cleanup()
			return nil, nil, fmt.Errorf("-a -: %w", err)
		}
		out = append(out, path)
	}
	return out, cleanup, nil
}

// TUIImages is what ui.Options.Images wants: the [images] backend /image
// draws with, built when asked (nil when [images] names none); the error
// says why a configured backend cannot be used, e.g. its missing key.
func TUIImages(cfg *config.Config) func() (*session.ImageBackend, error) {
	return func() (*session.ImageBackend, error) {
		m, ok := cfg.ConfiguredImages()
		if !ok {
			return nil, nil
		}
		return ImageBackend(cfg, m)
	}
}
