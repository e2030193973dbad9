//go:build !linux || !cgo

package audio

// quietNativeLogs has nothing to silence outside Linux: only libasound
// prints on its own.
func quietNativeLogs() {}
