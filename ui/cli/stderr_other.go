//go:build !unix

package cli

import (
	"errors"
	"os"
)

// redirectStderr is not available on this platform: there is no dup2, so
// stderr stays on the terminal and the caller logs why. Libraries that
// write to it may then draw over the TUI.
func redirectStderr(f *os.File) (restore func(), err error) {
	return nil, errors.New("redirecting stderr is not supported on this platform")
}
