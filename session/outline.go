package session

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// A long conversation is shown without loading it whole: the outline
// (every message of the current branch as a header) gives the view its
// length and a height estimate per message, the last page comes in full,
// and the rest is read a page at a time with Store.Messages as it scrolls
// into view. Blobs are never read here: an Image part only names its
// blob, which the view reads when it draws the picture.

// OutlinePage is how many messages a lazy view loads at once: the tail
// a conversation opens with, and each page after it.
const OutlinePage = 50

// MessageHeader is a message without its parts: enough for a view to hold
// its place (and guess its height) until the message is loaded.
type MessageHeader struct {
	ID       int64
	ParentID int64 // 0 for the branch's first message
	Role     Role
	Status   Status
	// Provider, Model and Usage price the reply (ReplyCost) before it
	// is loaded: its header shows its cost.
	Provider, Model string
	Usage           Usage
	// TextBytes is the length of its text parts in bytes, Images the
	// number of its image parts, Audio of its audio parts (voice notes)
	// and Parts the number of all its parts: a view knows where the media
	// are before their messages load (the media selection steps onto them).
	TextBytes int
	Images    int
	Audio     int
	Parts     int
}

// Outline is a conversation opened to be shown lazily.
type Outline struct {
	// Conversation is the conversation's row (title, leaf, system
	// prompt, last model) without Messages, like ListConversations';
	// every message of every branch is in it as a header (Header), so
	// its Siblings and ConversationCost are those of the whole
	// conversation.
	Conversation Conversation
	// Branch is the whole current branch, root first, as headers.
	Branch []MessageHeader
	// Tail is the last len(Tail) messages of Branch in full, in order.
	Tail []Message
}

// ConversationOutline opens conversation id lazily: its current branch
// (the one Conversation would show: from the leaf, or from the newest
// message when no leaf is set) as headers, and its last tail messages in
// full. Everything comes from one read transaction, so the headers and the
// tail agree even while another process appends. A missing id gives an
// error wrapping ErrNotFound.
func (s *Store) ConversationOutline(id int64, tail int) (*Outline, error) {
	return s.outline(tail, `WHERE id = ?`, id)
}

// LatestOutline opens the most recently updated conversation lazily, as
// ConversationOutline does (LatestConversation loads it whole). With no
// conversations at all it returns an error wrapping ErrNotFound.
func (s *Store) LatestOutline(tail int) (*Outline, error) {
	o, err := s.outline(tail, `ORDER BY updated_at DESC, id DESC LIMIT 1`)
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("no conversations yet: %w", ErrNotFound)
	}
	return o, err
}

