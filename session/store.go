package session

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// DBFile is the name of the SQLite database inside the data directory.
const DBFile = "parley.db"

// busyTimeoutMS is how long a writer waits for another writer (another
// parley process, or another goroutine) before giving up with SQLITE_BUSY.
// Writes are tiny, so five seconds only runs out if something is stuck.
const busyTimeoutMS = 5000

// ErrNotFound is returned (wrapped) when a conversation, message or blob
// does not exist. Test with errors.Is.
var ErrNotFound = errors.New("not found")

// Store is parley's persistent state: an SQLite database and a blob
// directory under one data directory. It is safe for concurrent use by
// several goroutines and by several processes sharing the directory.
type Store struct {
	db  *sql.DB
	dir string
	// ephemeral marks a store made by OpenEphemeral: Close deletes dir.
	ephemeral bool
	// readOnly marks a store made by OpenReadOnly: writes fail at once.
	readOnly bool
	// onDerive, when set (by tests), is called each time FittedImage
	// actually fits an image rather than finding it in the cache.
	onDerive func()
}

// Open opens (creating if needed) the store in dataDir: the directory is
// made with mode 0700, parley.db (and its -wal and -shm files) 0600, the
// database is migrated to the current schema, and any message left
// streaming by a process that died is marked interrupted, its text kept.
// A full or read-only disk is reported as a *StorageError (see
// OpenReadOnly for reading such a store).
func Open(dataDir string) (*Store, error) {
	if dataDir == "" {
		return nil, errors.New("open store: empty data directory")
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("open store: create data directory: %w", err)
	}
	s := &Store{dir: abs}
	if err := makePrivate(filepath.Join(abs, DBFile)); err != nil {
		return nil, fmt.Errorf("open store %s: %w", abs, s.classify(err))
	}
	db, err := sql.Open("sqlite", dsn(filepath.Join(abs, DBFile)))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.db = db
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", abs, s.classify(err))
	}
	if err := s.markInterrupted(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", abs, s.classify(err))
	}
	return s, nil
}

// dsn builds the modernc.org/sqlite connection string. The file: URI form
// lets any path (spaces, '?', '#') through, percent-encoded. Every pooled
// connection gets the same settings:
//   - WAL so readers never block the writer and a crash loses nothing
//     committed;
//   - busy_timeout so a second process waits instead of failing;
//   - _txlock=immediate so every transaction takes the write lock at BEGIN:
//     a deferred transaction that reads first and then writes can fail with
//     SQLITE_BUSY at once in WAL mode, bypassing the busy timeout;
//   - synchronous=NORMAL: in WAL mode this is still safe against process
//     crashes, and only a power cut can lose the last commits.
func dsn(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return u.String() + "?" + q.Encode()
}

// OpenEphemeral opens a store in a new private temporary directory (0700)
// that Close deletes, database and blobs with it. Print mode with
// --no-save uses it when a message carries attachments: attachments are
// blobs and fitted images are cached blobs, so the Turn runs exactly the
// same code path as with a real store, and nothing outlives the process
// (unless it is killed before Close: the directory is then left in the
// system's temporary directory, named parley-ephemeral-*).
func OpenEphemeral() (*Store, error) {
	dir, err := os.MkdirTemp("", "parley-ephemeral-*")
	if err != nil {
		return nil, fmt.Errorf("open ephemeral store: %w", err)
	}
	s, err := Open(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.ephemeral = true
	return s, nil
}

// Close closes the database (and deletes an ephemeral store's directory).
// The Store must not be used afterwards.
func (s *Store) Close() error {
	if s == nil || s.db == nil {
		return nil
	}
	err := s.db.Close()
	if s.ephemeral {
		if rmErr := os.RemoveAll(s.dir); rmErr != nil && err == nil {
			err = fmt.Errorf("remove ephemeral store: %w", rmErr)
		}
	}
	return err
}

// Dir returns the absolute data directory the store lives in.
func (s *Store) Dir() string { return s.dir }

// markInterrupted turns messages left streaming into interrupted ones. A
// live turn in another process that is still streaming restores its status
// at its next checkpoint (UpdateMessage writes the status), so the worst
// case for a concurrent process is a second of "interrupted".
func (s *Store) markInterrupted() error {
	return s.write(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE messages SET status = ?, error = CASE WHEN error = '' THEN ? ELSE error END
			WHERE status = ?`, string(StatusInterrupted), "interrupted", string(StatusStreaming))
		if err != nil {
			return fmt.Errorf("mark interrupted messages: %w", err)
		}
		return nil
	})
}

// write runs fn in a write transaction (BEGIN IMMEDIATE, from the DSN). It
// deliberately takes no caller context: a write that saves a cancelled
// reply must still happen after the user pressed Esc.
//
// A failure caused by the disk (full, read-only) comes back as a
// *StorageError, so every caller can say so in the user's terms.
func (s *Store) write(fn func(tx *sql.Tx) error) error {
	if s.readOnly {
		return s.errReadOnly()
	}
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return s.classify(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.classify(err)
	}
	return s.classify(tx.Commit())
}

// errReadOnly is the failure of a write to a store opened read-only.
func (s *Store) errReadOnly() error {
	return &StorageError{Dir: s.dir, Kind: ErrReadOnly, Err: errors.New("the store was opened read-only")}
}

// read runs fn in a deferred (read-only) transaction: a consistent
// snapshot that does not take the write lock.
func (s *Store) read(fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// now is the store's timestamp. Unix nanoseconds keep ordering exact and
// round-trip through INTEGER columns without parsing.
func now() time.Time { return time.Now().Round(0) }

func fromNanos(n int64) time.Time { return time.Unix(0, n) }
