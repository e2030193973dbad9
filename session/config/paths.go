package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Env looks up an environment variable, like os.LookupEnv.
type Env func(string) (string, bool)

// ConfigPath returns the config file to read: flagPath (--config), else
// $PARLEY_CONFIG, else $XDG_CONFIG_HOME/parley/config.toml, else
// ~/.config/parley/config.toml. explicit reports whether the user named
// the file, in which case it must exist.
func ConfigPath(flagPath string, env Env) (path string, explicit bool, err error) {
	if flagPath != "" {
		return flagPath, true, nil
	}
	if v, _ := env("PARLEY_CONFIG"); v != "" {
		return v, true, nil
	}
	dir, err := xdgDir(env, "XDG_CONFIG_HOME", ".config")
	if err != nil {
		return "", false, err
	}
	return filepath.Join(dir, "parley", "config.toml"), false, nil
}

// DataDir returns the data directory, creating it with mode 0700: flagDir
// (--data-dir), else $PARLEY_DATA_DIR, else $XDG_DATA_HOME/parley, else
// ~/.local/share/parley.
func DataDir(flagDir string, env Env) (string, error) {
	dir := flagDir
	if dir == "" {
		dir, _ = env("PARLEY_DATA_DIR")
	}
	if dir == "" {
		base, err := xdgDir(env, "XDG_DATA_HOME", filepath.Join(".local", "share"))
		if err != nil {
			return "", err
		}
		dir = filepath.Join(base, "parley")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("data directory: %w", err)
	}
	return dir, nil
}

// Open finds and loads the configuration. A file the user named (--config
// or PARLEY_CONFIG) must exist; the default one may not.
func Open(flagPath string, env Env) (*Config, []Warning, error) {
	path, explicit, err := ConfigPath(flagPath, env)
	if err != nil {
		return nil, nil, err
	}
	if explicit {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("config file %s does not exist", path)
		}
	}
	c, warns, err := Load(path)
	if err != nil {
		return nil, nil, err
	}
	c.Env = env
	return c, warns, nil
}

// xdgDir returns $name, else ~/fallback. XDG says relative values are
// invalid and must be ignored.
func xdgDir(env Env, name, fallback string) (string, error) {
	if v, _ := env(name); filepath.IsAbs(v) {
		return v, nil
	}
	home, _ := env("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("cannot find the home directory: %w", err)
		}
	}
	return filepath.Join(home, fallback), nil
}
