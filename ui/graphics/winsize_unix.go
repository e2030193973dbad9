//go:build unix

package graphics

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// ReadWinsize asks the kernel for the terminal size on fd (TIOCGWINSZ):
// cells always, pixels when the terminal emulator reports them (xterm,
// kitty, mlterm and foot do; many others leave them 0).
func ReadWinsize(fd uintptr) (Winsize, error) {
	ws, err := unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ)
	if err != nil {
		return Winsize{}, fmt.Errorf("reading terminal size: %w", err)
	}
	return Winsize{Cols: int(ws.Col), Rows: int(ws.Row), PxW: int(ws.Xpixel), PxH: int(ws.Ypixel)}, nil
}
