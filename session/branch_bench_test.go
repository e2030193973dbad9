package session

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"parley/providers"

	"parley/providers/providertest"
)

// benchStore fills a store with convs conversations of msgs messages each
// in one transaction (AppendMessage per row would take minutes), linear
// but for every tenth message, which gets an edited sibling.
func benchStore(b *testing.B, convs, msgs int) *Store {
	s := openTest(b)
	err := s.write(func(tx *sql.Tx) error {
		id := int64(0)
		for c := 1; c <= convs; c++ {
			if _, err := tx.Exec(`INSERT INTO conversations(id, title, created_at, updated_at) VALUES (?, 'c', 1, 1)`, c); err != nil {
				return err
			}
			var parent sql.NullInt64
			for m := range msgs {
				id++
				text := fmt.Sprintf("message %d of conversation %d about gophers and %s", m, c, strings.Repeat("words ", 20))
				if err := benchRow(tx, id, int64(c), parent, text, true); err != nil {
					return err
				}
				orig := id
				if m%10 == 9 { // an edit: a sibling that stays off the branch
					id++
					if err := benchRow(tx, id, int64(c), parent, "edited away gophers", false); err != nil {
						return err
					}
				}
				parent = sql.NullInt64{Int64: orig, Valid: true}
			}
			if _, err := tx.Exec(`UPDATE conversations SET leaf_id = ? WHERE id = ?`, parent, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// benchRow inserts one user message with one text part.
func benchRow(tx *sql.Tx, id, conv int64, parent sql.NullInt64, text string, onBranch bool) error {
	if _, err := tx.Exec(`INSERT INTO messages(id, conversation_id, parent_id, role, status, on_branch, created_at, updated_at)
		VALUES (?, ?, ?, 'user', 'done', ?, 1, 1)`, id, conv, parent, onBranch); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT INTO parts(message_id, seq, kind, text) VALUES (?, 0, 'text', ?)`, id, text)
	return err
}

// BenchmarkSearchCurrentBranch measures history search over 200
// conversations of 100 messages (plus their edited-away siblings), where
// only the current branches count.
func BenchmarkSearchCurrentBranch(b *testing.B) {
	s := benchStore(b, 200, 100)
	b.ResetTimer()
	for b.Loop() {
		hits, err := s.Search("gophers", 50)
		if err != nil || len(hits) == 0 {
			b.Fatal(len(hits), err)
		}
		if strings.HasPrefix(hits[0].Snippet, "edited") {
			b.Fatal("an edited-away message was found")
		}
	}
}

// BenchmarkConversationLoadBranches loads a 1000-message conversation
// with 100 side branches and computes its current branch.
func BenchmarkConversationLoadBranches(b *testing.B) {
	s := benchStore(b, 1, 1000)
	b.ResetTimer()
	for b.Loop() {
		c, err := s.Conversation(1)
		if err != nil || len(c.Messages) != 1000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitContext measures the estimate and cut of a 1000-message
// history (about 150 tokens each) into a 32k window.
func BenchmarkFitContext(b *testing.B) {
	history := make([]Message, 1000)
	for i := range history {
		role := RoleUser
		if i%2 == 1 {
			role = RoleAssistant
		}
		history[i] = Message{Role: role, Status: StatusDone, Parts: []Part{Text{Text: strings.Repeat("tokens! ", 75)}}}
	}
	caps := providers.Caps{ContextWindow: 32_000}
	t := &Turn{Provider: &providertest.Provider{}, Model: "m", Caps: &caps, FitContext: true}
	b.ReportAllocs()
	for b.Loop() {
		p, err := t.prepare(context.Background(), history, userText("last"))
		if err != nil {
			b.Fatal(err)
		}
		if n := p.fitContext(); n == 0 {
			b.Fatal("nothing left out")
		}
	}
}

// BenchmarkSearchAllBranchesBaseline is the same search without the
// branch filter (the query before branches), for comparison.
func BenchmarkSearchAllBranchesBaseline(b *testing.B) {
	s := benchStore(b, 200, 100)
	b.ResetTimer()
	for b.Loop() {
		rows, err := s.db.Query(`SELECT m.conversation_id, m.id, c.title, snippet(parts_fts, 0, '', '', '…', 16)
			FROM parts_fts JOIN parts p ON p.id = parts_fts.rowid JOIN messages m ON m.id = p.message_id
			JOIN conversations c ON c.id = m.conversation_id
			WHERE parts_fts MATCH ? ORDER BY rank, m.id DESC LIMIT 50`, `"gophers"*`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
	}
}
