package sanitize

import (
	"fmt"
	"strings"
	"testing"
)

func TestWriterSanitizesEveryLine(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	// A config hint quoting a hostile value, split mid-sequence across two
	// writes, as fmt.Fprint of a long line may do.
	msg := "config.toml:1: default_model: unknown provider \"\x1b]0;TITLE\x07x\" (add [providers.\x1b]0;TITLE\x07x])\u202e\n"
	half := strings.Index(msg, "TITLE")
	for _, part := range []string{msg[:half], msg[half:]} {
		if n, err := fmt.Fprint(w, part); err != nil || n != len(part) {
			t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(part))
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "config.toml:1: default_model: unknown provider \"x\" (add [providers.x])\n"
	if b.String() != want {
		t.Fatalf("wrote %q, want %q", b.String(), want)
	}
	if msg := checkClean(b.String()); msg != "" {
		t.Fatalf("output contains %s", msg)
	}
}
