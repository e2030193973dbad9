package sanitize

import (
	"io"
	"sync"
)

// Writer is an io.Writer that passes everything written to it through a
// Filter before it reaches the underlying writer: wrap os.Stderr in one so
// that no line parley prints (an error quoting a config value, a file name,
// a server message) can act on the terminal. It is safe for concurrent use.
type Writer struct {
	mu sync.Mutex
	w  io.Writer
	f  Filter
}

// NewWriter returns a Writer that sanitizes into w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write filters p and writes what is safe to show now. It reports len(p)
// on success even when bytes were removed, as io.Writer callers expect; a
// sequence split across two Writes is removed whole.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.f.Write(string(p))
	if out == "" {
		return len(p), nil
	}
	if _, err := io.WriteString(w.w, out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush ends the stream (see Filter.Flush) and writes what it releases:
// call it before exiting, so a rune cut at the end is shown as U+FFFD.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if out := w.f.Flush(); out != "" {
		_, err := io.WriteString(w.w, out)
		return err
	}
	return nil
}
