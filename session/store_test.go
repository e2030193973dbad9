package session

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// openTest opens a store in a fresh directory and closes it at the end.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// reopen closes s and opens its directory again.
func reopen(t testing.TB, s *Store) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s2, err := Open(s.Dir())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { s2.Close() })
	return s2
}

func pragma(t *testing.T, s *Store, name string) string {
	t.Helper()
	var v string
	if err := s.db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

// ftsIntegrity fails t if the full-text index disagrees with the parts
// table (e.g. a trigger forgot a delete).
func ftsIntegrity(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.db.Exec(`INSERT INTO parts_fts(parts_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("FTS index out of step with parts: %v", err)
	}
}

func TestOpenMigratesFromEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("data dir mode = %o, want 700", perm)
	}
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		t.Errorf("database file: %v", err)
	}
	if v := pragma(t, s, "user_version"); v != strconv.Itoa(SchemaVersion) {
		t.Errorf("user_version = %s, want %d", v, SchemaVersion)
	}
	if v := pragma(t, s, "journal_mode"); v != "wal" {
		t.Errorf("journal_mode = %s, want wal", v)
	}
	if v := pragma(t, s, "foreign_keys"); v != "1" {
		t.Errorf("foreign_keys = %s, want 1", v)
	}
	if v := pragma(t, s, "busy_timeout"); v != "5000" {
		t.Errorf("busy_timeout = %s, want 5000", v)
	}
	for _, table := range []string{"conversations", "messages", "parts", "blobs", "parts_fts"} {
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = ?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s: count %d, err %v", table, n, err)
		}
	}
	c, err := s.CreateConversation("kept")
	if err != nil {
		t.Fatal(err)
	}
	// Opening again must not re-run a migration (it would fail on
	// existing tables) nor lose data.
	s2 := reopen(t, s)
	if v := pragma(t, s2, "user_version"); v != strconv.Itoa(SchemaVersion) {
		t.Errorf("user_version after reopen = %s", v)
	}
	got, err := s2.Conversation(c.ID)
	if err != nil || got.Title != "kept" {
		t.Errorf("after reopen: %+v, %v", got, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	s := openTest(t)
	if _, err := s.db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(s.Dir())
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer schema: err = %v, want a 'newer' error", err)
	}
}

func TestOpenOddPath(t *testing.T) {
	// '?', '#' and spaces must reach SQLite as a file name, not URI syntax.
	dir := filepath.Join(t.TempDir(), "a dir?x=1#frag")
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if _, err := s.CreateConversation("x"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		t.Errorf("database not in %q: %v", dir, err)
	}
}

// sampleMessages is a conversation with every field set somewhere.
func sampleMessages(convID int64) []*Message {
	return []*Message{
		{ConversationID: convID, Role: RoleUser, Status: StatusDone,
			Parts: []Part{Text{Text: "first part"}, Text{Text: "second part"}, Text{Text: "third part"}}},
		{ConversationID: convID, Role: RoleAssistant, Status: StatusDone, Provider: "openai",
			Model: "gpt-4o-mini", Usage: Usage{InputTokens: 12, OutputTokens: 34},
			Parts: []Part{Text{Text: "an *answer*"}}},
		{ConversationID: convID, Role: RoleUser, Status: StatusDone, Parts: []Part{Text{Text: "more?"}}},
		{ConversationID: convID, Role: RoleAssistant, Status: StatusError, Provider: "local",
			Model: "llama", Error: "connection lost after 3 tokens", Parts: []Part{Text{Text: "par"}}},
		{ConversationID: convID, Role: RoleAssistant, Status: StatusCancelled, Error: "cancelled"},
	}
}

func TestConversationSurvivesReopen(t *testing.T) {
	s := openTest(t)
	c, err := s.CreateConversation("Survivor")
	if err != nil {
		t.Fatal(err)
	}
	want := sampleMessages(c.ID)
	for _, m := range want {
		if err := s.AppendMessage(m); err != nil {
			t.Fatalf("AppendMessage: %v", err)
		}
		if m.ID == 0 || m.CreatedAt.IsZero() {
			t.Fatalf("AppendMessage did not set ID/CreatedAt: %+v", m)
		}
	}
	s = reopen(t, s)
	got, err := s.Conversation(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Survivor" || len(got.Messages) != len(want) {
		t.Fatalf("got title %q, %d messages; want Survivor, %d", got.Title, len(got.Messages), len(want))
	}
	for i, w := range want {
		g := got.Messages[i]
		if !g.CreatedAt.Equal(w.CreatedAt) || !g.UpdatedAt.Equal(w.UpdatedAt) {
			t.Errorf("message %d times: got %v/%v want %v/%v", i, g.CreatedAt, g.UpdatedAt, w.CreatedAt, w.UpdatedAt)
		}
		g.CreatedAt, g.UpdatedAt = w.CreatedAt, w.UpdatedAt
		if !reflect.DeepEqual(&g, w) {
			t.Errorf("message %d:\n got %+v\nwant %+v", i, g, *w)
		}
	}
	if !got.UpdatedAt.Equal(want[len(want)-1].UpdatedAt) {
		t.Errorf("conversation updated %v, want last message time %v", got.UpdatedAt, want[len(want)-1].UpdatedAt)
	}
}

func TestInterruptedOnReopen(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("t")
	done := &Message{ConversationID: c.ID, Role: RoleAssistant, Status: StatusDone, Parts: []Part{Text{Text: "fine"}}}
	live := &Message{ConversationID: c.ID, Role: RoleAssistant, Status: StatusStreaming}
	for _, m := range []*Message{done, live} {
		if err := s.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	live.Parts = []Part{Text{Text: "half a rep"}}
	if err := s.UpdateMessage(live); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	got, err := s.Conversation(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := got.Messages[1]
	if m.Status != StatusInterrupted || m.Text() != "half a rep" || m.Error != "interrupted" {
		t.Errorf("streaming message after reopen: status %q text %q error %q", m.Status, m.Text(), m.Error)
	}
	if got.Messages[0].Status != StatusDone {
		t.Errorf("done message became %q", got.Messages[0].Status)
	}
}

func TestLatestAndList(t *testing.T) {
	s := openTest(t)
	if _, err := s.LatestConversation(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("LatestConversation on empty store: %v, want ErrNotFound", err)
	}
	a, _ := s.CreateConversation("a")
	b, _ := s.CreateConversation("b")
	if l, err := s.LatestConversation(); err != nil || l.ID != b.ID {
		t.Fatalf("latest = %+v, %v; want b", l, err)
	}
	if err := s.AppendMessage(&Message{ConversationID: a.ID, Role: RoleUser, Status: StatusDone,
		Parts: []Part{Text{Text: "bump"}}}); err != nil {
		t.Fatal(err)
	}
	l, err := s.LatestConversation()
	if err != nil || l.ID != a.ID || len(l.Messages) != 1 {
		t.Fatalf("latest after append = %+v, %v; want a with 1 message", l, err)
	}
	list, err := s.ListConversations(0)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("list = %+v, %v; want [a b]", list, err)
	}
	if list[0].Messages != nil {
		t.Errorf("list carries messages")
	}
	if list, _ := s.ListConversations(1); len(list) != 1 {
		t.Errorf("list limit 1 gave %d", len(list))
	}
}

func TestSetTitleAndDelete(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("old")
	m := &Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{Text{Text: "quokka"}}}
	if err := s.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTitle(c.ID, "new"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Conversation(c.ID); got.Title != "new" {
		t.Errorf("title = %q", got.Title)
	}
	if err := s.SetTitle(c.ID+100, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetTitle missing: %v", err)
	}
	if err := s.DeleteConversation(c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Conversation(c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Conversation after delete: %v", err)
	}
	var n int
	s.db.QueryRow(`SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM parts)`).Scan(&n)
	if n != 0 {
		t.Errorf("%d message/part rows left after delete", n)
	}
	if hits, err := s.Search("quokka", 10); err != nil || len(hits) != 0 {
		t.Errorf("search after delete: %v, %v", hits, err)
	}
	ftsIntegrity(t, s)
	if err := s.DeleteConversation(c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestAppendMessageRejects(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("t")
	cases := map[string]*Message{
		"missing conversation": {ConversationID: c.ID + 1, Role: RoleUser, Status: StatusDone},
		"no conversation":      {Role: RoleUser, Status: StatusDone},
		"bad role":             {ConversationID: c.ID, Role: "system", Status: StatusDone},
		"bad status":           {ConversationID: c.ID, Role: RoleUser, Status: "weird"},
		"nil part":             {ConversationID: c.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{nil}},
		"already stored":       {ID: 7, ConversationID: c.ID, Role: RoleUser, Status: StatusDone},
	}
	for name, m := range cases {
		if err := s.AppendMessage(m); err == nil {
			t.Errorf("%s: AppendMessage accepted %+v", name, m)
		}
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM messages`).Scan(&n)
	if n != 0 {
		t.Errorf("%d messages stored from bad input", n)
	}
	if err := s.UpdateMessage(&Message{ID: 42, ConversationID: c.ID, Role: RoleUser, Status: StatusDone}); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdateMessage of a missing message: %v", err)
	}
}

