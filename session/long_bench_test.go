package session

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// longMessages and longImages size the long conversation of issue 16: a
// 5,000-message conversation holding 50 images.
const (
	longMessages = 5000
	longImages   = 50
)

// longStore fills a store with one conversation of n messages,
// alternating user questions and markdown answers of about 1 KB, every
// (n/images)th user message carrying an image part; one edit every 500
// messages leaves a sibling off the branch, so the branch walk matters.
// Rows go in one transaction (AppendMessage per row would take minutes).
func longStore(tb testing.TB, n, images int) *Store {
	tb.Helper()
	s := openTest(tb)
	sha, err := s.PutBlob([]byte("\x89PNG the bytes of a picture, never read by a resume"))
	if err != nil {
		tb.Fatal(err)
	}
	every := max(n/max(images, 1), 1)
	answer := "## Answer\n\nIt works like this, in some detail: " + strings.Repeat("words that wrap ", 50) +
		"\n\n- one\n- two\n\n```go\nx := 1\n```\n"
	err = s.write(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO conversations(id, title, created_at, updated_at) VALUES (1, 'long', 1, 1)`); err != nil {
			return err
		}
		var parent sql.NullInt64
		id := int64(0)
		for i := range n {
			id++
			role, text := "user", fmt.Sprintf("question %d: how does *this* work?", i)
			if i%2 == 1 {
				role, text = "assistant", answer
			}
			if err := longRow(tx, id, parent, role, text, true); err != nil {
				return err
			}
			if i%2 == 0 && i%every == 0 {
				if _, err := tx.Exec(`INSERT INTO parts(message_id, seq, kind, blob_sha, mime, meta)
					VALUES (?, 1, 'image', ?, 'image/png', '{"w":2,"h":2}')`, id, sha); err != nil {
					return err
				}
			}
			orig := id
			if i%500 == 250 {
				id++
				if err := longRow(tx, id, parent, role, "edited away", false); err != nil {
					return err
				}
			}
			parent = sql.NullInt64{Int64: orig, Valid: true}
		}
		_, err := tx.Exec(`UPDATE conversations SET leaf_id = ? WHERE id = 1`, parent)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// longRow inserts one message with one text part.
func longRow(tx *sql.Tx, id int64, parent sql.NullInt64, role, text string, onBranch bool) error {
	if _, err := tx.Exec(`INSERT INTO messages(id, conversation_id, parent_id, role, status, on_branch, created_at, updated_at)
		VALUES (?, 1, ?, ?, 'done', ?, 1, 1)`, id, parent, role, onBranch); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT INTO parts(message_id, seq, kind, text) VALUES (?, 0, 'text', ?)`, id, text)
	return err
}

// BenchmarkResumeLongFull loads the whole 5,000-message conversation the
// way a resume did before lazy loading: every message with its parts.
func BenchmarkResumeLongFull(b *testing.B) {
	s := longStore(b, longMessages, longImages)
	b.ReportAllocs()
	for b.Loop() {
		c, err := s.Conversation(1)
		if err != nil || len(c.Messages) != longMessages {
			b.Fatal(len(c.Messages), err)
		}
	}
}

// longPage is how many messages a lazy resume loads in full: more than a
// tall screen shows of short messages.
const longPage = 50

// BenchmarkResumeLongOutline opens the same conversation lazily: the
// branch as headers and the last page in full.
func BenchmarkResumeLongOutline(b *testing.B) {
	s := longStore(b, longMessages, longImages)
	b.ReportAllocs()
	for b.Loop() {
		o, err := s.ConversationOutline(1, longPage)
		if err != nil || len(o.Branch) != longMessages || len(o.Tail) != longPage {
			b.Fatal(err)
		}
	}
}

// BenchmarkLongPage loads one page of messages from the middle of the
// conversation, the work of scrolling onto messages not loaded yet.
func BenchmarkLongPage(b *testing.B) {
	s := longStore(b, longMessages, longImages)
	o, err := s.ConversationOutline(1, 0)
	if err != nil {
		b.Fatal(err)
	}
	ids := headerIDs(o.Branch[2500 : 2500+longPage])
	b.ReportAllocs()
	for b.Loop() {
		if page, err := s.Messages(1, ids); err != nil || len(page) != longPage {
			b.Fatal(err)
		}
	}
}
