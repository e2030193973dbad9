package clipboard

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addSink writes a fake copy tool that logs its arguments and saves its
// stdin to name.out.
func (f *fakeTools) addSink(name string, code int) string {
	out := filepath.Join(f.dir, name+".out")
	script := "#!/bin/sh\necho \"" + name + " $*\" >> '" + f.log + "'\ncat > '" + out + "'\n"
	if code != 0 {
		script += "echo 'cannot open display' >&2\nexit 1\n"
	}
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(script), 0o755); err != nil {
		f.t.Fatal(err)
	}
	return out
}

// Each platform gets its tool, with the arguments that set the
// clipboard, and the text on stdin.
func TestWritePicksThePlatformsTool(t *testing.T) {
	cases := []struct {
		name, want, args string
		tools            []string
		mod              func(*Env)
	}{
		{"wayland", "wl-copy", "wl-copy", []string{"wl-copy", "xclip"}, func(e *Env) { e.WaylandDisplay, e.Display = "w", ":0" }},
		{"x11 xclip", "xclip", "xclip -selection clipboard -in", []string{"wl-copy", "xclip", "xsel"}, func(e *Env) { e.Display = ":0" }},
		{"x11 xsel", "xsel", "xsel --clipboard --input", []string{"xsel"}, func(e *Env) { e.Display = ":0" }},
		{"macOS", "pbcopy", "pbcopy", []string{"pbcopy"}, func(e *Env) { e.GOOS = "darwin" }},
		{"WSL", "clip.exe", "clip.exe", []string{"clip.exe"}, func(e *Env) { e.WSL = true }},
		{"windows", "clip.exe", "clip.exe", []string{"clip.exe"}, func(e *Env) { e.GOOS = "windows" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeTools(t)
			outs := map[string]string{}
			for _, tool := range c.tools {
				outs[tool] = f.addSink(tool, 0)
			}
			tool, err := Write(context.Background(), f.env(c.mod), "héllo\nworld")
			if err != nil || tool != c.want {
				t.Fatalf("Write = %q, %v; want %q", tool, err, c.want)
			}
			if got, _ := os.ReadFile(outs[c.want]); string(got) != "héllo\nworld" {
				t.Errorf("stdin %q", got)
			}
			if calls := f.calls(); len(calls) != 1 || calls[0] != c.args {
				t.Errorf("calls %q, want %q", calls, c.args)
			}
		})
	}
}

// No tool: the error says what to install; a failing tool says why.
func TestWriteWithoutOrWithFailingTool(t *testing.T) {
	f := newFakeTools(t)
	_, err := Write(context.Background(), f.env(func(e *Env) { e.Display = ":0" }), "x")
	if !errors.Is(err, ErrNoTool) || !strings.Contains(err.Error(), "install xclip or xsel") {
		t.Fatalf("no tool: %v", err)
	}
	if _, err := Write(context.Background(), f.env(func(*Env) {}), "x"); !errors.Is(err, ErrNoTool) || !strings.Contains(err.Error(), "no graphical session") {
		t.Fatalf("no display: %v", err)
	}
	f.addSink("xclip", 1)
	tool, err := Write(context.Background(), f.env(func(e *Env) { e.Display = ":0" }), "x")
	if tool != "xclip" || err == nil || !strings.Contains(err.Error(), "xclip failed: cannot open display") {
		t.Fatalf("failing tool: %q %v", tool, err)
	}
}

// wl-copy and xclip leave a child serving the selection; one that keeps
// stderr open does not make the copy fail or hang.
func TestWriteToolLeavesAChild(t *testing.T) {
	f := newFakeTools(t)
	out := filepath.Join(f.dir, "wl-copy.out")
	script := "#!/bin/sh\ncat > '" + out + "'\n(sleep 2 >&2 &)\n"
	if err := os.WriteFile(filepath.Join(f.dir, "wl-copy"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	tool, err := Write(context.Background(), f.env(func(e *Env) { e.WaylandDisplay = "w" }), "kept")
	if tool != "wl-copy" || err != nil {
		t.Fatalf("Write = %q, %v", tool, err)
	}
	if b, _ := os.ReadFile(out); string(b) != "kept" {
		t.Errorf("copied %q", b)
	}
}
