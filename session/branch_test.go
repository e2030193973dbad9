package session

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// openAtVersion makes a database as a parley of schema version v would
// have left it (only the first v migrations applied), writes rows with
// stmts through plain SQL, then Opens it with this build, migrating it.
func openAtVersion(t *testing.T, v int, stmts ...string) *Store {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	stmts = append(slices.Clone(migrations()[:v]), stmts...)
	for _, q := range append(stmts, fmt.Sprintf(`PRAGMA user_version = %d`, v)) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("old database: %v\n%s", err, q)
		}
	}
	db.Close()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// texts lists the text of each message.
func texts(ms []Message) []string {
	out := make([]string, len(ms))
	for i := range ms {
		out[i] = ms[i].Text()
	}
	return out
}

// addMsg appends a done message of role with text after the leaf.
func addMsg(t *testing.T, s *Store, conv int64, role Role, text string) Message {
	t.Helper()
	m := Message{ConversationID: conv, Role: role, Status: StatusDone, Parts: []Part{Text{Text: text}}}
	if role == RoleAssistant {
		m.Provider, m.Model = "gemini", "gemini-2.5-flash"
	}
	if err := s.AppendMessage(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMigrateToBranches opens a database written by the schema before
// branches (version 2) holding a linear conversation: it becomes one
// branch, shown, searched and continued as before.
func TestMigrateToBranches(t *testing.T) {
	s := openAtVersion(t, 2,
		`INSERT INTO conversations(id, title, created_at, updated_at) VALUES (7, 'old', 1, 5)`,
		`INSERT INTO conversations(id, title, created_at, updated_at) VALUES (8, 'empty', 1, 1)`,
		`INSERT INTO messages(id, conversation_id, role, status, provider, model, created_at, updated_at)
			VALUES (10, 7, 'user', 'done', '', '', 1, 1), (11, 7, 'assistant', 'done', 'openai', 'gpt-4o', 2, 2),
			(12, 7, 'user', 'done', '', '', 3, 3), (13, 7, 'assistant', 'done', 'gemini', 'gemini-2.5-pro', 4, 4)`,
		`INSERT INTO parts(message_id, seq, kind, text) VALUES (10, 0, 'text', 'first question'),
			(11, 0, 'text', 'first answer'), (12, 0, 'text', 'second question'), (13, 0, 'text', 'second answer')`,
	)
	c, err := s.Conversation(7)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"first question", "first answer", "second question", "second answer"}
	if got := texts(c.Messages); !slices.Equal(got, want) {
		t.Errorf("branch %q, want %q", got, want)
	}
	parents := []int64{0, 10, 11, 12}
	for i, m := range c.Messages {
		if m.ParentID != parents[i] {
			t.Errorf("message %d parent %d, want %d", m.ID, m.ParentID, parents[i])
		}
	}
	if c.LeafID != 13 || c.Provider != "gemini" || c.Model != "gemini-2.5-pro" {
		t.Errorf("leaf %d, last model %s/%s", c.LeafID, c.Provider, c.Model)
	}
	if e, err := s.Conversation(8); err != nil || e.LeafID != 0 || len(e.Messages) != 0 {
		t.Errorf("empty conversation: %+v, %v", e, err)
	}
	if hits, err := s.Search("second", 10); err != nil || len(hits) != 2 {
		t.Errorf("search after migration: %+v, %v", hits, err)
	}
	next := addMsg(t, s, 7, RoleUser, "third")
	if next.ParentID != 13 {
		t.Errorf("a new message follows the old leaf: parent %d", next.ParentID)
	}
}

// branchFixture is u1 a1 u2 a2, then u2 edited into u2' answered by a2'.
type branchFixture struct {
	s                        *Store
	conv                     int64
	u1, a1, u2, a2, u2e, a2e Message
}

func newBranchFixture(t *testing.T) *branchFixture {
	s := openTest(t)
	c, err := s.CreateConversation("b")
	if err != nil {
		t.Fatal(err)
	}
	f := &branchFixture{s: s, conv: c.ID}
	f.u1 = addMsg(t, s, c.ID, RoleUser, "u1")
	f.a1 = addMsg(t, s, c.ID, RoleAssistant, "a1")
	f.u2 = addMsg(t, s, c.ID, RoleUser, "u2")
	f.a2 = addMsg(t, s, c.ID, RoleAssistant, "a2")
	f.u2e = Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{Text{Text: "u2 edited"}}}
	if err := s.AppendSibling(&f.u2e, f.u2.ID); err != nil {
		t.Fatal(err)
	}
	f.a2e = addMsg(t, s, c.ID, RoleAssistant, "a2 edited")
	return f
}

