package session

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AppendMessage stores m as a new message of conversation
// m.ConversationID, with its parts: as a child of m.ParentID when that is
// set, else after the conversation's current leaf. The new message becomes
// the leaf (it is what the conversation now shows). It sets m.ID,
// m.ParentID, m.CreatedAt and m.UpdatedAt, and marks the conversation as
// updated. A conversation deleted meanwhile (by another process) gives an
// error matching ErrConversationDeleted.
func (s *Store) AppendMessage(m *Message) error {
	return s.appendMessage(m, false)
}

// appendMessage implements AppendMessage; root stores m without a parent,
// as a new first message (an edit of the first message).
func (s *Store) appendMessage(m *Message, root bool) error {
	if err := checkMessage(m); err != nil {
		return fmt.Errorf("append message: %w", err)
	}
	if m.ID != 0 {
		return fmt.Errorf("append message: message %d is already stored", m.ID)
	}
	rows, err := encodeParts(m.Parts)
	if err != nil {
		return fmt.Errorf("append message: %w", err)
	}
	t := now()
	var parent sql.NullInt64
	err = s.write(func(tx *sql.Tx) error {
		if err := touchConversation(tx, m.ConversationID, t); err != nil {
			return err
		}
		oldLeaf, err := currentLeaf(tx, m.ConversationID)
		if err != nil {
			return err
		}
		if !root {
			if parent, err = parentFor(tx, m); err != nil {
				return err
			}
		}
		res, err := tx.Exec(`INSERT INTO messages(conversation_id, parent_id, role, status, provider, model,
			input_tokens, output_tokens, cached_tokens, error, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ConversationID, parent, string(m.Role), string(m.Status), m.Provider, m.Model,
			m.Usage.InputTokens, m.Usage.OutputTokens, m.Usage.CachedInputTokens, m.Error, t.UnixNano(), t.UnixNano())
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := writeParts(tx, id, rows); err != nil {
			return err
		}
		m.ID = id
		if err := setLeaf(tx, m); err != nil {
			return err
		}
		if parent != oldLeaf {
			// A new branch (an edit, a retry): the old one leaves the
			// current branch from the fork on.
			return markBranch(tx, m.ConversationID, id)
		}
		return nil
	})
	if err != nil {
		m.ID = 0
		return fmt.Errorf("append message: %w", err)
	}
	m.ParentID = parent.Int64
	m.CreatedAt, m.UpdatedAt = t, t
	return nil
}

// UpdateMessage rewrites stored message m.ID from m: its parts, status,
// usage, error, provider and model. This is the streaming checkpoint and
// the final save of a reply. It sets m.UpdatedAt and marks the
// conversation as updated.
func (s *Store) UpdateMessage(m *Message) error {
	if err := checkMessage(m); err != nil {
		return fmt.Errorf("update message %d: %w", m.ID, err)
	}
	rows, err := encodeParts(m.Parts)
	if err != nil {
		return fmt.Errorf("update message %d: %w", m.ID, err)
	}
	t := now()
	err = s.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE messages SET status = ?, provider = ?, model = ?,
			input_tokens = ?, output_tokens = ?, cached_tokens = ?, error = ?, updated_at = ?
			WHERE id = ? AND conversation_id = ?`,
			string(m.Status), m.Provider, m.Model, m.Usage.InputTokens, m.Usage.OutputTokens,
			m.Usage.CachedInputTokens, m.Error, t.UnixNano(), m.ID, m.ConversationID)
		if err != nil {
			return err
		}
		if err := mustAffect(res, "message", m.ID); err != nil {
			if gone := conversationGone(tx, m.ConversationID); gone != nil {
				return gone
			}
			return err
		}
		if err := touchConversation(tx, m.ConversationID, t); err != nil {
			return err
		}
		return writeParts(tx, m.ID, rows)
	})
	if err != nil {
		return fmt.Errorf("update message %d: %w", m.ID, err)
	}
	m.UpdatedAt = t
	return nil
}

// checkMessage rejects a message that cannot be stored meaningfully.
func checkMessage(m *Message) error {
	if m == nil {
		return errors.New("nil message")
	}
	if m.ConversationID == 0 {
		return errors.New("no conversation")
	}
	switch m.Role {
	case RoleUser, RoleAssistant:
	default:
		return fmt.Errorf("unknown role %q", m.Role)
	}
	switch m.Status {
	case StatusStreaming, StatusDone, StatusCancelled, StatusInterrupted, StatusError:
	default:
		return fmt.Errorf("unknown status %q", m.Status)
	}
	return nil
}

