package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"parley/session"
)

// tmux drives the built binary in a real terminal: a private tmux server
// (its own socket) with one 120×40 session.
type tmux struct {
	t      *testing.T
	socket string
}

// startTUI runs parley with args and env in a fresh tmux session. It skips
// the test when tmux is not installed.
func startTUI(t *testing.T, env []string, args ...string) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end TUI tests need it (apt-get install tmux)")
	}
	tm := &tmux{t: t, socket: "parley-" + regexp.MustCompile(`\W`).ReplaceAllString(t.Name(), "-") + fmt.Sprint(time.Now().UnixNano())}
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })

	// The command line runs under the tmux server's shell; `env -i` makes
	// sure nothing of the outer environment reaches parley.
	cmdline := []string{"env", "-i"}
	for _, kv := range env {
		cmdline = append(cmdline, shellQuote(kv))
	}
	cmdline = append(cmdline, shellQuote(binary))
	for _, a := range args {
		cmdline = append(cmdline, shellQuote(a))
	}
	tm.run("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "main", strings.Join(cmdline, " "))
	// Keep the pane after parley exits so a crash message can be read.
	tm.run("set-option", "-t", "main", "remain-on-exit", "on")
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen returns the visible text of the pane.
func (tm *tmux) screen() string { return tm.run("capture-pane", "-p", "-t", "main") }

// waitFor polls the screen (bounded) until ok accepts it.
func (tm *tmux) waitFor(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(60 * time.Second) // a bound for a hung run, not a pace
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (tm *tmux) waitText(text string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q on screen", text), func(s string) bool { return strings.Contains(s, text) })
}

// quit sends Ctrl+C and waits until parley has exited.
func (tm *tmux) quit() {
	tm.t.Helper()
	tm.run("send-keys", "-t", "main", "C-c")
	tm.waitFor("parley to exit", func(string) bool {
		return strings.TrimSpace(tm.run("display-message", "-p", "-t", "main", "#{pane_dead}")) == "1"
	})
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// reply is a markdown answer whose last line is plain text, so it appears
// verbatim once rendered.
var reply = []string{"## Steps\n\n", "1. Open the ", "file\n", "2. Save it\n\n", "```go\nfmt.Println(\"hi\")\n```\n\n",
	"That is the ", "final line of ", "the reply."}

func TestTUIReplyAppears(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 20*time.Millisecond, reply...)
	sb := newSandbox(t)
	tm := startTUI(t, sb.env("OPENAI_API_KEY=test-key"), "--data-dir", sb.data, "--base-url", f.URL())
	tm.waitText("openai") // the status bar shows the provider once the UI is up
	tm.run("send-keys", "-t", "main", "-l", "how do I save a file?")
	tm.run("send-keys", "-t", "main", "Enter")
	// The last line can show a frame before the turn's end does: the
	// golden is the finished screen, with the status bar back at ready.
	checkScreen(t, "tui_reply", tm.waitFor("the finished reply", func(s string) bool {
		return strings.Contains(s, "That is the final line of the reply.") && strings.Contains(s, "│ ready │")
	}))
	if got := f.lastUserText(t, 0); got != "how do I save a file?" {
		t.Errorf("the server got %q", got)
	}
	tm.quit()
	c := latest(t, sb.data)
	if n := len(c.Messages); n != 2 || c.Messages[1].Status != session.StatusDone {
		t.Fatalf("stored %d messages: %+v", n, c.Messages)
	}
	if got, want := c.Messages[1].Text(), strings.Join(reply, ""); got != want {
		t.Errorf("stored reply %q, want %q", got, want)
	}
}

func TestTUIEscapeKeepsPartialReply(t *testing.T) {
	chunks := []string{"Partial ", "answer ", "begins ", "here. "}
	for i := range 100 {
		chunks = append(chunks, fmt.Sprintf("word%d ", i))
	}
	f := newFakeOpenAI(t, "test-key", 200*time.Millisecond, chunks...)
	sb := newSandbox(t)
	tm := startTUI(t, sb.env("OPENAI_API_KEY=test-key"), "--data-dir", sb.data, "--base-url", f.URL())
	tm.waitText("openai")
	tm.run("send-keys", "-t", "main", "-l", "tell me a long story")
	tm.run("send-keys", "-t", "main", "Enter")
	s := tm.waitText("Partial answer begins")
	if strings.Contains(s, "cancelled") {
		t.Fatalf("cancelled before Esc:\n%s", s)
	}
	tm.run("send-keys", "-t", "main", "Escape")
	s = tm.waitText("cancelled")
	// How many words arrive before Esc lands depends on the machine's
	// load; everything else on the screen does not.
	checkScreen(t, "tui_escape_cancelled", regexp.MustCompile(`Partial answer begins.*`).ReplaceAllString(s, "Partial answer begins…"))
	if !strings.Contains(s, "Partial answer begins") {
		t.Errorf("the partial reply left the screen:\n%s", s)
	}
	if strings.Contains(s, "word99") {
		t.Errorf("the whole reply arrived: Esc did not stop it:\n%s", s)
	}
	tm.quit()
	c := latest(t, sb.data)
	last := c.Messages[len(c.Messages)-1]
	if last.Role != session.RoleAssistant || last.Status != session.StatusCancelled {
		t.Fatalf("last message %s/%s, want assistant/cancelled", last.Role, last.Status)
	}
	if !strings.HasPrefix(last.Text(), "Partial answer begins") {
		t.Errorf("stored partial text %q", last.Text())
	}
	f.mu.Lock()
	cancelled := f.cancelled
	f.mu.Unlock()
	if !cancelled {
		t.Error("the server never saw the request cancelled")
	}
}

func TestTUIOpensWithoutKeyAndSaysWhatToSet(t *testing.T) {
	sb := newSandbox(t)
	// A closed port stands in for "no Ollama running".
	tm := startTUI(t, sb.env("OLLAMA_HOST=127.0.0.1:1"), "--data-dir", sb.data)
	s := tm.waitText("OPENAI_API_KEY")
	checkScreen(t, "tui_no_key", s, sb.home, "HOME")
	if !strings.Contains(s, "config.toml") {
		t.Errorf("the hint does not name the config file:\n%s", s)
	}
	tm.quit()
}
