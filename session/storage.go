package session

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
)

// Errors a store write can fail with because of the disk rather than the
// data (matched with errors.Is; the *StorageError says which directory).
var (
	// ErrDiskFull: the file system holding the data directory is full
	// (SQLITE_FULL, ENOSPC, EDQUOT, or an SQLite I/O error on a disk with
	// no space left).
	ErrDiskFull = errors.New("disk full")
	// ErrReadOnly: the data directory cannot be written (a read-only file
	// system, SQLITE_READONLY, or a store opened with OpenReadOnly).
	ErrReadOnly = errors.New("read-only")
)

// SQLite result codes this file tells apart (the low byte of a
// modernc.org/sqlite error's Code; extended codes keep it).
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// StorageError is a store operation that failed because of the disk: Kind
// is ErrDiskFull or ErrReadOnly, Dir the data directory, Err the error as
// the driver or the OS gave it.
type StorageError struct {
	Dir  string
	Kind error
	Err  error
}

// Error says what happened in the user's terms: "the disk holding DIR is
// full" or "the data directory DIR is read-only".
func (e *StorageError) Error() string {
	if e.Kind == ErrDiskFull {
		return "the disk holding " + e.Dir + " is full"
	}
	return "the data directory " + e.Dir + " is read-only"
}

// Unwrap gives both the kind and the original error to errors.Is/As.
func (e *StorageError) Unwrap() []error { return []error{e.Kind, e.Err} }

// ReplyNotSavedError is the failure of a turn whose reply could not be
// saved: the reply is complete in Message (kept in memory, Status and
// Parts as they were to be stored), and Store.Resave(Message) stores it
// once the cause is fixed, so a UI can offer "save again". Err is the save
// failure (a *StorageError when the disk was at fault); Cause the failure
// that ended the reply, if any.
type ReplyNotSavedError struct {
	Message *Message
	Cause   error
	Err     error
}

// Error: "the disk holding DIR is full: the reply is kept in memory, free
// some space and save it again".
func (e *ReplyNotSavedError) Error() string {
	msg := "saving the reply failed: " + e.Err.Error()
	var se *StorageError
	if errors.As(e.Err, &se) {
		msg = se.Error() // what the user can act on, without "update message 2"
	}
	msg += ": the reply is kept in memory"
	switch {
	case errors.Is(e.Err, ErrDiskFull):
		msg += ", free some space and save it again"
	case errors.Is(e.Err, ErrReadOnly):
		msg += ", make the data directory writable and save it again"
	}
	if e.Cause != nil {
		msg = e.Cause.Error() + " (and saving failed: " + msg + ")"
	}
	return msg
}

// Unwrap gives the save failure and the cause to errors.Is/As.
func (e *ReplyNotSavedError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// Resave stores m again after a failed save (see ReplyNotSavedError): it
// appends m if it was never stored (ID 0), else updates it in place.
func (s *Store) Resave(m *Message) error {
	if m.ID == 0 {
		return s.AppendMessage(m)
	}
	return s.UpdateMessage(m)
}

// classify turns a failure caused by the disk into a *StorageError for the
// store's directory; any other error is returned as it is.
func (s *Store) classify(err error) error {
	if err == nil {
		return nil
	}
	var se *StorageError
	if errors.As(err, &se) {
		return err
	}
	if kind := storageKind(err, s.dir); kind != nil {
		return &StorageError{Dir: s.dir, Kind: kind, Err: err}
	}
	return err
}

// storageKind returns ErrDiskFull or ErrReadOnly when err says so, else nil.
func storageKind(err error, dir string) error {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case sqliteFull:
			return ErrDiskFull
		case sqliteReadOnly:
			return ErrReadOnly
		case sqliteIOErr:
			// SQLite reports some writes that ran out of space (the WAL
			// index, "disk I/O error (4874)") as plain I/O errors: ask
			// the file system.
			if noSpaceLeft(dir) {
				return ErrDiskFull
			}
		}
	}
	switch {
	case errors.Is(err, syscall.ENOSPC), isQuota(err):
		return ErrDiskFull
	case errors.Is(err, syscall.EROFS):
		return ErrReadOnly
	}
	return nil
}

// OpenReadOnly opens the store in dataDir for reading only, as `parley
// history` and `export` need: nothing is created, migrated or marked, so
// it works on a read-only file system or a directory parley may not write.
// A WAL database whose -shm file cannot be created there is opened as
// immutable (safe: nothing can be writing to a read-only disk). The schema
// must be this build's; writes fail with ErrReadOnly.
func OpenReadOnly(dataDir string) (*Store, error) {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	path := filepath.Join(abs, DBFile)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open store %s: no parley database there (%s does not exist)", abs, DBFile)
		}
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	s, err := openRO(abs, path, false)
	var coded interface{ Code() int }
	if errors.As(err, &coded) && (coded.Code()&0xff == sqliteCantOpen || coded.Code()&0xff == sqliteReadOnly) {
		s, err = openRO(abs, path, true)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s read-only: %w", abs, err)
	}
	return s, nil
}

// openRO opens path with mode=ro (or immutable=1) and checks the schema.
func openRO(dir, path string, immutable bool) (*Store, error) {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	db, err := sql.Open("sqlite", u.String()+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		db.Close()
		return nil, err
	}
	if v != SchemaVersion {
		db.Close()
		return nil, fmt.Errorf("database schema version %d, this parley reads %d: open it once read-write (plain parley) to upgrade it", v, SchemaVersion)
	}
	return &Store{db: db, dir: dir, readOnly: true}, nil
}

// privateFiles are the database and the files SQLite keeps beside it.
func privateFiles(dbPath string) []string {
	return []string{dbPath, dbPath + "-wal", dbPath + "-shm"}
}

// makePrivate creates the database file 0600 if it does not exist (SQLite
// would create it 0644, and its -wal and -shm files with the same mode) and
// takes group and other permissions off the database files an older parley
// made. Conversations are private even inside a 0700 directory: the
// directory's mode is easily changed, or copied without it.
func makePrivate(dbPath string) error {
	f, err := os.OpenFile(dbPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	for _, p := range privateFiles(dbPath) {
		fi, err := os.Stat(p)
		if err != nil {
			continue // -wal and -shm may not exist yet
		}
		if fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, fi.Mode().Perm()&0o700); err != nil {
				return err
			}
		}
	}
	return nil
}
