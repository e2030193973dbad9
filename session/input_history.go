package session

import (
	"database/sql"
	"fmt"
)

// InputHistory returns the texts the user sent, for recalling into the
// composer: newest first, those of conversation convID (every branch)
// before those of other conversations, each text once, at most limit
// (limit <= 0: 200). convID 0 lists every conversation's by time. Only
// text is returned: attachments are not recalled.
func (s *Store) InputHistory(convID int64, limit int) ([]string, error) {
	if limit <= 0 {
		limit = 200
	}
	var out []string
	err := s.read(func(tx *sql.Tx) error {
		// One text per message: its text parts joined, as Message.Text.
		rows, err := tx.Query(`SELECT group_concat(p.text, '') FROM messages m
			JOIN parts p ON p.message_id = m.id AND p.kind = 'text'
			WHERE m.role = 'user' AND json_extract(p.meta, '$.prompt_for') IS NULL
			GROUP BY m.id
			ORDER BY (m.conversation_id = ?) DESC, m.id DESC
			LIMIT ?`, convID, limit*2)
		if err != nil {
			return err
		}
		texts, err := scanStrings(rows)
		if err != nil {
			return err
		}
		seen := make(map[string]bool, len(texts))
		for _, t := range texts {
			if t != "" && !seen[t] && len(out) < limit {
				seen[t] = true
				out = append(out, t)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("input history: %w", err)
	}
	return out, nil
}
