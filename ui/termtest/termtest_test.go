package termtest

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// echoProgram prints a banner, then echoes each line it reads back as
// "got:LINE", and writes its PID to pidFile so a test can see it end.
func echoProgram(pidFile string) []string {
	return []string{"sh", "-c", `echo $$ > "$1"; printf 'ready\n'; while read line; do printf 'got:%s\n' "$line"; done; sleep 30`, "sh", pidFile}
}

func TestKeysReachTheProgram(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	term := Start(t, Options{Cols: 60, Rows: 12, Args: echoProgram(pidFile)})
	if err := term.WaitScreen("ready"); err != nil {
		t.Fatal(err)
	}
	if err := term.Type("hello world"); err != nil {
		t.Fatal(err)
	}
	if err := term.Key("Return"); err != nil {
		t.Fatal(err)
	}
	if err := term.WaitText("got:hello world"); err != nil {
		t.Fatal(err)
	}
	dump, err := term.TextDump()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(dump, "\n")
	if len(lines) < 3 || strings.TrimSpace(lines[0]) != "ready" || strings.TrimSpace(lines[2]) != "got:hello world" {
		t.Errorf("screen text:\n%s", dump)
	}
	// Output that came before the last key is not what WaitText waits for.
	if err := term.Key("x", "Return"); err != nil {
		t.Fatal(err)
	}
	if err := term.WaitText("got:x"); err != nil {
		t.Fatal(err)
	}
	term.opt.Timeout = 300 * time.Millisecond
	if err := term.WaitText("got:hello world"); err == nil {
		t.Error("WaitText saw output from before the last key")
	}
}

func TestShotColourAtCell(t *testing.T) {
	// Cells 0–3 of row 1 red, cells 0–3 of row 2 blue (xterm's ANSI 41, 44).
	prog := []string{"sh", "-c", `printf 'top\n\033[41m    \033[0m\n\033[44m    \033[0m\n'; sleep 30`}
	term := Start(t, Options{Cols: 40, Rows: 10, Args: prog})
	if err := term.WaitScreen("top"); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "s.png")
	if err := term.Settle(300 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := term.Shot(shot); err != nil {
		t.Fatal(err)
	}
	check := func(col, row int, want string, ok func(r, g, b uint8) bool) {
		t.Helper()
		c, err := CellPixel(shot, 40, 10, col, row)
		if err != nil {
			t.Fatal(err)
		}
		if !ok(c.R, c.G, c.B) {
			t.Errorf("cell (%d,%d) is %v, want %s", col, row, c, want)
		}
	}
	check(1, 1, "red", func(r, g, b uint8) bool { return r > 150 && g < 60 && b < 60 })
	check(3, 2, "blue", func(r, g, b uint8) bool { return b > 150 && r < 60 && g < 60 })
	check(20, 5, "the white background", func(r, g, b uint8) bool { return r > 200 && g > 200 && b > 200 })
	if _, err := Pixel(shot, 1<<20, 0); err == nil {
		t.Error("Pixel outside the picture gave no error")
	}
}

func TestStepsAndCleanup(t *testing.T) {
	dir := t.TempDir()
	pidFile, marker := filepath.Join(dir, "pid"), filepath.Join(dir, "marker")
	prog := []string{"sh", "-c", `echo $$ > "$1"; printf 'ready\n'; read line; printf 'got:%s\n' "$line"; : > "$2"; sleep 30`, "sh", pidFile, marker}
	if Missing() != "" {
		t.Skipf("%s is not installed", Missing())
	}
	term, err := Launch(Options{Cols: 50, Rows: 10, Args: prog})
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	err = term.Steps("text:abc", "key:Return", "waitfor:got:abc", "waitfile:"+marker,
		"settle:0.3", "shot:"+filepath.Join(dir, "a.png"), "textdump:"+filepath.Join(dir, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	txt, err := os.ReadFile(filepath.Join(dir, "a.txt"))
	if err != nil || !bytes.Contains(txt, []byte("got:abc")) {
		t.Errorf("text dump %q, %v", txt, err)
	}
	if w, h, err := Size(filepath.Join(dir, "a.png")); err != nil || w < 50*5 || h < 10*8 {
		t.Errorf("screenshot %d×%d, %v", w, h, err)
	}
	if err := term.Steps("bogus:1"); err == nil {
		t.Error("an unknown step kind gave no error")
	}

	b, _ := os.ReadFile(pidFile)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	xterm, xvfb, display := term.xterm, term.xvfb, term.Display()
	term.Close()
	if xterm.alive() || xvfb.alive() {
		t.Error("xterm or Xvfb still runs after Close")
	}
	if pid == 0 || syscall.Kill(pid, 0) == nil && statFields(pid)[0] != "Z" {
		t.Errorf("the program (pid %d) still runs after Close", pid)
	}
	if exists("/tmp/.X11-unix/X" + display[1:]) {
		t.Errorf("display %s still has its socket", display)
	}
}

func TestMainLikeTermshot(t *testing.T) {
	if Missing() != "" {
		t.Skipf("%s is not installed", Missing())
	}
	dir := t.TempDir()
	var log bytes.Buffer
	args := []string{"--cols", "40", "--rows", "8", "--out", filepath.Join(dir, "final.png"), "--timeout", "20",
		"--start-wait", "0", "--wait", "0", "--key-delay", "0",
		"--keys", "text:hi", "--keys", "key:Return", "--keys", "waitfor:got:hi",
		"--keys", "textdump:" + filepath.Join(dir, "d.txt"),
		"--", "sh", "-c", `read l; printf 'got:%s\n' "$l"; sleep 30`}
	if !IsCommandLine(args) || IsCommandLine([]string{"-test.v"}) {
		t.Fatal("IsCommandLine")
	}
	if rc := Main(args, &log); rc != 0 {
		t.Fatalf("Main = %d\n%s", rc, log.String())
	}
	if !strings.Contains(log.String(), "Xvfb pid ") || !strings.Contains(log.String(), " on :") {
		t.Errorf("no display line in the log:\n%s", log.String())
	}
	for _, f := range []string{"final.png", "d.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	log.Reset()
	timeout := []string{"--timeout", "0.5", "--start-wait", "0", "--wait", "0", "--out", filepath.Join(dir, "t.png"),
		"--keys", "waitfor:never", "--", "sh", "-c", "sleep 30"}
	if rc := Main(timeout, &log); rc != exitTimeout {
		t.Errorf("a wait that times out: Main = %d, want %d\n%s", rc, exitTimeout, log.String())
	}
	if rc := Main([]string{"--cols", "4"}, &log); rc != exitUsage {
		t.Errorf("no command: Main = %d, want %d", rc, exitUsage)
	}
}
