package session

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The helper process: the test binary re-executed with these variables set
// acts as a second parley writing to the same data directory.
const (
	envHelperMode = "PARLEY_SESSION_HELPER"      // "writer" or "crash"
	envHelperDir  = "PARLEY_SESSION_HELPER_DIR"  // data directory
	envHelperConv = "PARLEY_SESSION_HELPER_CONV" // conversation ID
	envHelperTag  = "PARLEY_SESSION_HELPER_TAG"  // text prefix
	helperCount   = 200                          // messages per writer
)

// TestHelperWriter is not a test on its own: it only runs inside a helper
// process started by the tests below.
func TestHelperWriter(t *testing.T) {
	mode := os.Getenv(envHelperMode)
	if mode == "" {
		t.Skip("helper process only")
	}
	s, err := Open(os.Getenv(envHelperDir))
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper open:", err)
		os.Exit(2)
	}
	conv, _ := strconv.ParseInt(os.Getenv(envHelperConv), 10, 64)
	tag := os.Getenv(envHelperTag)
	switch mode {
	case "writer":
		for i := range helperCount {
			m := &Message{ConversationID: conv, Role: RoleUser, Status: StatusDone,
				Parts: []Part{Text{Text: fmt.Sprintf("%s %d", tag, i)}}}
			if err := s.AppendMessage(m); err != nil {
				fmt.Fprintln(os.Stderr, "helper append:", err)
				os.Exit(2)
			}
			// Checkpoint-style rewrites interleave with the other
			// process's appends, as a streaming reply would.
			if i%10 == 0 {
				m.Parts = append(m.Parts, Text{Text: " updated"})
				if err := s.UpdateMessage(m); err != nil {
					fmt.Fprintln(os.Stderr, "helper update:", err)
					os.Exit(2)
				}
			}
		}
		s.Close()
		os.Exit(0)
	case "crash":
		m := &Message{ConversationID: conv, Role: RoleAssistant, Status: StatusStreaming}
		if err := s.AppendMessage(m); err == nil {
			m.Parts = []Part{Text{Text: tag}}
			err = s.UpdateMessage(m)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper crash:", err)
			os.Exit(2)
		}
		os.Exit(3) // die mid-stream: no final save, no Close
	}
}

// helper starts the test binary as a helper process.
func helper(t *testing.T, mode, dir string, conv int64, tag string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelperMode+"="+mode, envHelperDir+"="+dir,
		envHelperConv+"="+strconv.FormatInt(conv, 10), envHelperTag+"="+tag)
	return cmd
}

func TestTwoProcessesLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two processes")
	}
	s := openTest(t)
	c, err := s.CreateConversation("shared")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	for i, tag := range []string{"alpha", "beta"} {
		cmd := helper(t, "writer", s.Dir(), c.ID, tag)
		wg.Go(func() { outs[i], errs[i] = cmd.CombinedOutput() })
	}
	wg.Wait()
	for i := range errs {
		if errs[i] != nil {
			t.Fatalf("writer %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	got, err := s.Conversation(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 2*helperCount {
		t.Fatalf("%d messages, want %d", len(got.Messages), 2*helperCount)
	}
	ids := map[int64]bool{}
	texts := map[string]bool{}
	updated := 0
	for _, m := range got.Messages {
		if ids[m.ID] {
			t.Errorf("duplicate message ID %d", m.ID)
		}
		ids[m.ID] = true
		text, ok := strings.CutSuffix(m.Text(), " updated")
		if ok {
			updated++
		}
		texts[text] = true
	}
	for _, tag := range []string{"alpha", "beta"} {
		for i := range helperCount {
			if !texts[fmt.Sprintf("%s %d", tag, i)] {
				t.Errorf("message %q lost", fmt.Sprintf("%s %d", tag, i))
			}
		}
	}
	ftsIntegrity(t, s)
	if want := 2 * helperCount / 10; updated != want {
		t.Errorf("%d updated messages, want %d", updated, want)
	}
}

func TestInterruptedAfterCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	s := openTest(t)
	c, _ := s.CreateConversation("crash")
	out, err := helper(t, "crash", s.Dir(), c.ID, "streamed so far").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("crash helper: %v\n%s", err, out)
	}
	s = reopen(t, s)
	got, err := s.Conversation(c.ID)
	if err != nil || len(got.Messages) != 1 {
		t.Fatalf("after crash: %+v, %v", got, err)
	}
	m := got.Messages[0]
	if m.Status != StatusInterrupted || m.Text() != "streamed so far" {
		t.Errorf("after crash: status %q text %q, want interrupted with the checkpointed text", m.Status, m.Text())
	}
}
