//go:build !(linux || darwin || freebsd)

package session

// noSpaceLeft cannot ask the file system here; an SQLite I/O error stays
// an I/O error.
func noSpaceLeft(string) bool { return false }

// isQuota: quotas surface as ENOSPC here.
func isQuota(error) bool { return false }
