package clipboard

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"parley/media/files"
)

// TestEndlessToolOutputStopsAtTheLimit: a clipboard tool that never stops
// writing must be cut off at maxOutput and reported as too large, not read
// into memory until the timeout (bytes.Buffer's ReadFrom used to bypass
// the limit entirely).
func TestEndlessToolOutputStopsAtTheLimit(t *testing.T) {
	f := newFakeTools(t)
	f.add("wl-paste", `--list-types) echo image/png;;
"--type image/png") exec cat /dev/zero;;`)
	env := Env{GOOS: "linux", WaylandDisplay: "wayland-0", LookPath: f.lookPath, Timeout: time.Minute}
	_, err := Read(context.Background(), env)
	if !errors.Is(err, files.ErrTooLarge) || !strings.Contains(err.Error(), "larger than 64 MB, the limit") {
		t.Fatalf("Read = %v, want the 64 MB limit named", err)
	}
}