// outline reads the outline of the conversation the SQL tail sel selects.
func (s *Store) outline(tail int, sel string, args ...any) (*Outline, error) {
	var o *Outline
	err := s.read(func(tx *sql.Tx) error {
		var err error
		o, err = readOutline(tx, tail, sel, args...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// readOutline reads in tx the outline of the conversation sel selects.
func readOutline(tx *sql.Tx, tail int, sel string, args ...any) (*Outline, error) {
	var o Outline
	c, err := conversationRow(tx, sel, args...)
	if err != nil {
		return nil, err
	}
	o.Conversation = *c
	leaf, err := currentLeaf(tx, c.ID)
	if err != nil || !leaf.Valid {
		return &o, err // a valid leaf is missing only when there are no messages
	}
	var all []MessageHeader
	if o.Branch, all, err = branchHeaders(tx, c.ID, leaf.Int64); err != nil {
		return nil, fmt.Errorf("load outline: %w", err)
	}
	o.Conversation.all = make([]Message, len(all))
	for i, h := range all {
		o.Conversation.all[i] = h.Message(c.ID)
	}
	if n := len(o.Branch); n > 0 {
		o.Conversation.LeafID = o.Branch[n-1].ID
	}
	from := len(o.Branch) - min(max(tail, 0), len(o.Branch))
	if o.Tail, err = messagesByID(tx, c.ID, headerIDs(o.Branch[from:])); err != nil {
		return nil, err
	}
	return &o, nil
}

// Messages loads messages ids of conversation conv with their parts (not
// their blobs), in ID order: the page of an outline that came into view.
// An id that is not a message of conv (deleted meanwhile by another
// process) gives an error wrapping ErrNotFound, and no messages.
func (s *Store) Messages(conv int64, ids []int64) ([]Message, error) {
	var out []Message
	err := s.read(func(tx *sql.Tx) error {
		var err error
		out, err = messagesByID(tx, conv, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Message is the message h heads, without its parts: what a view shows
// of it (role, status, model, cost) until it is loaded.
func (h MessageHeader) Message(conv int64) Message {
	return Message{ID: h.ID, ConversationID: conv, ParentID: h.ParentID, Role: h.Role, Status: h.Status,
		Provider: h.Provider, Model: h.Model, Usage: h.Usage}
}

// branchHeaders reads the headers of the branch of conversation conv
// that ends at leaf, root first, and those of all its messages. One query reads every message of the
// conversation with its parts' kinds and sizes (octet_length reads no
// text), one row per part, and the branch is walked in Go: a recursive
// query costs a B-tree search per step, several times slower at 5,000
// messages.
func branchHeaders(tx *sql.Tx, conv, leaf int64) (branch, all []MessageHeader, err error) {
	rows, err := tx.Query(`SELECT m.id, coalesce(m.parent_id, 0), m.role, m.status,
			m.provider, m.model, m.input_tokens, m.output_tokens, m.cached_tokens,
			p.id IS NOT NULL, p.kind = 'text', p.kind = 'image', p.kind = 'audio', coalesce(octet_length(p.text), 0)
		FROM messages m LEFT JOIN parts p ON p.message_id = m.id
		WHERE m.conversation_id = ? ORDER BY m.id`, conv)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var prov, model string // the last ones read: a conversation mostly keeps its model
	for rows.Next() {
		var h MessageHeader
		var role, status, p, m sql.RawBytes
		var part, text, image, audio bool
		var size int
		if err := rows.Scan(&h.ID, &h.ParentID, &role, &status, &p, &m, &h.Usage.InputTokens,
			&h.Usage.OutputTokens, &h.Usage.CachedInputTokens, &part, &text, &image, &audio, &size); err != nil {
			return nil, nil, err
		}
		if n := len(all); n == 0 || all[n-1].ID != h.ID {
			h.Role, h.Status = Role(intern(role, RoleUser, RoleAssistant)), Status(intern(status,
				StatusDone, StatusStreaming, StatusCancelled, StatusInterrupted, StatusError))
			prov, model = intern(p, prov), intern(m, model)
			h.Provider, h.Model = prov, model
			all = append(all, h)
		}
		last := &all[len(all)-1]
		if part {
			last.Parts++
		}
		if text {
			last.TextBytes += size
		}
		if image {
			last.Images++
		}
		if audio {
			last.Audio++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	path := branchPath(len(all), func(i int) (int64, int64) { return all[i].ID, all[i].ParentID }, leaf)
	branch = make([]MessageHeader, len(path))
	for k, i := range path {
		branch[k] = all[i]
	}
	return branch, all, nil
}

// intern is b as one of the known values, without allocating, or as a
// new string when it is none of them (a damaged or newer database).
func intern[S ~string](b []byte, known ...S) string {
	for _, k := range known {
		if string(b) == string(k) {
			return string(k)
		}
	}
	return string(b)
}

// messagesByID reads messages ids of conversation conv with their parts.
// The ids travel as one JSON array, so a page of any size is one
// statement with one parameter.
func messagesByID(tx *sql.Tx, conv int64, ids []int64) ([]Message, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	rows, err := tx.Query(`SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY id`, conv, string(list))
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	msgs, err := scanMessages(rows, conv)
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	if missing := missingID(ids, msgs); missing != 0 {
		return nil, fmt.Errorf("message %d of conversation %d: %w", missing, conv, ErrNotFound)
	}
	parts, err := tx.Query(`SELECT message_id, kind, text, blob_sha, mime, meta FROM parts
		WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, seq`, string(list))
	if err != nil {
		return nil, fmt.Errorf("load parts: %w", err)
	}
	if err := scanParts(parts, msgs); err != nil {
		return nil, fmt.Errorf("load parts: %w", err)
	}
	return msgs, nil
}

// missingID is an id of ids that no message of msgs has, or 0.
func missingID(ids []int64, msgs []Message) int64 {
	have := make(map[int64]bool, len(msgs))
	for _, m := range msgs {
		have[m.ID] = true
	}
	for _, id := range ids {
		if !have[id] {
			return id
		}
	}
	return 0
}

func headerIDs(hs []MessageHeader) []int64 {
	ids := make([]int64, len(hs))
	for i, h := range hs {
		ids[i] = h.ID
	}
	return ids
}
