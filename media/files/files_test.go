//go:build unix

package files

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// zeros is an endless reader, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestReadFileLimitRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.png")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	cases := map[string]string{
		fifo:        "is a named pipe (FIFO), not a regular file",
		"/dev/zero": "is a character device, not a regular file",
		dir:         "is a directory, not a regular file",
	}
	for path, want := range cases {
		// A FIFO without a writer would block a plain open forever; the
		// test finishing at all is half the assertion.
		_, err := ReadFileLimit(context.Background(), path, 1<<20)
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
			t.Errorf("ReadFileLimit(%s) = %v, want an ErrNotRegular naming the path and %q", path, err, want)
		}
	}
}

func TestReadFileLimitNamesTheLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, bytes.Repeat([]byte("a"), 2<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFileLimit(context.Background(), path, 1<<20)
	if !errors.Is(err, ErrTooLarge) || err.Error() != path+": larger than 1 MB, the limit" {
		t.Fatalf("err = %v, want %q", err, path+": larger than 1 MB, the limit")
	}
	data, err := ReadFileLimit(context.Background(), path, 2<<20)
	if err != nil || len(data) != 2<<20 {
		t.Fatalf("at the limit: %d bytes, %v; want the whole file", len(data), err)
	}
	if _, err := ReadFileLimit(context.Background(), filepath.Join(t.TempDir(), "none"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestReadAllLimitStopsAnEndlessStream(t *testing.T) {
	_, err := ReadAllLimit(context.Background(), zeros{}, 64<<10)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != 64<<10 || err.Error() != "larger than 64 KB, the limit" {
		t.Fatalf("err = %v, want a 64 KB LimitError", err)
	}
	data, err := ReadAllLimit(context.Background(), strings.NewReader("hello"), 5)
	if err != nil || string(data) != "hello" {
		t.Fatalf("exactly at the limit: %q, %v", data, err)
	}
}

func TestReadAllLimitIsCancelledWhileBlocked(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close() // the writer never writes: a Read of r blocks
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := ReadAllLimit(ctx, r, 1<<20)
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{1 << 20: "1 MB", 100 << 20: "100 MB", 64 << 10: "64 KB", 1000: "1000 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
	if !IsStdin("-") || !IsStdin("/dev/stdin") || IsStdin("a.png") {
		t.Error("IsStdin")
	}
	var _ io.Reader = zeros{}
}

func TestLimitedBufferFailsAtTheLimit(t *testing.T) {
	b := LimitedBuffer{Max: 4}
	if n, err := b.Write([]byte("abc")); n != 3 || err != nil {
		t.Fatalf("Write under the limit = %d, %v", n, err)
	}
	n, err := b.Write([]byte("de"))
	if n != 1 || !errors.Is(err, ErrTooLarge) || !b.Over || b.String() != "abcd" {
		t.Fatalf("Write past the limit = %d, %v (Over %v, %q)", n, err, b.Over, b.String())
	}
}

func TestLimitedBufferBoundsIOCopy(t *testing.T) {
	// io.Copy prefers a ReaderFrom on the destination: a buffer that had
	// one would read the endless source forever.
	b := &LimitedBuffer{Max: 1 << 10}
	if _, err := io.Copy(b, zeros{}); !errors.Is(err, ErrTooLarge) || b.Len() != 1<<10 {
		t.Fatalf("io.Copy = %v with %d bytes kept, want ErrTooLarge at 1 KB", err, b.Len())
	}
}
