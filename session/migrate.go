package session

import (
	"database/sql"
	"fmt"
)

// migrations returns the schema steps, in order; step i (0-based) brings
// the database from user_version i to i+1. Never edit a released step: add
// a new one. Kinds of part (image, audio, generated image) need no step:
// parts has a kind, a blob reference, a MIME type and a JSON meta column
// for measured facts (pixels, duration).
func migrations() []string {
	return []string{
		// 1: conversations, messages, parts, blobs and the full-text index.
		`
CREATE TABLE conversations (
	id         INTEGER PRIMARY KEY,
	title      TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX conversations_updated ON conversations(updated_at);

CREATE TABLE messages (
	id              INTEGER PRIMARY KEY,
	conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	role            TEXT    NOT NULL,
	status          TEXT    NOT NULL,
	provider        TEXT    NOT NULL DEFAULT '',
	model           TEXT    NOT NULL DEFAULT '',
	input_tokens    INTEGER NOT NULL DEFAULT 0,
	output_tokens   INTEGER NOT NULL DEFAULT 0,
	error           TEXT    NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);
CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';

CREATE TABLE blobs (
	sha        TEXT    PRIMARY KEY,
	size       INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE parts (
	id         INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	kind       TEXT    NOT NULL,
	text       TEXT    NOT NULL DEFAULT '',
	blob_sha   TEXT    REFERENCES blobs(sha),
	mime       TEXT    NOT NULL DEFAULT '',
	meta       TEXT    NOT NULL DEFAULT '{}',
	UNIQUE (message_id, seq)
);
CREATE INDEX parts_blob ON parts(blob_sha) WHERE blob_sha IS NOT NULL;

-- External-content FTS5 over text parts only; the triggers keep it in step,
-- including FK cascade deletes (which fire triggers).
CREATE VIRTUAL TABLE parts_fts USING fts5(
	text, content = 'parts', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER parts_ai AFTER INSERT ON parts WHEN new.kind = 'text' BEGIN
	INSERT INTO parts_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER parts_ad AFTER DELETE ON parts WHEN old.kind = 'text' BEGIN
	INSERT INTO parts_fts(parts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
-- One UPDATE trigger, not two: SQLite does not promise an order between
-- triggers, and the old row must leave the index before the new one enters.
CREATE TRIGGER parts_au AFTER UPDATE ON parts BEGIN
	INSERT INTO parts_fts(parts_fts, rowid, text) SELECT 'delete', old.id, old.text WHERE old.kind = 'text';
	INSERT INTO parts_fts(rowid, text) SELECT new.id, new.text WHERE new.kind = 'text';
END;
`,
		// 2: derived blobs, such as an image fitted to one model's limits.
		// One row per (original, fit spec); the derived bytes are a blob of
		// their own, so the original is never touched. dst_sha equals
		// src_sha when the original already fits.
		`
CREATE TABLE derived (
	src_sha    TEXT    NOT NULL REFERENCES blobs(sha),
	spec       TEXT    NOT NULL,
	dst_sha    TEXT    NOT NULL REFERENCES blobs(sha),
	mime       TEXT    NOT NULL,
	width      INTEGER NOT NULL DEFAULT 0,
	height     INTEGER NOT NULL DEFAULT 0,
	bytes      INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (src_sha, spec)
);
`,
		// 3: voice-note transcripts in the full-text index. The index's
		// content becomes a view giving each part's searchable text (a
		// text part's text, an audio part's transcript from meta), so
		// snippets of a transcript come from the transcript; the triggers
		// compute the same text, and 'rebuild' indexes what is stored.
		`
DROP TRIGGER IF EXISTS parts_ai;
DROP TRIGGER IF EXISTS parts_ad;
DROP TRIGGER IF EXISTS parts_au;
DROP TABLE IF EXISTS parts_fts;
DROP VIEW IF EXISTS parts_search;
CREATE VIEW parts_search(id, text) AS
	SELECT id, CASE kind WHEN 'audio' THEN coalesce(json_extract(meta, '$.transcript'), '') ELSE text END
	FROM parts WHERE kind IN ('text', 'audio');
CREATE VIRTUAL TABLE parts_fts USING fts5(
	text, content = 'parts_search', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER parts_ai AFTER INSERT ON parts WHEN new.kind IN ('text', 'audio') BEGIN
	INSERT INTO parts_fts(rowid, text) VALUES (new.id,
		CASE new.kind WHEN 'audio' THEN coalesce(json_extract(new.meta, '$.transcript'), '') ELSE new.text END);
END;
CREATE TRIGGER parts_ad AFTER DELETE ON parts WHEN old.kind IN ('text', 'audio') BEGIN
	INSERT INTO parts_fts(parts_fts, rowid, text) VALUES ('delete', old.id,
		CASE old.kind WHEN 'audio' THEN coalesce(json_extract(old.meta, '$.transcript'), '') ELSE old.text END);
END;
CREATE TRIGGER parts_au AFTER UPDATE ON parts BEGIN
	INSERT INTO parts_fts(parts_fts, rowid, text) SELECT 'delete', old.id,
		CASE old.kind WHEN 'audio' THEN coalesce(json_extract(old.meta, '$.transcript'), '') ELSE old.text END
		WHERE old.kind IN ('text', 'audio');
	INSERT INTO parts_fts(rowid, text) SELECT new.id,
		CASE new.kind WHEN 'audio' THEN coalesce(json_extract(new.meta, '$.transcript'), '') ELSE new.text END
		WHERE new.kind IN ('text', 'audio');
END;
INSERT INTO parts_fts(parts_fts) VALUES ('rebuild');
`,
		// 4: branches, the conversation's system prompt and last model, and
		// the cached input tokens of a reply (for its cost).
		// Every message gets a parent (NULL for a root); the conversation
		// remembers the leaf it shows. Existing conversations become one
		// linear branch: each message's parent is the one before it, and
		// the leaf is the newest message. Nothing here deletes anything.
		`
ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE;
UPDATE messages SET parent_id = (SELECT max(p.id) FROM messages p
	WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id);
CREATE INDEX messages_parent ON messages(parent_id, id);
-- on_branch marks the messages of the current branch, so that history
-- search filters by a column instead of walking every conversation's tree
-- (a recursive walk costs ~4 µs a message: 80 ms over 20 000 messages).
-- A linear conversation is all branch.
ALTER TABLE messages ADD COLUMN on_branch INTEGER NOT NULL DEFAULT 1;

ALTER TABLE messages ADD COLUMN cached_tokens INTEGER NOT NULL DEFAULT 0;

ALTER TABLE conversations ADD COLUMN leaf_id INTEGER REFERENCES messages(id) ON DELETE SET NULL;
-- Every deleted message looks its parent_id and leaf_id references up:
-- without these indexes deleting a conversation scans per message.
CREATE INDEX conversations_leaf ON conversations(leaf_id) WHERE leaf_id IS NOT NULL;
ALTER TABLE conversations ADD COLUMN system_prompt TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN persona TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN model TEXT NOT NULL DEFAULT '';
UPDATE conversations SET leaf_id = (SELECT max(m.id) FROM messages m WHERE m.conversation_id = conversations.id);
UPDATE conversations SET
	provider = coalesce((SELECT m.provider FROM messages m WHERE m.conversation_id = conversations.id
		AND m.role = 'assistant' AND m.provider <> '' ORDER BY m.id DESC LIMIT 1), ''),
	model = coalesce((SELECT m.model FROM messages m WHERE m.conversation_id = conversations.id
		AND m.role = 'assistant' AND m.model <> '' ORDER BY m.id DESC LIMIT 1), '');
`,
		// 5: a reply's speech, read aloud once and kept so replaying it is
		// instant and costs nothing. Its own table, not a part: the turn
		// rewrites a reply's parts at every checkpoint (a part added by the
		// reading would be trimmed by the turn's last write), and speech is
		// never sent to a model.
		`
CREATE TABLE spoken (
	message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
	blob_sha    TEXT    NOT NULL REFERENCES blobs(sha),
	mime        TEXT    NOT NULL,
	duration_ms INTEGER NOT NULL DEFAULT 0,
	wave        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX spoken_blob ON spoken(blob_sha);
`,
	}
}

// SchemaVersion is the schema version this build writes (PRAGMA
// user_version after Open).
const SchemaVersion = 5

// migrate brings the schema to SchemaVersion. Each step runs in its own
// immediate transaction that re-reads user_version first, so two processes
// opening a fresh database at once apply each step exactly once.
func (s *Store) migrate() error {
	steps := migrations()
	if len(steps) != SchemaVersion {
		return fmt.Errorf("schema: %d migrations for version %d", len(steps), SchemaVersion)
	}
	for {
		done, err := s.migrateStep(steps)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next pending migration; done reports that none
// was pending.
func (s *Store) migrateStep(steps []string) (done bool, err error) {
	err = s.write(func(tx *sql.Tx) error {
		var v int
		if err := tx.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if v > SchemaVersion {
			return fmt.Errorf("database schema version %d is newer than this parley (%d); upgrade parley", v, SchemaVersion)
		}
		if v == SchemaVersion {
			done = true
			return nil
		}
		if _, err := tx.Exec(steps[v]); err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
		}
		// PRAGMA takes no bound parameters; v+1 is our own integer.
		if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
			return fmt.Errorf("set schema version %d: %w", v+1, err)
		}
		return nil
	})
	return done, err
}
