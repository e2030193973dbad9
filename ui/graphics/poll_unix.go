//go:build unix

package graphics

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// waitReadable waits up to d for in to have bytes to read. poll works on
// any terminal fd, where read deadlines may not.
func waitReadable(in *os.File, d time.Duration) (bool, error) {
	fds := []unix.PollFd{{Fd: int32(in.Fd()), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, int(max(d.Milliseconds(), 1)))
	if errors.Is(err, unix.EINTR) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("waiting for replies: %w", err)
	}
	return n > 0, nil
}
