package providertest

import (
	"os"
	"path/filepath"
	"testing"
)

// Golden compares got with the file at path or, when update is set,
// writes got there instead. It is the one write-or-compare behind ui's
// view goldens and the root's end-to-end screens, which are the proof
// that moving code changed nothing a person sees. rewrite is the command
// that records the file, for the failure message.
func Golden(t testing.TB, path, got string, update bool, rewrite string) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (%s records it)", err, rewrite)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (%s rewrites it)\n--- got:\n%s\n--- want:\n%s", path, rewrite, got, want)
	}
}
