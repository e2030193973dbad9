package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"parley/session/config"
)

// Tools runs `parley devices` or `parley doctor`, which need no config:
// the audio backend comes from PARLEY_AUDIO_BACKEND.
func Tools(ctx context.Context, command string, getenv func(string) string, stdout io.Writer) error {
	backends, err := AudioBackends(getenv(AudioBackendEnv))
	if err != nil {
		return err
	}
	if command == "devices" {
		return Devices(stdout, backends)
	}
	return Doctor(ctx, getenv, backends)
}

// ModelsRequest is what `parley models` was given on the command line.
type ModelsRequest struct {
	ConfigPath string // --config
	BaseURL    string // --base-url: applies to the provider a chat would use
	Model      string // -m, to choose that provider
	Provider   string // --provider: list only this one
}

// ListModels is `parley models`: every provider, whether it is usable and
// its models, written to stdout; config warnings go to stderr. usable is
// false when no provider can be used (exit 1).
func ListModels(ctx context.Context, r ModelsRequest, stdout, stderr io.Writer) (usable bool, err error) {
	cfg, warns, err := config.Open(r.ConfigPath, config.Env(os.LookupEnv))
	if err != nil {
		return false, err
	}
	for _, w := range warns {
		fmt.Fprintf(stderr, "parley: warning: %s\n", w)
	}
	if r.BaseURL != "" {
		cfg.BaseURL = r.BaseURL
		if _, _, _, err := cfg.ResolveModel(r.Model, r.Provider, nil); err != nil {
			return false, err
		}
	}
	return Models(ctx, cfg, Registry(), r.Provider, stdout)
}

// OpenLog opens the log at path for appending, first moving it to path.1
// (replacing the older copy) when it has grown past max bytes, so the log
// cannot grow without bound.
func OpenLog(path string, max int64) (*os.File, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > max {
		if err := os.Rename(path, path+".1"); err != nil {
			return nil, fmt.Errorf("log file: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	return f, nil
}
