package session

import (
	"database/sql"
	"errors"
	"fmt"
)

// CreateConversation starts an empty conversation with the given title.
func (s *Store) CreateConversation(title string) (*Conversation, error) {
	t := now()
	c := &Conversation{Title: title, CreatedAt: t, UpdatedAt: t}
	err := s.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO conversations(title, created_at, updated_at) VALUES (?, ?, ?)`,
			title, t.UnixNano(), t.UnixNano())
		if err != nil {
			return err
		}
		c.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create conversation: %w", err)
	}
	return c, nil
}

// Conversation loads conversation id with all its messages and their parts,
// in order. A missing id gives an error wrapping ErrNotFound.
func (s *Store) Conversation(id int64) (*Conversation, error) {
	return s.loadConversation(`WHERE id = ?`, id)
}

// LatestConversation loads the most recently updated conversation with its
// messages. With no conversations at all it returns an error wrapping
// ErrNotFound.
func (s *Store) LatestConversation() (*Conversation, error) {
	c, err := s.loadConversation(`ORDER BY updated_at DESC, id DESC LIMIT 1`)
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("no conversations yet: %w", ErrNotFound)
	}
	return c, err
}

// loadConversation reads the conversation selected by the SQL tail and its
// messages in one read transaction, so they are a consistent snapshot even
// while another process appends.
func (s *Store) loadConversation(tail string, args ...any) (*Conversation, error) {
	var c *Conversation
	err := s.read(func(tx *sql.Tx) error {
		var err error
		if c, err = conversationRow(tx, tail, args...); err != nil {
			return err
		}
		return loadMessages(tx, c)
	})
	return c, err
}

// conversationRow reads one conversation (without messages) selected by
// the SQL tail.
func conversationRow(tx *sql.Tx, tail string, args ...any) (*Conversation, error) {
	var c Conversation
	var created, updated int64
	err := tx.QueryRow(`SELECT id, title, created_at, updated_at, coalesce(leaf_id, 0), system_prompt,
		persona, provider, model FROM conversations `+tail, args...).
		Scan(&c.ID, &c.Title, &created, &updated, &c.LeafID, &c.System, &c.Persona, &c.Provider, &c.Model)
	if errors.Is(err, sql.ErrNoRows) {
		if len(args) == 1 {
			return nil, fmt.Errorf("conversation %v: %w", args[0], ErrNotFound)
		}
		return nil, fmt.Errorf("conversation: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load conversation: %w", err)
	}
	c.CreatedAt, c.UpdatedAt = fromNanos(created), fromNanos(updated)
	return &c, nil
}

// ListConversations returns up to limit conversations, most recently
// updated first, without their messages. limit <= 0 means all.
func (s *Store) ListConversations(limit int) ([]Conversation, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.Query(`SELECT id, title, created_at, updated_at FROM conversations
		ORDER BY updated_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	defer rows.Close()
	var out []Conversation
	for rows.Next() {
		var c Conversation
		var created, updated int64
		if err := rows.Scan(&c.ID, &c.Title, &created, &updated); err != nil {
			return nil, fmt.Errorf("list conversations: %w", err)
		}
		c.CreatedAt, c.UpdatedAt = fromNanos(created), fromNanos(updated)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	return out, nil
}

// SetTitle renames conversation id. It does not change its updated time:
// renaming is not activity worth reordering the history list for.
func (s *Store) SetTitle(id int64, title string) error {
	return s.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE conversations SET title = ? WHERE id = ?`, title, id)
		if err != nil {
			return fmt.Errorf("set title of conversation %d: %w", id, err)
		}
		return mustAffect(res, "conversation", id)
	})
}

// mustAffect turns "no row changed" into a not-found error naming what.
func mustAffect(res sql.Result, what string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s %d: %w", what, id, ErrNotFound)
	}
	return nil
}