// touchConversation bumps the conversation's updated time, failing with
// ErrNotFound if it does not exist (so a message never dangles).
func touchConversation(tx *sql.Tx, id int64, t time.Time) error {
	res, err := tx.Exec(`UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?`, t.UnixNano(), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return deletedError(id)
	}
	return err
}

func encodeParts(parts []Part) ([]partRow, error) {
	rows := make([]partRow, len(parts))
	for i, p := range parts {
		r, err := encodePart(p)
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", i, err)
		}
		rows[i] = r
	}
	return rows, nil
}

// writeParts makes message id's parts equal rows. It upserts by position
// and skips rows that did not change, so a checkpoint rewrites (and
// re-indexes) only the growing reply text, never unchanged parts.
func writeParts(tx *sql.Tx, id int64, rows []partRow) error {
	for seq, r := range rows {
		_, err := tx.Exec(`INSERT INTO parts(message_id, seq, kind, text, blob_sha, mime, meta)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(message_id, seq) DO UPDATE SET
				kind = excluded.kind, text = excluded.text, blob_sha = excluded.blob_sha,
				mime = excluded.mime, meta = excluded.meta
			WHERE kind IS NOT excluded.kind OR text IS NOT excluded.text
				OR blob_sha IS NOT excluded.blob_sha OR mime IS NOT excluded.mime
				OR meta IS NOT excluded.meta`,
			id, seq, r.Kind, r.Text, r.BlobSHA, r.MIME, r.Meta)
		if err != nil {
			return fmt.Errorf("write part %d: %w", seq, err)
		}
	}
	if _, err := tx.Exec(`DELETE FROM parts WHERE message_id = ? AND seq >= ?`, id, len(rows)); err != nil {
		return fmt.Errorf("trim parts: %w", err)
	}
	return nil
}

// messageColumns are the columns scanMessages reads, in order.
const messageColumns = `id, coalesce(parent_id, 0), role, status, provider, model, input_tokens, output_tokens,
		cached_tokens, error, created_at, updated_at`

// loadMessages reads every message of c (c.all, in ID order) with its
// parts, then sets c.Messages to the current branch (see branch.go).
func loadMessages(tx *sql.Tx, c *Conversation) error {
	rows, err := tx.Query(`SELECT `+messageColumns+` FROM messages WHERE conversation_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return fmt.Errorf("load messages: %w", err)
	}
	c.all, err = scanMessages(rows, c.ID)
	if err != nil {
		return fmt.Errorf("load messages: %w", err)
	}
	parts, err := tx.Query(`SELECT p.message_id, p.kind, p.text, p.blob_sha, p.mime, p.meta
		FROM parts p JOIN messages m ON m.id = p.message_id
		WHERE m.conversation_id = ? ORDER BY p.message_id, p.seq`, c.ID)
	if err != nil {
		return fmt.Errorf("load parts: %w", err)
	}
	if err := scanParts(parts, c.all); err != nil {
		return fmt.Errorf("load parts: %w", err)
	}
	index := make(map[int64]int, len(c.all))
	for i := range c.all {
		index[c.all[i].ID] = i
	}
	if err := loadSpoken(tx, c, index); err != nil {
		return err
	}
	c.Messages = c.branchTo(c.LeafID)
	return nil
}

// scanMessages reads rows of messageColumns (messages of conversation
// conv) and closes rows.
func scanMessages(rows *sql.Rows, conv int64) ([]Message, error) {
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var role, status string
		var created, updated int64
		if err := rows.Scan(&m.ID, &m.ParentID, &role, &status, &m.Provider, &m.Model, &m.Usage.InputTokens,
			&m.Usage.OutputTokens, &m.Usage.CachedInputTokens, &m.Error, &created, &updated); err != nil {
			return nil, err
		}
		m.ConversationID, m.Role, m.Status = conv, Role(role), Status(status)
		m.CreatedAt, m.UpdatedAt = fromNanos(created), fromNanos(updated)
		out = append(out, m)
	}
	return out, rows.Err()
}

// scanParts attaches rows of (message_id, kind, text, blob_sha, mime,
// meta), ordered by message and seq, to the messages of msgs (in ID
// order), and closes rows. A part of a message not in msgs is skipped.
func scanParts(rows *sql.Rows, msgs []Message) error {
	defer rows.Close()
	index := make(map[int64]int, len(msgs))
	for i := range msgs {
		index[msgs[i].ID] = i
	}
	for rows.Next() {
		var mid int64
		var r partRow
		if err := rows.Scan(&mid, &r.Kind, &r.Text, &r.BlobSHA, &r.MIME, &r.Meta); err != nil {
			return err
		}
		if i, ok := index[mid]; ok {
			msgs[i].Parts = append(msgs[i].Parts, decodePart(r))
		}
	}
	return rows.Err()
}
