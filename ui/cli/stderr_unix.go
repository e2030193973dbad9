//go:build unix

package cli

import (
	"os"

	"golang.org/x/sys/unix"
)

// redirectStderr points file descriptor 2 at f and returns a function that
// puts the original back. The TUI runs with it: C libraries (audio
// backends) and SDK loggers write to fd 2 directly and must not draw over
// the screen.
func redirectStderr(f *os.File) (restore func(), err error) {
	saved, err := unix.Dup(2)
	if err != nil {
		return nil, err
	}
	if err := unix.Dup2(int(f.Fd()), 2); err != nil {
		unix.Close(saved)
		return nil, err
	}
	return func() {
		unix.Dup2(saved, 2)
		unix.Close(saved)
	}, nil
}
