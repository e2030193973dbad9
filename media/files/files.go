// Package files reads files and streams that parley did not make (config,
// attachments, piped prompts, command output) without trusting them: every
// read has a size limit and fails with an error naming it, only regular
// files are opened (a FIFO would block the open, /dev/zero would never
// end), and every step that can block gives up when its context is done.
//
// Standard input ("-" or /dev/stdin) is not a regular file: callers that
// accept it check IsStdin and read os.Stdin with ReadAllLimit instead.
package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrTooLarge matches (errors.Is) every error reporting input over its limit.
var ErrTooLarge = errors.New("too large")

// ErrNotRegular matches (errors.Is) every error refusing a FIFO, socket,
// device or directory.
var ErrNotRegular = errors.New("not a regular file")

// LimitError reports input larger than Limit bytes.
type LimitError struct {
	Limit int64
}

// Error says "larger than 1 MB, the limit": callers prefix what was read.
func (e *LimitError) Error() string {
	return "larger than " + Size(e.Limit) + ", the limit"
}

// Is makes errors.Is(err, ErrTooLarge) hold.
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

// KindError refuses a file that is not a regular file.
type KindError struct {
	Kind string // "a named pipe (FIFO)", "a directory", ...
}

// Error says "is a named pipe (FIFO), not a regular file".
func (e *KindError) Error() string { return "is " + e.Kind + ", not a regular file" }

// Is makes errors.Is(err, ErrNotRegular) hold.
func (e *KindError) Is(target error) bool { return target == ErrNotRegular }

// PathError is a failure to read one file: "PATH: REASON". Err is the
// reason alone (the errno of a failed open, a *KindError, a *LimitError),
// so errors.Is(err, fs.ErrNotExist) and the sentinels above still match.
type PathError struct {
	Path string
	Err  error
}

// Error returns "PATH: REASON".
func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *PathError) Unwrap() error { return e.Err }

// pathErr wraps err as a *PathError for path, dropping the operation and
// path an *fs.PathError repeats.
func pathErr(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &PathError{Path: path, Err: err}
}

// Size formats a limit the way people read it: "64 KB", "1 MB", "100 MB",
// or bytes when it is not a whole number of either.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// IsStdin reports whether path names standard input the way parley's
// arguments may: "-" or /dev/stdin (which is a pipe or a terminal, never
// a regular file, so OpenRegular refuses it).
func IsStdin(path string) bool { return path == "-" || path == "/dev/stdin" }

// kind names a mode that is not a regular file, or "" when it is one.
func kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	}
	return "not a file parley can read"
}

// OpenRegular opens path for reading only if it is a regular file. It
// checks twice: a stat before opening, so a FIFO or device is never
// opened at all, and an fstat of what was opened, with the open itself
// non-blocking, so a file swapped for a FIFO between the two cannot block
// either. Errors are *PathError values naming path; the kind refusal
// matches ErrNotRegular.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, pathErr(path, err)
	}
	if k := kind(fi.Mode()); k != "" {
		return nil, nil, pathErr(path, &KindError{Kind: k})
	}
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, nil, pathErr(path, err)
	}
	fi, err = f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, pathErr(path, err)
	}
	if k := kind(fi.Mode()); k != "" {
		f.Close()
		return nil, nil, pathErr(path, &KindError{Kind: k})
	}
	return f, fi, nil
}

// ReadFileLimit reads the regular file at path whole, refusing one larger
// than max bytes before reading it (and again while reading, in case it
// grows). ctx is checked between chunks. Errors name path: "PATH: is a
// named pipe (FIFO), not a regular file", "PATH: larger than 1 MB, the
// limit". A missing file still matches fs.ErrNotExist.
func ReadFileLimit(ctx context.Context, path string, max int64) ([]byte, error) {
	f, fi, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > max {
		return nil, pathErr(path, &LimitError{Limit: max})
	}
	data, err := readChunks(ctx, f, max, fi.Size())
	if err != nil {
		return nil, pathErr(path, err)
	}
	return data, nil
}

// chunk is how much is read between two looks at the context.
const chunk = 1 << 20

// ReadAllLimit reads r to its end, refusing more than max bytes with a
// *LimitError (it reads at most max+1 bytes to tell). It returns ctx's
// error as soon as ctx is done, even while a Read blocks (a pipe whose
// writer never ends): the blocked Read is left to finish on its own
// goroutine, whose result is dropped.
func ReadAllLimit(ctx context.Context, r io.Reader, max int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := readChunks(ctx, r, max, 0)
		done <- result{data, err}
	}()
	select {
	case res := <-done:
		return res.data, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readChunks reads r up to max bytes (erroring past it), checking ctx
// between chunks; hint is the expected size, to allocate once.
func readChunks(ctx context.Context, r io.Reader, max, hint int64) ([]byte, error) {
	buf := make([]byte, 0, min(hint, max)+1)
	lr := io.LimitReader(r, max+1)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):min(cap(buf), len(buf)+chunk)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, &LimitError{Limit: max}
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
