package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenLogRotates checks that a log past the limit is moved to
// parley.log.1 (replacing the older copy) and a fresh one started, and
// that a log under the limit is appended to.
func TestOpenLogRotates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "parley.log")
	write := func(name, text string) {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(path, "small\n")
	f, err := OpenLog(path, 100)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("more\n")
	f.Close()
	if b, _ := os.ReadFile(path); string(b) != "small\nmore\n" {
		t.Errorf("under the limit: log %q, want it appended", b)
	}
	if _, err := os.Stat(path + ".1"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("under the limit: parley.log.1 exists (%v)", err)
	}

	write(path+".1", "oldest")
	big := strings.Repeat("x", 101)
	write(path, big)
	f, err = OpenLog(path, 100)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("fresh\n")
	f.Close()
	if b, _ := os.ReadFile(path); string(b) != "fresh\n" {
		t.Errorf("over the limit: log %q, want a fresh one", b)
	}
	if b, _ := os.ReadFile(path + ".1"); string(b) != big {
		t.Errorf("over the limit: parley.log.1 holds %d bytes, want the old log's %d", len(b), len(big))
	}
}
