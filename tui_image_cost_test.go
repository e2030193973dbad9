package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"parley/providers/providertest"
	"parley/session"
)

// TestTUIImageScrollMemory resumes a conversation of 20 different
// 1024×1024 pictures in the real binary (sixel, in tmux), pages up to
// its first message, letting each step's encodes finish, and reads the
// process's memory after (issue 16: ≤ 150 MB after viewing a 20-image
// conversation). The numbers are logged; what is held to a bound is the
// private part, which is what parley allocates (the rest is the
// executable's pages, whose count is the kernel's: TestStartupMemory).
func TestTUIImageScrollMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("package parley (root): decodes twenty 1024×1024 pictures in the TUI; skipped with -short")
	}
	sb := newSandbox(t)
	id := seedPictures(t, sb.data, 20)
	tm := startTUI(t, sb.env(), "--data-dir", sb.data, "--image-protocol", "sixel", "-r", fmt.Sprint(id))
	tm.waitText("picture 19")
	pid, err := strconv.Atoi(strings.TrimSpace(tm.run("list-panes", "-t", "main", "-F", "#{pane_pid}")))
	if err != nil {
		t.Fatal(err)
	}
	waitQuiet(t, pid)
	first := sampleProc(t, pid)
	for step := 0; !strings.Contains(tm.screen(), "picture 00"); step++ {
		if step == 40 {
			t.Fatalf("40 PgUp did not reach the first picture:\n%s", tm.screen())
		}
		tm.run("send-keys", "-t", "main", "PageUp")
		waitQuiet(t, pid)
	}
	// ui/images hands the decodes' memory back a second after its last
	// encode (release.go): the state a chat left open settles in.
	time.Sleep(1500 * time.Millisecond)
	waitQuiet(t, pid)
	after := sampleProc(t, pid)
	tm.quit()
	t.Logf("first screen %.1f MB resident (%.1f private); after viewing 20 pictures %.1f MB (%.1f private), peak %.1f MB; %v CPU for the scroll",
		mb(first.rssKB), mb(first.anonKB), mb(after.rssKB), mb(after.anonKB), mb(after.hwmKB), after.cpu-first.cpu)
	if after.cpu-first.cpu < 100*time.Millisecond {
		t.Fatalf("the scroll cost %v of CPU: the pictures were not decoded", after.cpu-first.cpu)
	}
	// The 150 MB target in all leaves parley's own part, beside the
	// executable's pages (~80 MB here), about 64 MB; it reads 40 MB, and
	// 74–84 MB without the release after idle.
	if after.anonKB > 64<<10 {
		t.Errorf("after viewing 20 pictures parley holds %.1f MB of private memory, over 64 MB", mb(after.anonKB))
	}
}

// seedPictures stores a conversation of n messages with one different
// 1024×1024 picture each ("picture 00" …) and returns its id.
func seedPictures(t *testing.T, data string, n int) int64 {
	t.Helper()
	st, err := session.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	conv, err := st.CreateConversation("pictures")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		pic := providertest.NoisePNG(t, 1024, 1024, uint32(i))
		sha, err := st.PutBlob(pic)
		if err != nil {
			t.Fatal(err)
		}
		m := &session.Message{ConversationID: conv.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: fmt.Sprintf("picture %02d", i)},
				session.Image{Blob: sha, MIME: "image/png", Name: fmt.Sprintf("pic%02d.png", i), Width: 1024, Height: 1024, Bytes: int64(len(pic))}}}
		if err := st.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	return conv.ID
}

// waitQuiet waits until the process has used no CPU for 300 ms (its
// encodes are done), for at most 30 s: a hang, not a timing assertion.
func waitQuiet(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	last, still := sampleProc(t, pid).cpu, 0
	for still < 3 {
		if time.Now().After(deadline) {
			t.Fatal("parley never went quiet")
		}
		time.Sleep(100 * time.Millisecond)
		if c := sampleProc(t, pid).cpu; c != last {
			last, still = c, 0
		} else {
			still++
		}
	}
}
