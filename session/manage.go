package session

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode"
)

// DeleteConversation removes conversation id with every message of every
// branch, their parts and search entries, and then the blobs (attachments,
// generated images, their fitted copies) that nothing else references. A
// blob shared with another conversation stays. A file that cannot be
// removed is reported after the rows are gone: the conversation is deleted
// either way, and the file is only wasted space.
func (s *Store) DeleteConversation(id int64) error {
	var files []string
	err := s.write(func(tx *sql.Tx) error {
		shas, err := conversationBlobs(tx, id)
		if err != nil {
			return err
		}
		res, err := tx.Exec(`DELETE FROM conversations WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if err := mustAffect(res, "conversation", id); err != nil {
			return err
		}
		gone, err := dropUnreferenced(tx, shas)
		for _, sha := range gone {
			files = append(files, s.BlobPath(sha))
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("delete conversation %d: %w", id, err)
	}
	var errs []error
	for _, f := range files {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("conversation %d deleted, but removing its files failed: %w", id, errors.Join(errs...))
	}
	return nil
}

// conversationBlobs lists the blobs the parts and the spoken replies of
// conversation id reference.
func conversationBlobs(tx *sql.Tx, id int64) ([]string, error) {
	rows, err := tx.Query(`SELECT p.blob_sha FROM parts p JOIN messages m ON m.id = p.message_id
		WHERE m.conversation_id = ? AND p.blob_sha IS NOT NULL
		UNION SELECT s.blob_sha FROM spoken s JOIN messages m ON m.id = s.message_id
		WHERE m.conversation_id = ?`, id, id)
	if err != nil {
		return nil, err
	}
	return scanStrings(rows)
}

// dropUnreferenced deletes, of shas and of the copies derived from them,
// the blob rows no part, no spoken reply and no remaining derived entry
// references, and returns the SHAs whose files should go.
func dropUnreferenced(tx *sql.Tx, shas []string) ([]string, error) {
	var gone []string
	seen := map[string]bool{}
	for len(shas) > 0 {
		sha := shas[0]
		shas = shas[1:]
		if seen[sha] {
			continue
		}
		seen[sha] = true
		var refs int
		if err := tx.QueryRow(`SELECT (SELECT count(*) FROM parts WHERE blob_sha = ?)
			+ (SELECT count(*) FROM spoken WHERE blob_sha = ?)
			+ (SELECT count(*) FROM derived WHERE dst_sha = ? AND src_sha <> ?)`, sha, sha, sha, sha).Scan(&refs); err != nil {
			return nil, err
		}
		if refs > 0 {
			continue
		}
		rows, err := tx.Query(`SELECT dst_sha FROM derived WHERE src_sha = ? AND dst_sha <> ?`, sha, sha)
		if err != nil {
			return nil, err
		}
		derived, err := scanStrings(rows)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(`DELETE FROM derived WHERE src_sha = ?`, sha); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(`DELETE FROM blobs WHERE sha = ?`, sha); err != nil {
			return nil, err
		}
		gone = append(gone, sha)
		shas = append(shas, derived...)
	}
	return gone, nil
}

// scanStrings reads one string column of rows and closes them.
func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// RenameConversation sets conversation id's title to title, cleaned like a
// generated one (control and bidi characters removed, whitespace
// squeezed, at most maxTitleLen runes). An empty title is refused.
func (s *Store) RenameConversation(id int64, title string) error {
	t := cleanTitle(title)
	if t == "" {
		return errors.New("a title needs at least one visible character")
	}
	if err := s.SetTitle(id, t); err != nil {
		if errors.Is(err, ErrNotFound) {
			return deletedError(id)
		}
		return err
	}
	return nil
}

// CleanTitle is the title RenameConversation stores for title, for a
// caller to show without reading it back.
func CleanTitle(title string) string { return cleanTitle(title) }

// cleanTitle makes s safe and short enough to be a title: characters that
// could steer a terminal (C0/C1 controls, bidi overrides and isolates) are
// dropped, whitespace runs become one space, and a long line is cut at a
// word boundary with "…".
func cleanTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if unicode.IsControl(r) || isBidiControl(r) {
			return -1
		}
		return r
	}, s)
	line := strings.Join(strings.Fields(s), " ")
	r := []rune(line)
	if len(r) <= maxTitleLen {
		return line
	}
	cut := string(r[:maxTitleLen-1])
	// Back up to the last space unless the cut is already at a word's end
	// or backing up would leave too little.
	if i := strings.LastIndexByte(cut, ' '); r[maxTitleLen-1] != ' ' && i >= len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " .,;:-") + "…"
}

// isBidiControl reports the invisible characters that reorder text
// (Trojan Source): marks, embeddings, overrides and isolates.
func isBidiControl(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200E, r == 0x200F:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// SetSystem stores the conversation's system prompt and the persona it
// came from ("" for none); the next turn sends it.
func (s *Store) SetSystem(id int64, system, persona string) error {
	return s.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE conversations SET system_prompt = ?, persona = ? WHERE id = ?`, system, persona, id)
		if err != nil {
			return fmt.Errorf("set system prompt of conversation %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return deletedError(id)
		}
		return nil
	})
}
