package clipboard

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// pngBytes stands in for a clipboard image; Read passes bytes through
// untouched, so any distinctive binary content (with NUL and high bytes)
// will do.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe fake")

// fakeTools is a directory of fake clipboard tools (shell scripts) plus a
// log of every invocation.
type fakeTools struct {
	t   *testing.T
	dir string
	log string
}

func newFakeTools(t *testing.T) *fakeTools {
	dir := t.TempDir()
	f := &fakeTools{t: t, dir: dir, log: filepath.Join(dir, "calls.log")}
	if err := os.WriteFile(filepath.Join(dir, "image.bin"), pngBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// add writes tool name whose body is a `case "$*" in … esac` dispatch.
func (f *fakeTools) add(name, cases string) {
	script := "#!/bin/sh\necho \"" + name + " $*\" >> '" + f.log + "'\n" +
		"IMG='" + filepath.Join(f.dir, "image.bin") + "'\n" +
		"case \"$*\" in\n" + cases + "\n*) echo \"unexpected args: $*\" >&2; exit 2;;\nesac\n"
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(script), 0o755); err != nil {
		f.t.Fatal(err)
	}
}

// lookPath finds tools only in the fake directory, so real clipboard tools
// on the test machine never take part.
func (f *fakeTools) lookPath(name string) (string, error) {
	p := filepath.Join(f.dir, name)
	if st, err := os.Stat(p); err == nil && st.Mode()&0o111 != 0 {
		return p, nil
	}
	return "", exec.ErrNotFound
}

func (f *fakeTools) calls() []string {
	b, _ := os.ReadFile(f.log)
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

func (f *fakeTools) env(mod func(*Env)) Env {
	e := Env{GOOS: "linux", LookPath: f.lookPath, Timeout: 5 * time.Second}
	mod(&e)
	return e
}

const (
	wlImage = `--list-types) printf 'text/plain\nimage/jpeg\nimage/png\n';;
"--type image/png") cat "$IMG";;`
	xclipImage = `"-selection clipboard -t TARGETS -o") printf 'TARGETS\nUTF8_STRING\nimage/png\n';;
"-selection clipboard -t image/png -o") cat "$IMG";;`
)

func TestWaylandPreferredOverX11(t *testing.T) {
	f := newFakeTools(t)
	f.add("wl-paste", wlImage)
	f.add("xclip", xclipImage)
	c, err := Read(context.Background(), f.env(func(e *Env) { e.WaylandDisplay, e.Display = "wayland-0", ":0" }))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.Image, pngBytes) || c.MIME != "image/png" || c.Text != "" {
		t.Fatalf("content = %+v", c)
	}
	want := []string{"wl-paste --list-types", "wl-paste --type image/png"}
	if got := f.calls(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("calls = %q, want %q", got, want)
	}
}

func TestX11(t *testing.T) {
	f := newFakeTools(t)
	f.add("wl-paste", wlImage) // present but no Wayland session: not used
	f.add("xclip", xclipImage)
	c, err := Read(context.Background(), f.env(func(e *Env) { e.Display = ":0" }))
	if err != nil || !bytes.Equal(c.Image, pngBytes) || c.MIME != "image/png" {
		t.Fatalf("Read = %+v, %v", c, err)
	}
	if got := f.calls(); len(got) != 2 || got[0] != "xclip -selection clipboard -t TARGETS -o" {
		t.Errorf("calls = %q", got)
	}
}

func TestFallsThroughToNextBackend(t *testing.T) {
	f := newFakeTools(t)
	f.add("wl-paste", `--list-types) echo "Failed to connect to a Wayland server" >&2; exit 1;;`)
	f.add("xclip", xclipImage)
	c, err := Read(context.Background(), f.env(func(e *Env) { e.WaylandDisplay, e.Display = "wayland-0", ":0" }))
	if err != nil || !bytes.Equal(c.Image, pngBytes) {
		t.Fatalf("Read = %+v, %v", c, err)
	}
	// With no second backend the tool's own first stderr line is reported.
	_, err = Read(context.Background(), f.env(func(e *Env) { e.WaylandDisplay = "wayland-0" }))
	if err == nil || err.Error() != "wl-paste failed: Failed to connect to a Wayland server" {
		t.Fatalf("err = %v", err)
	}
}

func TestClipboardHoldsText(t *testing.T) {
	f := newFakeTools(t)
	f.add("wl-paste", `--list-types) printf 'text/plain;charset=utf-8\nUTF8_STRING\n';;
--no-newline) printf 'héllo world';;`)
	f.add("xclip", `"-selection clipboard -t TARGETS -o") printf 'TARGETS\nSTRING\nUTF8_STRING\n';;
"-selection clipboard -t UTF8_STRING -o") printf 'from x11';;`)
	c, err := Read(context.Background(), f.env(func(e *Env) { e.WaylandDisplay = "wayland-0" }))
	if err != nil || c.Text != "héllo world" || c.Image != nil {
		t.Fatalf("wayland: %+v, %v", c, err)
	}
	c, err = Read(context.Background(), f.env(func(e *Env) { e.Display = ":0" }))
	if err != nil || c.Text != "from x11" || c.Image != nil {
		t.Fatalf("x11: %+v, %v", c, err)
	}
}

func TestEmptyClipboard(t *testing.T) {
	f := newFakeTools(t)
	f.add("xclip", `"-selection clipboard -t TARGETS -o") printf 'TARGETS\nTIMESTAMP\n';;`)
	if _, err := Read(context.Background(), f.env(func(e *Env) { e.Display = ":0" })); !errors.Is(err, ErrEmpty) {
		t.Fatalf("err = %v", err)
	}
}

func TestNoToolFound(t *testing.T) {
	f := newFakeTools(t)
	cases := []struct {
		mod  func(*Env)
		want string
	}{
		{func(e *Env) { e.WaylandDisplay = "wayland-0" }, "no clipboard tool found: install wl-clipboard (Wayland)"},
		{func(e *Env) { e.Display = ":0" }, "no clipboard tool found: install xclip (X11)"},
		{func(e *Env) { e.WaylandDisplay, e.Display = "wayland-0", ":0" }, "no clipboard tool found: install wl-clipboard (Wayland) or xclip (X11)"},
		{func(e *Env) {}, "no clipboard tool found: no graphical session (neither WAYLAND_DISPLAY nor DISPLAY is set)"},
		{func(e *Env) { e.WSL = true }, "no clipboard tool found: powershell.exe is not on PATH (enable WSL interop) or install wl-clipboard"},
		{func(e *Env) { e.GOOS = "darwin" }, "no clipboard tool found: install pngpaste (brew install pngpaste)"},
	}
	for _, c := range cases {
		_, err := Read(context.Background(), f.env(c.mod))
		if !errors.Is(err, ErrNoTool) || err.Error() != c.want {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
}

func TestHangingToolTimesOut(t *testing.T) {
	f := newFakeTools(t)
	f.add("wl-paste", `--list-types) exec sleep 60;;`)
	env := f.env(func(e *Env) { e.WaylandDisplay, e.Timeout = "wayland-0", 100*time.Millisecond })
	_, err := Read(context.Background(), env)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "wl-paste timed out after 100ms") {
		t.Fatalf("err = %v", err)
	}
	// The caller's cancellation stops Read too, and is reported as such.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env.Timeout = time.Minute
	if _, err := Read(ctx, env); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err = %v", err)
	}
}

func TestMacOS(t *testing.T) {
	f := newFakeTools(t)
	f.add("pngpaste", `-) cat "$IMG";;`)
	c, err := Read(context.Background(), f.env(func(e *Env) { e.GOOS = "darwin" }))
	if err != nil || !bytes.Equal(c.Image, pngBytes) {
		t.Fatalf("pngpaste: %+v, %v", c, err)
	}
	// No pngpaste: osascript reads the image as «data PNGf…».
	g := newFakeTools(t)
	g.add("osascript", `"-e the clipboard as «class PNGf»") printf '«data PNGf89504E470D0A1A0A»\n';;`)
	c, err = Read(context.Background(), g.env(func(e *Env) { e.GOOS = "darwin" }))
	if err != nil || string(c.Image) != "\x89PNG\r\n\x1a\n" {
		t.Fatalf("osascript image: %+v, %v", c, err)
	}
	// pngpaste finds no image; osascript then returns the text.
	h := newFakeTools(t)
	h.add("pngpaste", `-) echo "No PNG data found on the clipboard!" >&2; exit 1;;`)
	h.add("osascript", `"-e the clipboard as «class PNGf»") echo "Can't make some data into the expected type." >&2; exit 1;;
"-e the clipboard as «class utf8»") printf '«data utf868C3A96C6C6F»\n';;`)
	c, err = Read(context.Background(), h.env(func(e *Env) { e.GOOS = "darwin" }))
	if err != nil || c.Text != "héllo" {
		t.Fatalf("osascript text: %+v, %v", c, err)
	}
}

func TestPowerShellOnWSL(t *testing.T) {
	f := newFakeTools(t)
	f.add("powershell.exe", `"-NoProfile -NonInteractive -EncodedCommand "*) printf 'IMG:`+base64.StdEncoding.EncodeToString(pngBytes)+`\r\n';;`)
	c, err := Read(context.Background(), f.env(func(e *Env) { e.WSL = true }))
	if err != nil || !bytes.Equal(c.Image, pngBytes) || c.MIME != "image/png" {
		t.Fatalf("Read = %+v, %v", c, err)
	}
	// The encoded script really asks for the clipboard image.
	call := f.calls()[0]
	script := decodePS(t, call[strings.LastIndex(call, " ")+1:])
	if !strings.Contains(script, "Get-Clipboard -Format Image") || !strings.Contains(script, "Get-Clipboard -Raw") {
		t.Errorf("script = %q", script)
	}
	g := newFakeTools(t)
	g.add("powershell.exe", `*) printf 'TXT:`+base64.StdEncoding.EncodeToString([]byte("windows text"))+`';;`)
	c, err = Read(context.Background(), g.env(func(e *Env) { e.GOOS = "windows" }))
	if err != nil || c.Text != "windows text" {
		t.Fatalf("text: %+v, %v", c, err)
	}
}

func decodePS(t *testing.T, b64 string) string {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw)%2 != 0 {
		t.Fatalf("bad -EncodedCommand %q: %v", b64, err)
	}
	u := make([]uint16, len(raw)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(raw[2*i:])
	}
	return string(utf16.Decode(u))
}
