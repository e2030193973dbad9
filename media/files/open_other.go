//go:build !unix

package files

// oNonblock is 0 where opens do not block on FIFOs (Windows named pipes
// are not reachable through ordinary paths).
const oNonblock = 0