func TestEditMakesBranchOldKept(t *testing.T) {
	f := newBranchFixture(t)
	c, err := f.s.Conversation(f.conv)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := texts(c.Messages), []string{"u1", "a1", "u2 edited", "a2 edited"}; !slices.Equal(got, want) {
		t.Errorf("current branch %q, want %q", got, want)
	}
	if f.u2e.ParentID != f.a1.ID {
		t.Errorf("edit's parent %d, want %d", f.u2e.ParentID, f.a1.ID)
	}
	sib := c.Siblings(f.u2e.ID)
	if sib.Count != 2 || sib.Index != 1 || !slices.Equal(sib.IDs, []int64{f.u2.ID, f.u2e.ID}) {
		t.Errorf("siblings of the edit: %+v", sib)
	}
	if s := c.Siblings(f.u1.ID); s.Count != 1 {
		t.Errorf("first message has no alternatives: %+v", s)
	}
	if n := len(c.AllMessages()); n != 6 {
		t.Errorf("all branches hold %d messages, want 6 (nothing deleted)", n)
	}
	old, err := f.s.SwitchBranch(f.conv, f.u2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := texts(old.Messages), []string{"u1", "a1", "u2", "a2"}; !slices.Equal(got, want) {
		t.Errorf("old branch %q, want %q", got, want)
	}
	if s := old.Siblings(f.u2.ID); s.Index != 0 || s.Count != 2 {
		t.Errorf("siblings on the old branch: %+v", s)
	}
	// The switch is stored: another load (another process) sees it, and
	// a new message continues the branch switched to.
	next := addMsg(t, f.s, f.conv, RoleUser, "u3")
	if next.ParentID != f.a2.ID {
		t.Errorf("after the switch a new message follows a2: parent %d", next.ParentID)
	}
	if _, err := f.s.SwitchBranch(f.conv, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("switch to an unknown message: %v", err)
	}
}

func TestEditFirstMessageMakesSecondRoot(t *testing.T) {
	f := newBranchFixture(t)
	root := Message{ConversationID: f.conv, Role: RoleUser, Status: StatusDone, Parts: []Part{Text{Text: "u1 again"}}}
	if err := f.s.AppendSibling(&root, f.u1.ID); err != nil {
		t.Fatal(err)
	}
	c, err := f.s.Conversation(f.conv)
	if err != nil {
		t.Fatal(err)
	}
	if root.ParentID != 0 || !slices.Equal(texts(c.Messages), []string{"u1 again"}) {
		t.Errorf("new root: parent %d, branch %q", root.ParentID, texts(c.Messages))
	}
	if s := c.Siblings(root.ID); s.Count != 2 || s.Index != 1 {
		t.Errorf("roots are siblings: %+v", s)
	}
}

func TestSearchAndExportFollowBranch(t *testing.T) {
	f := newBranchFixture(t)
	hits, err := f.s.Search("edited", 10)
	if err != nil || len(hits) != 2 {
		t.Errorf("current branch hits: %+v, %v", hits, err)
	}
	if hits, _ := f.s.Search("a2", 10); len(hits) != 1 || hits[0].MessageID != f.a2e.ID {
		t.Errorf("only the current branch's a2 is found: %+v", hits)
	}
	if _, err := f.s.SwitchBranch(f.conv, f.u2.ID); err != nil {
		t.Fatal(err)
	}
	if hits, _ := f.s.Search("a2", 10); len(hits) != 1 || hits[0].MessageID != f.a2.ID {
		t.Errorf("after switching back the old a2 is found: %+v", hits)
	}
	if _, err := f.s.SwitchBranch(f.conv, f.u2e.ID); err != nil {
		t.Fatal(err)
	}
	c, err := f.s.Conversation(f.conv)
	if err != nil {
		t.Fatal(err)
	}
	var cur, all bytes.Buffer
	if err := Export(&cur, c, FormatMarkdown, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(cur.String(), "\na2\n") || !strings.Contains(cur.String(), "a2 edited") {
		t.Errorf("export follows the current branch:\n%s", cur.String())
	}
	if err := ExportAllBranches(&all, c, FormatMarkdown, nil); err != nil {
		t.Fatal(err)
	}
	md := all.String()
	if !strings.Contains(md, "## Branch 1 of 2\n") || !strings.Contains(md, "## Branch 2 of 2 (current)") ||
		!strings.Contains(md, "\na2\n") {
		t.Errorf("all-branches markdown:\n%s", md)
	}
	all.Reset()
	if err := ExportAllBranches(&all, c, FormatJSON, nil); err != nil {
		t.Fatal(err)
	}
	var ej ExportJSON
	if err := json.Unmarshal(all.Bytes(), &ej); err != nil {
		t.Fatal(err)
	}
	if len(ej.Messages) != 6 || ej.LeafID != f.a2e.ID || ej.Messages[4].ParentID != f.a1.ID {
		t.Errorf("all-branches JSON: leaf %d, %d messages, %+v", ej.LeafID, len(ej.Messages), ej.Messages)
	}
}

func TestLatestConversationFollowsBranch(t *testing.T) {
	f := newBranchFixture(t)
	if _, err := f.s.SwitchBranch(f.conv, f.u2.ID); err != nil {
		t.Fatal(err)
	}
	c, err := f.s.LatestConversation()
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(c.Messages); !slices.Equal(got, []string{"u1", "a1", "u2", "a2"}) {
		t.Errorf("-c continues the current branch: %q", got)
	}
}
