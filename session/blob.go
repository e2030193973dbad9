package session

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// blobDir is the blob directory inside the data directory.
const blobDir = "blobs"

// PutBlob stores data once under its SHA-256 and returns the hex digest.
// The file (blobs/ab/cdef…) is written to a temporary name and renamed, so
// a reader or a crash never sees half a blob; storing the same bytes again
// writes nothing.
func (s *Store) PutBlob(data []byte) (sha string, err error) {
	sum := sha256.Sum256(data)
	sha = hex.EncodeToString(sum[:])
	path := s.BlobPath(sha)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if s.readOnly {
			return "", fmt.Errorf("store blob %s: %w", sha, s.errReadOnly())
		}
		if err := writeFileAtomic(path, data); err != nil {
			return "", fmt.Errorf("store blob %s: %w", sha, s.classify(err))
		}
	} else if err != nil {
		return "", fmt.Errorf("store blob %s: %w", sha, err)
	}
	// The row comes after the file, so a row never points at nothing.
	err = s.write(func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO blobs(sha, size, created_at) VALUES (?, ?, ?)
			ON CONFLICT(sha) DO NOTHING`, sha, len(data), now().UnixNano())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store blob %s: %w", sha, err)
	}
	return sha, nil
}

// Blob returns the bytes stored under sha. A malformed sha is rejected
// before the filesystem is touched; a missing blob wraps ErrNotFound; bytes
// that no longer match their digest are reported as corrupt.
func (s *Store) Blob(sha string) ([]byte, error) {
	if !validSHA(sha) {
		return nil, fmt.Errorf("blob %q: not a SHA-256 hex digest", sha)
	}
	data, err := os.ReadFile(s.BlobPath(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", sha, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != sha {
		return nil, fmt.Errorf("blob %s is corrupt: its content no longer matches its digest", sha)
	}
	return data, nil
}

// BlobPath returns where the blob sha lives (blobs/ab/cdef… under the data
// directory), whether or not it exists. It returns "" for a malformed sha,
// so a crafted value can never name a path outside the blob directory.
func (s *Store) BlobPath(sha string) string {
	if !validSHA(sha) {
		return ""
	}
	return filepath.Join(s.dir, blobDir, sha[:2], sha[2:])
}

// validSHA reports whether sha is 64 lowercase hex digits.
func validSHA(sha string) bool {
	if len(sha) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(sha); i++ {
		c := sha[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// writeFileAtomic writes data to path through a synced temporary file in
// the same directory and a rename, creating the directory (0700) first.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	return nil
}
