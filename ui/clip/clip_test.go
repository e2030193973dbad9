package clip

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/media/clipboard"
)

// run runs cmd and the Cmds of a batch, returning their messages.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, run(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// fakeCopyTool puts a copy tool on PATH that saves its stdin.
func fakeCopyTool(t *testing.T, name string) (dir, out string) {
	t.Helper()
	dir = t.TempDir()
	out = filepath.Join(dir, "copied")
	script := "#!/bin/sh\ncat > '" + out + "'\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, out
}

func x11() clipboard.Env {
	e := clipboard.SystemEnv()
	e.GOOS, e.Display, e.WaylandDisplay, e.WSL = "linux", ":0", "", false
	return e
}

// Outside tmux: OSC 52 through Bubble Tea, and the system tool found on
// PATH gets the text; Copied says what and how much.
func TestCopyOSC52AndSystemTool(t *testing.T) {
	dir, out := fakeCopyTool(t, "xclip")
	t.Setenv("PATH", dir+string(os.PathListSeparator)+"/usr/bin:/bin")
	msgs := run(Copy("héllo", "the last reply", Env{System: x11}))
	if len(msgs) != 2 || !reflect.DeepEqual(msgs[0], tea.SetClipboard("héllo")()) {
		t.Fatalf("messages %#v", msgs)
	}
	c := msgs[1].(Copied)
	if c.Tool != "xclip" || c.Err != nil || c.Bytes != len("héllo") {
		t.Fatalf("copied %+v", c)
	}
	if b, _ := os.ReadFile(out); string(b) != "héllo" {
		t.Errorf("the tool got %q", b)
	}
	if n, isErr := c.Notice(); isErr || n != "copied the last reply (6 bytes) with xclip and OSC 52" {
		t.Errorf("notice %q", n)
	}
}

// Inside tmux the sequence is also sent wrapped in tmux's passthrough:
// DCS tmux; ESC-doubled OSC 52 ST.
func TestCopyInTmuxWrapsOSC52(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	msgs := run(Copy("hi", "x", Env{Tmux: true, System: x11}))
	want := "\x1bPtmux;\x1b\x1b]52;c;aGk=\a\x1b\\"
	if TmuxOSC52("hi") != want {
		t.Fatalf("wrapped %q, want %q", TmuxOSC52("hi"), want)
	}
	if len(msgs) != 3 || !reflect.DeepEqual(msgs[0], tea.SetClipboard("hi")()) || !reflect.DeepEqual(msgs[1], tea.Raw(want)()) {
		t.Fatalf("messages %#v", msgs)
	}
	c := msgs[2].(Copied)
	if !errors.Is(c.Err, clipboard.ErrNoTool) {
		t.Fatalf("no tool: %+v", c)
	}
	n, isErr := c.Notice()
	if !isErr || !strings.Contains(n, "install xclip or xsel") || !strings.Contains(n, "OSC 52") {
		t.Errorf("no-tool notice %q", n)
	}
}

// Code blocks: both fence kinds, a longer closing fence, an indented
// fence, a fence inside a longer one, and a block left open.
func TestCodeBlocks(t *testing.T) {
	src := "text\n```go\nfmt.Println(1)\n```\n\n~~~\na\n~~~~\n  ````\n```inner```\nstill\n````\n```sh\nopen"
	want := []string{"fmt.Println(1)", "a", "```inner```\nstill", "open"}
	if got := CodeBlocks(src); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := CodeBlocks("no code"); got != nil {
		t.Errorf("no code: %q", got)
	}
}
