//go:build linux || darwin || freebsd

package session

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"
)

// noSpaceLeft reports whether the file system holding dir has no space
// left for an unprivileged writer.
func noSpaceLeft(dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return false
	}
	return st.Bavail == 0
}

// isQuota reports a write refused by a disk quota.
func isQuota(err error) bool { return errors.Is(err, syscall.EDQUOT) }
