package main

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// showBuffer is tmux's newest paste buffer, "" when there is none.
func (tm *tmux) showBuffer() string {
	tm.t.Helper()
	out, err := exec.Command("tmux", "-L", tm.socket, "show-buffer").Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// TestTUICopyAndInputHistory: type, send, /copy puts the reply's markdown
// in tmux's paste buffer (set-clipboard on: tmux keeps what OSC 52 sets),
// and ↑ recalls the message sent into the composer, editable.
func TestTUICopyAndInputHistory(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", time.Millisecond, reply...)
	sb := newSandbox(t)
	// TMUX makes parley send the tmux-wrapped copy too; without
	// allow-passthrough tmux drops that one, so the buffer holds the
	// reply once.
	tm := startTUI(t, sb.env("OPENAI_API_KEY=test-key", "TMUX=/tmp/parley-e2e,1,0"), "--data-dir", sb.data, "--base-url", f.URL())
	tm.run("set-option", "-s", "set-clipboard", "on")
	tm.waitText("openai")
	tm.run("send-keys", "-t", "main", "-l", "how do I save a file?")
	tm.run("send-keys", "-t", "main", "Enter")
	tm.waitFor("the finished reply", func(s string) bool {
		return strings.Contains(s, "final line of the reply.") && strings.Contains(s, "│ ready │")
	})

	tm.run("send-keys", "-t", "main", "-l", "/copy")
	tm.run("send-keys", "-t", "main", "Enter")
	want := strings.Join(reply, "")
	deadline := time.Now().Add(30 * time.Second) // a bound for a hung run, not a pace
	for tm.showBuffer() != want {
		if time.Now().After(deadline) {
			t.Fatalf("tmux buffer %q, want the reply %q; screen:\n%s", tm.showBuffer(), want, tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// With no display in the sandbox there is no system tool: the notice
	// says so and that OSC 52 was sent.
	tm.waitText("by OSC 52 only")

	// ↑ recalls what was typed, newest first: the command, then the
	// message.
	tm.run("send-keys", "-t", "main", "Up")
	tm.waitFor("the recalled command", func(s string) bool { return strings.Contains(s, "│/copy ") })
	tm.run("send-keys", "-t", "main", "Up")
	tm.waitFor("the recalled message in the composer", func(s string) bool {
		return strings.Contains(s, "│how do I save a file?")
	})
	tm.run("send-keys", "-t", "main", "-l", " twice")
	tm.run("send-keys", "-t", "main", "Enter")
	tm.waitFor("the second reply", func(string) bool { return f.requestCount() >= 2 })
	if got := f.lastUserText(t, 1); got != "how do I save a file? twice" {
		t.Errorf("the edited recall sent %q", got)
	}
	tm.quit()
}
