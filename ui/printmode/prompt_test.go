package printmode

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"parley/media/files"
)

// TestReadPromptCancelled: a pipe whose writer never closes must not hold
// the run once the signal context is done.
func TestReadPromptCancelled(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	w.WriteString("some text, then nothing")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadPrompt(ctx, []string{"hi"}, r, false); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadPrompt = %v, want the context's error", err)
	}
}

// TestReadPromptLimit: piped stdin over MaxPromptBytes is refused with the
// limit named.
func TestReadPromptLimit(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		defer w.Close()
		chunk := []byte(strings.Repeat("x", 1<<20))
		for range MaxPromptBytes>>20 + 1 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}()
	_, err = ReadPrompt(context.Background(), nil, r, false)
	if !errors.Is(err, files.ErrTooLarge) || !strings.Contains(err.Error(), "16 MB, the limit") {
		t.Errorf("ReadPrompt = %v, want stdin refused at 16 MB", err)
	}
}
