package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"parley/session"
	"parley/ui/termtest"
)

// binary is the parley executable built once for every test.
var binary string

func TestMain(m *testing.M) {
	// Run as the terminal rig when started with termshot's command line
	// (the e2e tests exec this binary as their termshot: see ui/termtest).
	if termtest.IsCommandLine(os.Args[1:]) {
		os.Exit(termtest.Main(os.Args[1:], os.Stderr))
	}
	dir, err := os.MkdirTemp("", "parley-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "parley")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building parley:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// fakeOpenAI is an OpenAI chat-completions server speaking the SSE format
// of PROVIDERS.md. It records every request body.
type fakeOpenAI struct {
	srv   *httptest.Server
	key   string        // the accepted key
	reply []string      // content chunks
	delay time.Duration // pause before each chunk

	mu        sync.Mutex
	requests  []chatRequest
	cancelled bool // a client went away mid-stream
}

// chatRequest is the part of a chat.completions request the tests check.
type chatRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
}

func newFakeOpenAI(t *testing.T, key string, delay time.Duration, reply ...string) *fakeOpenAI {
	f := &fakeOpenAI{key: key, reply: reply, delay: delay}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the base URL to give --base-url.
func (f *fakeOpenAI) URL() string { return f.srv.URL + "/v1" }

func (f *fakeOpenAI) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	var req chatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	if got := r.Header.Get("Authorization"); got != "Bearer "+f.key {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		// Real servers echo (part of) the key; parley must not repeat it.
		key := strings.TrimPrefix(got, "Bearer ")
		fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, key)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	chunk := func(delta, finish string) {
		fmt.Fprintf(w, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":%q,\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}\n\n",
			req.Model, delta, finish)
		w.(http.Flusher).Flush()
	}
	chunk(`{"role":"assistant","content":""}`, "null")
	for _, c := range f.reply {
		if !f.pause(r.Context()) {
			f.mu.Lock()
			f.cancelled = true
			f.mu.Unlock()
			return
		}
		b, _ := json.Marshal(map[string]string{"content": c})
		chunk(string(b), "null")
	}
	chunk(`{}`, `"stop"`)
	fmt.Fprintf(w, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":%q,\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":%d,\"total_tokens\":%d}}\n\n",
		req.Model, len(f.reply), 10+len(f.reply))
	fmt.Fprint(w, "data: [DONE]\n\n")
}

// pause waits f.delay before a chunk; false means the client went away.
func (f *fakeOpenAI) pause(ctx context.Context) bool {
	if f.delay <= 0 {
		return ctx.Err() == nil
	}
	select {
	case <-ctx.Done():
		return false
	case <-time.After(f.delay):
		return true
	}
}

// userParts returns the content parts of the last user message of request
// i (a plain string content is one text part).
func (f *fakeOpenAI) userParts(t *testing.T, i int) []contentPart {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if i >= len(f.requests) {
		t.Fatalf("the server got %d requests, want at least %d", len(f.requests), i+1)
	}
	msgs := f.requests[i].Messages
	for j := len(msgs) - 1; j >= 0; j-- {
		if msgs[j].Role != "user" {
			continue
		}
		var s string
		if json.Unmarshal(msgs[j].Content, &s) == nil {
			return []contentPart{{Type: "text", Text: s}}
		}
		var parts []contentPart
		if err := json.Unmarshal(msgs[j].Content, &parts); err != nil {
			t.Fatalf("user content %s: %v", msgs[j].Content, err)
		}
		return parts
	}
	t.Fatal("no user message in the request")
	return nil
}

// lastUserText returns the text of the last user message of request i.
func (f *fakeOpenAI) lastUserText(t *testing.T, i int) string {
	t.Helper()
	var b strings.Builder
	for _, p := range f.userParts(t, i) {
		b.WriteString(p.Text)
	}
	return b.String()
}

// requestCount is how many requests the server got.
func (f *fakeOpenAI) requestCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// sandbox is an isolated home for one run of parley.
type sandbox struct {
	home, data string
}

func newSandbox(t *testing.T) sandbox {
	home := t.TempDir()
	return sandbox{home: home, data: filepath.Join(home, "data")}
}

// env is a minimal environment: nothing of the user's leaks in (no real
// keys, config or data directory).
func (s sandbox) env(extra ...string) []string {
	return append([]string{
		"HOME=" + s.home,
		"PATH=" + os.Getenv("PATH"),
		"XDG_CONFIG_HOME=" + filepath.Join(s.home, "config"),
		"XDG_DATA_HOME=" + filepath.Join(s.home, "xdg-data"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
	}, extra...)
}

// runPrint runs parley with stdout and stderr captured (so not a terminal).
func runPrint(t *testing.T, env []string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runParley(t, env, stdin, nil, args...)
}

// runParley runs the binary with env, stdin and process attributes, and
// returns its exit code and output; it fails the test if parley cannot
// run or takes over a minute.
func runParley(t *testing.T, env []string, stdin string, attr *syscall.SysProcAttr, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	cmd.SysProcAttr = attr
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running parley: %v", err)
	}
	return code, out.String(), errb.String()
}

// latest opens the store in dir and returns its most recent conversation.
func latest(t *testing.T, dir string) *session.Conversation {
	t.Helper()
	st, err := session.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.LatestConversation()
	if err != nil {
		t.Fatalf("latest conversation: %v", err)
	}
	return c
}

func TestPrintModeReply(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "Hello", ", ", "world", "!")
	sb := newSandbox(t)
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-test", "please", "say", "hello")
	if code != 0 || out != "Hello, world!\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and the reply", code, out, errOut)
	}
	if got := f.lastUserText(t, 0); got != "please say hello" {
		t.Errorf("the server got prompt %q", got)
	}
	f.mu.Lock()
	model, stream := f.requests[0].Model, f.requests[0].Stream
	f.mu.Unlock()
	if model != "gpt-test" || !stream {
		t.Errorf("request model %q stream %v", model, stream)
	}
	c := latest(t, sb.data)
	if len(c.Messages) != 2 || c.Messages[1].Status != session.StatusDone || c.Messages[1].Text() != "Hello, world!" {
		t.Errorf("stored conversation: %+v", c.Messages)
	}

	// --continue sends the stored history with the next prompt.
	code, out, errOut = runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"--base-url", f.URL(), "--data-dir", sb.data, "-c", "again")
	if code != 0 || out != "Hello, world!\n" {
		t.Fatalf("--continue: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	f.mu.Lock()
	n := len(f.requests[1].Messages)
	f.mu.Unlock()
	if n != 3 {
		t.Errorf("--continue sent %d messages, want 3 (history + new prompt)", n)
	}
}

func TestPrintModeRejectedKey(t *testing.T) {
	const secret = "wrong-secret-key-0123456789"
	f := newFakeOpenAI(t, "test-key", 0, "never")
	sb := newSandbox(t)
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY="+secret), "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "hi")
	if code == 0 {
		t.Fatalf("exit 0 with a rejected key; stdout %q", out)
	}
	if !strings.HasPrefix(errOut, "parley: ") || !strings.Contains(errOut, "OPENAI_API_KEY") {
		t.Errorf("stderr %q: want a parley: line naming OPENAI_API_KEY", errOut)
	}
	if strings.Contains(errOut+out, secret) {
		t.Errorf("the key leaked: stdout %q stderr %q", out, errOut)
	}
	noFileHolds(t, sb.data, secret) // parley.log and the database
}

