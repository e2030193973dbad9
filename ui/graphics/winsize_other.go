//go:build !unix

package graphics

import (
	"errors"
	"os"
	"time"
)

// ReadWinsize is not available on this platform; detection then relies on
// the terminal's replies or the default cell size.
func ReadWinsize(fd uintptr) (Winsize, error) {
	return Winsize{}, errors.New("reading the terminal's pixel size is not supported on this platform")
}

// waitReadable is not available on this platform: doctor reads nothing.
func waitReadable(in *os.File, d time.Duration) (bool, error) {
	return false, errors.New("waiting for terminal replies is not supported on this platform")
}
