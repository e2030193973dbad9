package main

import (
	"strconv"
	"strings"
	"testing"

	"parley/session"
)

// TestHistoryCostDeleteRename: the history list prices what it can (and
// shows "-" for a model without a known price); --delete refuses to act
// unasked in a script, deletes with --yes; --rename retitles.
func TestHistoryCostDeleteRename(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "ok")
	sb := newSandbox(t)
	env := sb.env("OPENAI_API_KEY=test-key")
	for _, m := range []string{"gpt-4o", "gpt-unpriced-test"} {
		if code, _, errOut := runPrint(t, env, "", "-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", m, "about "+m); code != 0 {
			t.Fatalf("%s: exit %d %q", m, code, errOut)
		}
	}
	newest := latest(t, sb.data)
	id := strconv.FormatInt(newest.ID, 10)
	older := strconv.FormatInt(newest.ID-1, 10)

	code, out, errOut := runPrint(t, env, "", "history", "--data-dir", sb.data)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.Contains(lines[0], "COST") {
		t.Fatalf("history: exit %d %q\n%s", code, errOut, out)
	}
	if f := strings.Fields(lines[1]); f[0] != id || f[4] != "-" {
		t.Errorf("unpriced row %q: want cost -", lines[1])
	}
	if f := strings.Fields(lines[2]); f[0] != older || !strings.HasPrefix(strings.TrimPrefix(f[4], "<"), "$") || f[4] == "$0.00" {
		t.Errorf("gpt-4o row %q: want a cost in dollars", lines[2])
	}

	code, out, errOut = runPrint(t, env, "", "history", "--data-dir", sb.data, "--delete", older)
	if code != 1 || out != "" || !strings.Contains(errOut, "add --yes") {
		t.Errorf("--delete in a script: exit %d, %q, %q; want a refusal naming --yes", code, out, errOut)
	}
	code, out, errOut = runPrint(t, env, "", "history", "--data-dir", sb.data, "--delete", older, "--yes")
	if code != 0 || !strings.HasPrefix(out, "deleted "+older+"  about gpt-4o") {
		t.Errorf("--delete --yes: exit %d, %q, %q", code, out, errOut)
	}
	code, out, errOut = runPrint(t, env, "", "history", "--data-dir", sb.data, "--rename", id, "A", "new", "title")
	if code != 0 || out != "renamed "+id+"  A new title\n" {
		t.Errorf("--rename: exit %d, %q, %q", code, out, errOut)
	}
	code, out, _ = runPrint(t, env, "", "history", "--data-dir", sb.data)
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 || !strings.HasSuffix(lines[1], "A new title") {
		t.Errorf("history after delete and rename: exit %d\n%s", code, out)
	}
	if code, _, errOut := runPrint(t, env, "", "history", "--data-dir", sb.data, "--delete", "999", "--yes"); code != 1 ||
		!strings.Contains(errOut, "--delete 999: no such conversation") {
		t.Errorf("--delete 999: exit %d, %q", code, errOut)
	}
}

// TestExportAllBranches: --all-branches writes the branch left behind by
// an edit; without it only the current branch is written.
func TestExportAllBranches(t *testing.T) {
	sb := newSandbox(t)
	st, err := session.Open(sb.data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CreateConversation("branches")
	if err != nil {
		t.Fatal(err)
	}
	first := &session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
		Parts: []session.Part{session.Text{Text: "the first wording"}}}
	if err := st.AppendMessage(first); err != nil {
		t.Fatal(err)
	}
	edited := &session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
		Parts: []session.Part{session.Text{Text: "the edited wording"}}}
	if err := st.AppendSibling(edited, first.ID); err != nil {
		t.Fatal(err)
	}
	st.Close()
	id := strconv.FormatInt(c.ID, 10)
	_, cur, _ := runPrint(t, sb.env(), "", "export", id, "--data-dir", sb.data)
	code, all, errOut := runPrint(t, sb.env(), "", "export", id, "--all-branches", "--data-dir", sb.data)
	if strings.Contains(cur, "the first wording") || !strings.Contains(cur, "the edited wording") {
		t.Errorf("export: want the current branch only\n%s", cur)
	}
	if code != 0 || !strings.Contains(all, "the first wording") || !strings.Contains(all, "the edited wording") {
		t.Errorf("export --all-branches: exit %d %q\n%s", code, errOut, all)
	}
}