func TestPrintModeNoKeySaysWhatToSet(t *testing.T) {
	sb := newSandbox(t)
	// Point OLLAMA_HOST at a closed port so a real local Ollama is not found.
	code, _, errOut := runPrint(t, sb.env("OLLAMA_HOST=127.0.0.1:1"), "", "-p", "--data-dir", sb.data, "hi")
	if code == 0 || !strings.Contains(errOut, "OPENAI_API_KEY") || !strings.Contains(errOut, "config.toml") {
		t.Errorf("exit %d, stderr %q: want failure naming OPENAI_API_KEY and the config file", code, errOut)
	}
}

func TestPrintModeNoSave(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "ok")
	sb := newSandbox(t)
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"-p", "--no-save", "--base-url", f.URL(), "--data-dir", sb.data, "secret question")
	if code != 0 || out != "ok\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	// Keep nothing: not even the data directory or its log.
	if _, err := os.Stat(sb.data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--no-save created the data directory (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(sb.home, "xdg-data")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--no-save created the default data directory (%v)", err)
	}
	noFileHolds(t, sb.home, "secret question")
}

func TestPrintModePipedStdin(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "summary")
	sb := newSandbox(t)
	// No -p: stdout is not a terminal, so print mode is chosen anyway.
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "line one\nline two\n",
		"--base-url", f.URL(), "--data-dir", sb.data, "summarize", "this:")
	if code != 0 || out != "summary\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	if got, want := f.lastUserText(t, 0), "summarize this:\n\nline one\nline two"; got != want {
		t.Errorf("the server got %q, want %q", got, want)
	}
}

func TestFlags(t *testing.T) {
	sb := newSandbox(t)
	code, out, _ := runPrint(t, sb.env(), "", "--version")
	if code != 0 || out != "parley dev\n" {
		t.Errorf("--version: %d %q", code, out)
	}
	code, out, _ = runPrint(t, sb.env(), "", "-h")
	for _, flag := range []string{"--print", "--model", "--provider", "--base-url", "--continue", "--resume",
		"--config", "--data-dir", "--no-save", "--version", "--help", "--theme"} {
		if !strings.Contains(out, flag) {
			t.Errorf("--help lacks %s", flag)
		}
	}
	if code != 0 {
		t.Errorf("--help exit %d", code)
	}
	code, _, errOut := runPrint(t, sb.env(), "", "--bogus")
	if code != 2 || !strings.Contains(errOut, "bogus") {
		t.Errorf("unknown flag: exit %d stderr %q", code, errOut)
	}
	code, _, errOut = runPrint(t, sb.env(), "", "--config", filepath.Join(sb.home, "missing.toml"), "-p", "hi")
	if code == 0 || !strings.Contains(errOut, "missing.toml") {
		t.Errorf("missing --config: exit %d stderr %q", code, errOut)
	}
}

// BenchmarkPrintModeBinary20k runs the real binary in print mode against
// the fake server streaming 20,000 tokens and reports the CPU the parley
// process used (startup, SDK stream parsing, the Turn, the store, output).
func BenchmarkPrintModeBinary20k(b *testing.B) { benchBinary(b, 20000) }

// BenchmarkPrintModeBinary1 is the same with a one-token reply: the fixed
// cost of a run, to subtract from the 20k figure.
func BenchmarkPrintModeBinary1(b *testing.B) { benchBinary(b, 1) }

func benchBinary(b *testing.B, n int) {
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = []string{"Some ", "**markdown** ", "text", ".\n", "- item\n", "`code` "}[i%6]
	}
	f := &fakeOpenAI{key: "test-key", reply: tokens}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	defer f.srv.Close()
	home := b.TempDir()
	sb := sandbox{home: home, data: filepath.Join(home, "data")}
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(binary, "-p", "--base-url", f.URL(), "--data-dir", sb.data, "go")
		cmd.Env = sb.env("OPENAI_API_KEY=test-key")
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			b.Fatalf("parley: %v", err)
		}
		if out.Len() < n {
			b.Fatalf("short reply: %d bytes", out.Len())
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
