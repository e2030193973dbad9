package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocumentedSpellings runs the real binary with each documented way of
// writing a print-mode command line and checks what reached the server.
func TestDocumentedSpellings(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "ok")
	sb := newSandbox(t)
	env := sb.env("OPENAI_API_KEY=test-key")
	at := func(args ...string) []string {
		return append([]string{"--base-url", f.URL(), "--data-dir", sb.data}, args...)
	}
	cases := []struct {
		name   string
		stdin  string
		args   []string
		prompt string
		model  string
	}{
		{"-p", "", at("-p", "hello"), "hello", "gpt-4o-mini"},
		{"--print and -m", "", at("--print", "-m", "gpt-test", "hello"), "hello", "gpt-test"},
		{"flags after the prompt", "", []string{"what", "is", "this", "-m", "openai/gpt-x", "--base-url", f.URL(), "--data-dir", sb.data},
			"what is this", "gpt-x"},
		{"flags between the words", "", []string{"what", "--base-url", f.URL(), "is", "--data-dir", sb.data, "-p", "this"},
			"what is this", "gpt-4o-mini"},
		{"-- models sends the word", "", at("--", "models"), "models", "gpt-4o-mini"},
		{"-- keeps flag-like words", "", at("-m", "gpt-test", "--", "-p", "--no-save"), "-p --no-save", "gpt-test"},
		{"help is a prompt word", "", at("help", "me"), "help me", "gpt-4o-mini"},
		{"print mode without -p: stdout is a file", "", at("hi"), "hi", "gpt-4o-mini"},
		{"piped stdin is appended", "line one\n", at("-p", "summarize:"), "summarize:\n\nline one", "gpt-4o-mini"},
		{"piped stdin alone", "just this\n", at(), "just this", "gpt-4o-mini"},
	}
	for i, c := range cases {
		code, out, errOut := runPrint(t, env, c.stdin, c.args...)
		if code != 0 || out != "ok\n" {
			t.Errorf("%s: exit %d stdout %q stderr %q", c.name, code, out, errOut)
			continue
		}
		f.mu.Lock()
		model := f.requests[i].Model
		f.mu.Unlock()
		if got := f.lastUserText(t, i); got != c.prompt || model != c.model {
			t.Errorf("%s: the server got %q for %s, want %q for %s", c.name, got, model, c.prompt, c.model)
		}
	}
}

// TestContinueAndResumeSpellings checks -c, --continue, -r and --resume
// send the stored history, and that the two together are refused before
// anything is sent.
func TestContinueAndResumeSpellings(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "ok")
	sb := newSandbox(t)
	env := sb.env("OPENAI_API_KEY=test-key")
	base := []string{"--base-url", f.URL(), "--data-dir", sb.data, "-p"}
	run := func(args ...string) {
		t.Helper()
		if code, out, errOut := runPrint(t, env, "", append(base, args...)...); code != 0 || out != "ok\n" {
			t.Fatalf("%q: exit %d stdout %q stderr %q", args, code, out, errOut)
		}
	}
	run("first")                    // conversation 1: 2 messages
	run("second")                   // conversation 2
	run("-c", "more")               // continues 2
	run("--continue", "and more")   // continues 2 again
	run("-r", "1", "back to one")   // continues 1
	run("back", "--resume=1")       // and again
	want := []int{1, 1, 3, 5, 3, 5} // messages sent with each request
	f.mu.Lock()
	for i, w := range want {
		if n := len(f.requests[i].Messages); n != w {
			t.Errorf("request %d sent %d messages, want %d", i, n, w)
		}
	}
	f.mu.Unlock()
	for _, args := range [][]string{{"-c", "-r", "1", "x"}, {"x", "--resume", "1", "--continue"}} {
		code, out, errOut := runPrint(t, env, "", append(base, args...)...)
		if code != 2 || out != "" || errOut != "parley: --continue and --resume cannot be used together (see parley --help)\n" {
			t.Errorf("%q: exit %d stdout %q stderr %q", args, code, out, errOut)
		}
	}
	if n := len(f.requests); n != len(want) {
		t.Errorf("the server got %d requests, want %d: a refused command line sent something", n, len(want))
	}
}

// TestWrongCommandFlags checks that a flag of one command given to another
// is refused with one line naming the commands that take it.
func TestWrongCommandFlags(t *testing.T) {
	sb := newSandbox(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"devices", "--no-save"}, "parley: parley devices takes no --no-save: that flag is for parley and parley image (see parley devices --help)\n"},
		{[]string{"history", "-o", "x"}, "parley: parley history takes no -o: that flag is for parley export and parley image (see parley history --help)\n"},
		{[]string{"--limit", "3", "hi"}, "parley: parley takes no --limit: that flag is for parley history (see parley --help)\n"},
		{[]string{"models", "--record", "5s"}, "parley: parley models takes no --record: that flag is for parley (see parley models --help)\n"},
		{[]string{"export", "--size", "1x1"}, "parley: parley export takes no --size: that flag is for parley image (see parley export --help)\n"},
	} {
		code, out, errOut := runPrint(t, sb.env(), "", c.args...)
		if code != 2 || out != "" || errOut != c.want {
			t.Errorf("%q: exit %d stdout %q stderr %q, want 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(sb.home, "xdg-data")); err == nil {
		t.Error("a refused command line created the data directory")
	}
}

// TestCompletionAndManPage generates every shell's completion script and
// the man page from the binary.
func TestCompletionAndManPage(t *testing.T) {
	sb := newSandbox(t)
	for shell, want := range map[string]string{
		"bash":       "__start_parley",
		"zsh":        "#compdef parley",
		"fish":       "complete -c parley",
		"powershell": "Register-ArgumentCompleter -CommandName 'parley'",
	} {
		code, out, errOut := runPrint(t, sb.env(), "", "completion", shell)
		if code != 0 || !strings.Contains(out, want) || errOut != "" {
			t.Errorf("completion %s: exit %d stderr %q, script lacks %q", shell, code, errOut, want)
		}
	}
	code, out, errOut := runPrint(t, sb.env(), "", "man")
	for _, want := range []string{".TH PARLEY 1", ".SH NAME", "parley - Chat with multimodal models", ".SH OPTIONS",
		"-c, --continue", "-r, --resume", "-a, --attach", ".SH COMMANDS", "image"} {
		if code != 0 || !strings.Contains(out, want) || errOut != "" {
			t.Errorf("man: exit %d stderr %q, page lacks %q", code, errOut, want)
		}
	}
}
