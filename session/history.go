package session

import (
	"fmt"
	"os"
	"time"
)

// ConversationSummary is one row of a history list: a conversation
// without its messages, with what a list shows about them.
type ConversationSummary struct {
	ID        int64
	Title     string
	CreatedAt time.Time
	UpdatedAt time.Time // the last activity; lists are ordered by it
	Messages  int       // how many messages it holds
	// Model is "provider/model" of its latest assistant message, "" when
	// no reply was ever asked for.
	Model string
}

// RecentConversations returns up to limit conversations (limit <= 0: all),
// most recently updated first, each with its message count and latest
// model. ListConversations has neither; this reads both in the same query
// (the messages index makes each a short range scan), so a list never
// loads whole conversations.
func (s *Store) RecentConversations(limit int) ([]ConversationSummary, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.Query(`SELECT c.id, c.title, c.created_at, c.updated_at,
			(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id),
			coalesce((SELECT m.provider || '/' || m.model FROM messages m
				WHERE m.conversation_id = c.id AND m.role = 'assistant'
				ORDER BY m.id DESC LIMIT 1), '')
		FROM conversations c
		ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	defer rows.Close()
	var out []ConversationSummary
	for rows.Next() {
		var c ConversationSummary
		var created, updated int64
		if err := rows.Scan(&c.ID, &c.Title, &created, &updated, &c.Messages, &c.Model); err != nil {
			return nil, fmt.Errorf("list conversations: %w", err)
		}
		c.CreatedAt, c.UpdatedAt = fromNanos(created), fromNanos(updated)
		if c.Model == "/" {
			c.Model = ""
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	return out, nil
}

// BlobFile returns the path of blob sha and whether that file exists. It
// is the BlobLocator an export of this store's conversations uses.
func (s *Store) BlobFile(sha string) (string, bool) {
	path := s.BlobPath(sha)
	if path == "" {
		return "", false
	}
	fi, err := os.Stat(path)
	return path, err == nil && fi.Mode().IsRegular()
}
