package session

import (
	"fmt"
	"strings"
	"unicode"
)

// SearchHit is one message whose text matches a search.
type SearchHit struct {
	ConversationID int64
	MessageID      int64
	Title          string // the conversation's title
	Snippet        string // matching excerpt, "…" where text was cut
}

// Search finds messages of the current branches whose text contains every word of query (the last
// word also as a prefix, so results come while typing), best matches first,
// at most limit hits (limit <= 0: 50). The query is plain words, not FTS5
// syntax: quotes, operators and punctuation are taken literally, so no user
// input is a syntax error. An empty query finds nothing.
func (s *Store) Search(query string, limit int) ([]SearchHit, error) {
	match := ftsQuery(query)
	if match == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 50
	}
	// Only the current branch of each conversation is searched
	// (on_branch, kept by markBranch). Ordered by rank alone: FTS5 then
	// hands rows over best first and stops at the limit; a tie-break on
	// another column made it rank and sort every match, 3× slower when a
	// word is in every message (BenchmarkSearchCurrentBranch). Equal ranks
	// come oldest first.
	rows, err := s.db.Query(`SELECT m.conversation_id, m.id, c.title,
			snippet(parts_fts, 0, '', '', '…', 16)
		FROM parts_fts
		JOIN parts p ON p.id = parts_fts.rowid
		JOIN messages m ON m.id = p.message_id
		JOIN conversations c ON c.id = m.conversation_id
		WHERE parts_fts MATCH ? AND m.on_branch = 1
		ORDER BY rank
		LIMIT ?`, match, limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var hits []SearchHit
	for rows.Next() {
		var h SearchHit
		if err := rows.Scan(&h.ConversationID, &h.MessageID, &h.Title, &h.Snippet); err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return hits, nil
}

// ftsQuery turns plain words into an FTS5 query: each word a quoted string
// (inner quotes doubled), all required, the last one a prefix.
func ftsQuery(q string) string {
	words := strings.Fields(q)
	terms := make([]string, 0, len(words))
	for _, w := range words {
		// A word of only punctuation tokenizes to nothing; an empty
		// phrase would match no row and zero the whole AND.
		if !strings.ContainsFunc(w, isWordRune) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	if len(terms) == 0 {
		return ""
	}
	terms[len(terms)-1] += "*"
	return strings.Join(terms, " ")
}

// isWordRune reports whether r is part of a token for unicode61, which
// keeps letters, numbers and marks and splits on everything else.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// BestPerConversation keeps the first (best) hit of each conversation, in
// order: a conversation where many messages match is one result, not many.
func BestPerConversation(hits []SearchHit) []SearchHit {
	seen := make(map[int64]bool, len(hits))
	out := hits[:0:0]
	for _, h := range hits {
		if !seen[h.ConversationID] {
			seen[h.ConversationID] = true
			out = append(out, h)
		}
	}
	return out
}