func TestUpdateMessageRewritesParts(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("t")
	m := &Message{ConversationID: c.ID, Role: RoleAssistant, Status: StatusStreaming,
		Parts: []Part{Text{Text: "alpha"}, Text{Text: "beta"}, Text{Text: "gamma"}}}
	if err := s.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	m.Parts = []Part{Text{Text: "delta"}}
	m.Status, m.Usage = StatusDone, Usage{InputTokens: 1, OutputTokens: 2}
	if err := s.UpdateMessage(m); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Conversation(c.ID)
	g := got.Messages[0]
	if len(g.Parts) != 1 || g.Text() != "delta" || g.Status != StatusDone || g.Usage != m.Usage {
		t.Errorf("after update: %+v", g)
	}
	for word, want := range map[string]int{"alpha": 0, "gamma": 0, "delta": 1} {
		if hits, _ := s.Search(word, 10); len(hits) != want {
			t.Errorf("search %q: %d hits, want %d", word, len(hits), want)
		}
	}
	ftsIntegrity(t, s)
}

func TestUnknownPartKindLoads(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("t")
	m := &Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{Text{Text: "before"}}}
	if err := s.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	// A part written by a future parley.
	if _, err := s.db.Exec(`INSERT INTO parts(message_id, seq, kind, meta) VALUES (?, 1, 'hologram', '{"fps":90}')`, m.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.Conversation(c.ID)
	if err != nil {
		t.Fatalf("Conversation with unknown part: %v", err)
	}
	ps := got.Messages[0].Parts
	if len(ps) != 2 || ps[0] != (Text{Text: "before"}) {
		t.Fatalf("parts = %#v", ps)
	}
	if txt, ok := ps[1].(Text); !ok || !strings.Contains(txt.Text, "hologram") {
		t.Errorf("placeholder = %#v, want a Text naming the kind", ps[1])
	}
}
