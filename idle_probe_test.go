package main

import (
	"fmt"
	"os/exec"
	"testing"
)

// TestIdleProbe runs the built binary idle in tmux for 10 s with
// testdata/scripts/idle-probe.sh and logs how often it wakes and how much
// memory it holds (README "Performance"; issue 16's targets are ≤ 10
// wakeups/s and ≤ 40 MB at the first screen, held here for the private
// part). Bubble Tea v2.1.1's renderer
// ticks 60 times a second whatever happens, so the wakeups are logged,
// not held to the target; the bounds asserted are the ones that hold
// under load and still catch a regression by an order of magnitude: a
// busy loop, or a second always-on ticker.
func TestIdleProbe(t *testing.T) {
	if testing.Short() {
		t.Skip("package parley (root): the idle probe runs the binary for 10 s; skipped with -short")
	}
	for _, tool := range []string{"tmux", "bash", "awk"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("package parley (root): TestIdleProbe needs %s (apt-get install %s)", tool, tool)
		}
	}
	sb := newSandbox(t)
	cmd := exec.Command("bash", "testdata/scripts/idle-probe.sh", binary, "10")
	cmd.Env = sb.env("PARLEY_DATA_DIR=" + sb.data)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("idle-probe: %v\n%s", err, out)
	}
	var wakeups, cpu float64
	var rssKB, anonKB, fileKB int
	if _, err := fmt.Sscanf(string(out), "wakeups/s=%f rss_kb=%d cpu_pct=%f anon_kb=%d file_kb=%d",
		&wakeups, &rssKB, &cpu, &anonKB, &fileKB); err != nil {
		t.Fatalf("idle-probe printed %q: %v", out, err)
	}
	t.Logf("idle 10 s at the first screen: %.1f wakeups/s, %.2f %% of a core; %.1f MB resident = %.1f MB private + %.1f MB of the executable file",
		wakeups, cpu, mb(rssKB), mb(anonKB), mb(fileKB))
	if rssKB <= 0 || anonKB <= 0 { // 0 wakeups is an idle process; no memory is no measurement
		t.Fatalf("idle-probe measured nothing: %q", out)
	}
	// The private part is what the first screen allocated (TestStartupMemory
	// says why the file-backed part is not held to the target).
	if anonKB > 40<<10 {
		t.Errorf("%.1f MB of private memory at the first screen, over the 40 MB target", mb(anonKB))
	}
	// 60 frames a second cost ~5 context switches each (timer, spinning
	// thread, sysmon): ~300/s. Ten times the frame rate is not an idle app.
	if wakeups > 3000 {
		t.Errorf("%.0f wakeups/s idle: something besides Bubble Tea's frame ticker keeps the process busy", wakeups)
	}
	if rssKB > 400<<10 {
		t.Errorf("%d MB resident at the first screen", rssKB>>10)
	}
}
