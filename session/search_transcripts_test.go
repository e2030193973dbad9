package session

import (
	"database/sql"
	"parley/providers/providertest"
	"path/filepath"
	"strings"
	"testing"
)

// voiceNote stores a user message holding one voice note with transcript.
func voiceNote(t *testing.T, s *Store, convID int64, transcript string) *Message {
	t.Helper()
	sha, err := s.PutBlob(providertest.ToneWAV(100))
	if err != nil {
		t.Fatal(err)
	}
	m := &Message{ConversationID: convID, Role: RoleUser, Status: StatusDone,
		Parts: []Part{Audio{Blob: sha, MIME: "audio/wav", Name: "note.wav", Transcript: transcript}}}
	if err := s.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSearchFindsVoiceNoteTranscripts(t *testing.T) {
	s := openTest(t)
	c, err := s.CreateConversation("voice")
	if err != nil {
		t.Fatal(err)
	}
	m := voiceNote(t, s, c.ID, "remind me to buy a purple elephant")
	hits, err := s.Search("purple eleph", 0)
	if err != nil || len(hits) != 1 || hits[0].MessageID != m.ID || !strings.Contains(hits[0].Snippet, "purple elephant") {
		t.Fatalf("Search = %+v, %v; want the voice note with its transcript as snippet", hits, err)
	}
	// A transcript made later (a history voice note) is indexed in place
	// of the old one.
	m.Parts[0] = Audio{Blob: m.Parts[0].(Audio).Blob, MIME: "audio/wav", Name: "note.wav", Transcript: "green giraffe"}
	if err := s.UpdateMessage(m); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"giraffe": 1, "elephant": 0} {
		if hits, err := s.Search(q, 0); err != nil || len(hits) != want {
			t.Errorf("after update, Search(%q) = %d hits (%v), want %d", q, len(hits), err, want)
		}
	}
	if err := s.DeleteConversation(c.ID); err != nil {
		t.Fatal(err)
	}
	if hits, err := s.Search("giraffe", 0); err != nil || len(hits) != 0 {
		t.Errorf("after delete, Search = %+v, %v", hits, err)
	}
}

// TestMigrationIndexesExistingTranscripts: a store at version 2 whose voice
// notes already have transcripts finds them once migrated.
func TestMigrationIndexesExistingTranscripts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.CreateConversation("old")
	voiceNote(t, s, c.ID, "an old note about quantum marmalade")
	s.Close()
	// Put the database back to version 2's index: text parts only.
	db, err := sql.Open("sqlite", dsn(filepath.Join(dir, DBFile)))
	if err != nil {
		t.Fatal(err)
	}
	v2 := strings.SplitN(migrations()[0], "-- External-content FTS5", 2)[1]
	for _, q := range []string{`DROP TRIGGER parts_ai`, `DROP TRIGGER parts_ad`, `DROP TRIGGER parts_au`,
		`DROP TABLE parts_fts`, `DROP VIEW parts_search`, "-- " + v2,
		`INSERT INTO parts_fts(parts_fts) VALUES ('rebuild')`, `PRAGMA user_version = 2`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM parts_fts WHERE parts_fts MATCH 'marmalade'`).Scan(&n)
	db.Close()
	if n != 0 {
		t.Fatalf("the version 2 index already finds the transcript (%d)", n)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if hits, err := s.Search("marmalade", 0); err != nil || len(hits) != 1 {
		t.Fatalf("after migrating, Search = %+v, %v", hits, err)
	}
}
