package main

import (
	"flag"
	"os"
	"parley/providers/providertest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateE2E = flag.Bool("update-e2e", false, "rewrite testdata/e2e/*.golden from the screens the end-to-end tests capture")

// clockText matches what changes from run to run on a screen: elapsed
// times ("0.4s", "1m02s") and the fake server's port.
var clockText = regexp.MustCompile(`\b\d+(\.\d+)?(ms|s)\b|127\.0\.0\.1:\d+`)

// checkScreen compares the text a real terminal showed with
// testdata/e2e/name.golden (-update-e2e rewrites it). These goldens are
// the proof that moving code inside ui/ changed nothing a person sees.
// Each pair in repl replaces a run-specific string (a temp directory)
// before comparing; trailing blanks are dropped, since terminals differ
// in padding them.
func checkScreen(t *testing.T, name, screen string, repl ...string) {
	t.Helper()
	for i := 0; i+1 < len(repl); i += 2 {
		screen = strings.ReplaceAll(screen, repl[i], repl[i+1])
	}
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(clockText.ReplaceAllString(l, "<T>"), " ")
	}
	got := strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
	providertest.Golden(t, filepath.Join("testdata", "e2e", name+".golden"), got, *updateE2E,
		"go test -run "+t.Name()+" . -update-e2e")
}

// checkDump is checkScreen for a termshot text dump.
func checkDump(t *testing.T, name, dump string, repl ...string) {
	t.Helper()
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	checkScreen(t, name, string(data), repl...)
}
