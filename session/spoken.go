package session

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Spoken is a reply's speech as it was read aloud: a WAV blob, kept so
// that replaying it is instant and costs no second synthesis. It lives
// beside the message (the spoken table), not among its parts: the model
// never receives it, and the turn's checkpoints rewrite the parts.
type Spoken struct {
	Blob     string // SHA-256 of the audio in the blob store
	MIME     string // audio/wav
	Duration time.Duration
	// Waveform is a small summary of the levels (0..1) for display.
	Waveform []float64
}

// SetSpoken keeps sp as message id's speech, replacing what it had (a
// reply read aloud again). The blob must be stored first (PutBlob).
func (s *Store) SetSpoken(id int64, sp Spoken) error {
	if !validSHA(sp.Blob) {
		return fmt.Errorf("store the speech of message %d: blob %q is not a SHA-256 hex digest", id, sp.Blob)
	}
	if sp.MIME == "" {
		return fmt.Errorf("store the speech of message %d: no MIME type", id)
	}
	err := s.write(func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRow(`SELECT 1 FROM messages WHERE id = ?`, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound // deleted meanwhile (the conversation was removed)
		} else if err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO spoken(message_id, blob_sha, mime, duration_ms, wave)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT(message_id) DO UPDATE SET blob_sha = excluded.blob_sha,
				mime = excluded.mime, duration_ms = excluded.duration_ms, wave = excluded.wave`,
			id, sp.Blob, sp.MIME, sp.Duration.Milliseconds(), packWaveform(sp.Waveform))
		return err
	})
	if err != nil {
		return fmt.Errorf("store the speech of message %d: %w", id, err)
	}
	return nil
}

// loadSpoken attaches the spoken replies to the messages of c (index maps
// message ID to its position in c.all).
func loadSpoken(tx *sql.Tx, c *Conversation, index map[int64]int) error {
	rows, err := tx.Query(`SELECT s.message_id, s.blob_sha, s.mime, s.duration_ms, s.wave
		FROM spoken s JOIN messages m ON m.id = s.message_id WHERE m.conversation_id = ?`, c.ID)
	if err != nil {
		return fmt.Errorf("load spoken replies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var mid, ms int64
		var sp Spoken
		var wave string
		if err := rows.Scan(&mid, &sp.Blob, &sp.MIME, &ms, &wave); err != nil {
			return fmt.Errorf("load spoken replies: %w", err)
		}
		sp.Duration, sp.Waveform = time.Duration(ms)*time.Millisecond, unpackWaveform(wave)
		if i, ok := index[mid]; ok {
			c.all[i].Spoken = &sp
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load spoken replies: %w", err)
	}
	return nil
}
