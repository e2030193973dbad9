package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"parley/media/sanitize"
	"parley/session"
)

// hostile is a config whose values carry an OSC title sequence, a bell and
// a bidi override: each reaches stderr through some hint or error.
const hostile = "default_model = \"\\u001b]0;TITLE\\u0007x/y\\u202e\"\n"

// TestStderrIsSanitized runs the CLI's error paths with a hostile config
// and hostile arguments: no byte of stderr may act on the terminal (no
// ESC, BEL, other C0 control but newline, or bidi control), yet each run
// still says what is wrong.
func TestStderrIsSanitized(t *testing.T) {
	sb := newSandbox(t)
	cfg := filepath.Join(sb.home, "config.toml")
	if err := os.WriteFile(cfg, []byte(hostile), 0o600); err != nil {
		t.Fatal(err)
	}
	evil := "\x1b]0;OWNED\x07\u202eevil"
	cases := [][]string{
		{"-p", "--config", cfg, "--data-dir", sb.data, "hi"},
		{"-p", "--config", cfg, "--data-dir", sb.data, "-m", evil + "/m", "hi"},
		{"-p", "--config", cfg, "--data-dir", sb.data, "-m", "openai/x", "-a", filepath.Join(sb.home, evil+".png"), "hi"},
		{"models", "--config", cfg},
		{"export", "--data-dir", sb.data, "--format", evil},
		{"export", "--data-dir", sb.data, evil},
		{"history", "--data-dir", sb.data, evil},
		{"--config", cfg, "--theme", evil, "-p", "hi"},
	}
	for _, args := range cases {
		code, _, errOut := runPrint(t, sb.env("OPENAI_API_KEY=k"), "", args...)
		if code == 0 || !strings.HasPrefix(errOut, "parley: ") {
			t.Errorf("%q: exit %d, stderr %q; want a failure said on stderr", args, code, errOut)
		}
		for _, r := range errOut {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) || sanitize.IsBidi(r) {
				t.Errorf("%q: stderr carries %U: %q", args, r, errOut)
				break
			}
		}
	}
}

// TestAttachFIFORefused: -a on a named pipe is refused at once, before it
// is opened (an open of a FIFO with no writer blocks forever).
func TestAttachFIFORefused(t *testing.T) {
	sb := newSandbox(t)
	fifo := filepath.Join(sb.home, "fifo.png")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=k"), "",
		"-p", "--base-url", "http://127.0.0.1:1/v1", "--data-dir", sb.data, "-m", "openai/gpt-4o", "-a", fifo, "look")
	if code != 1 || out != "" || !strings.Contains(errOut, "fifo.png: is a named pipe (FIFO), not a regular file") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and the FIFO refused", code, out, errOut)
	}
}

// TestHistoryAndExportOnReadOnlyDisk: a store on a file system mounted
// read-only (root ignores mode bits, so chmod would prove nothing) can
// still be listed, searched and exported.
func TestHistoryAndExportOnReadOnlyDisk(t *testing.T) {
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	data := filepath.Join(mnt, "data")
	st, err := session.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CreateConversation("kept on a read-only disk")
	if err != nil {
		t.Fatal(err)
	}
	m := &session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
		Parts: []session.Part{session.Text{Text: "findable words"}}}
	if err := st.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Skipf("remount ro: %v %s", err, out)
	}
	sb := newSandbox(t)
	for _, args := range [][]string{{"history"}, {"history", "findable"}, {"export", "last"}} {
		code, out, errOut := runPrint(t, sb.env(), "", append(args, "--data-dir", data)...)
		if code != 0 || !strings.Contains(out, "kept on a read-only disk") || errOut != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want the conversation", args, code, out, errOut)
		}
	}
}

// TestPrintModeShowsRateLimitWait: a 429 with Retry-After is one line on
// stderr saying how long parley waits, then the retry's reply is printed.
func TestPrintModeShowsRateLimitWait(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "after ", "the wait")
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}`)
			return
		}
		f.serve(w, r)
	}))
	t.Cleanup(srv.Close)
	sb := newSandbox(t)
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"-p", "--base-url", srv.URL+"/v1", "--data-dir", sb.data, "-m", "gpt-test", "hi")
	if code != 0 || out != "after the wait\n" || errOut != "parley: rate limited by OpenAI: retrying in 1 s\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want the wait announced, then the reply", code, out, errOut)
	}
}
