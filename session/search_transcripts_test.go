package session

import (
	"parley/providers/providertest"
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

// TestMigrationIndexesExistingTranscripts: a store at version 2 (whose
// index holds text parts only) with a voice note that already has a
// transcript finds it once migrated.
func TestMigrationIndexesExistingTranscripts(t *testing.T) {
	s := openAtVersion(t, 2,
		`INSERT INTO conversations(id, title, created_at, updated_at) VALUES (1, 'old', 1, 1)`,
		`INSERT INTO messages(id, conversation_id, role, status, created_at, updated_at) VALUES (1, 1, 'user', 'done', 1, 1)`,
		`INSERT INTO parts(message_id, seq, kind, mime, meta) VALUES (1, 0, 'audio', 'audio/wav',
			'{"name":"note.wav","transcript":"an old note about quantum marmalade"}')`)
	if hits, err := s.Search("marmalade", 0); err != nil || len(hits) != 1 {
		t.Fatalf("after migrating, Search = %+v, %v", hits, err)
	}
}
