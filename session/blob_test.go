package session

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBlobStore(t *testing.T) {
	s := openTest(t)
	data := []byte("\x89PNG not really an image")
	sum := sha256.Sum256(data)
	want := hex.EncodeToString(sum[:])

	sha, err := s.PutBlob(data)
	if err != nil || sha != want {
		t.Fatalf("PutBlob = %q, %v; want %q", sha, err, want)
	}
	path := filepath.Join(s.Dir(), "blobs", want[:2], want[2:])
	if got := s.BlobPath(sha); got != path {
		t.Errorf("BlobPath = %q, want %q", got, path)
	}
	if onDisk, err := os.ReadFile(path); err != nil || !bytes.Equal(onDisk, data) {
		t.Fatalf("file at %s: %q, %v", path, onDisk, err)
	}
	info, _ := os.Stat(path)
	if sha2, err := s.PutBlob(bytes.Clone(data)); err != nil || sha2 != sha {
		t.Fatalf("second PutBlob = %q, %v", sha2, err)
	}
	info2, _ := os.Stat(path)
	if !info2.ModTime().Equal(info.ModTime()) || !os.SameFile(info, info2) {
		t.Errorf("second PutBlob rewrote the file")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("blob dir holds %d entries (temp files left?)", len(entries))
	}
	var rows int
	s.db.QueryRow(`SELECT count(*) FROM blobs WHERE sha = ? AND size = ?`, sha, len(data)).Scan(&rows)
	if rows != 1 {
		t.Errorf("blobs rows = %d, want 1", rows)
	}
	got, err := s.Blob(sha)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("Blob = %q, %v", got, err)
	}

	empty, err := s.PutBlob(nil)
	if b, err2 := s.Blob(empty); err != nil || err2 != nil || len(b) != 0 {
		t.Errorf("empty blob: %q %v %v", b, err, err2)
	}
}

func TestBlobRejectsBadSHA(t *testing.T) {
	s := openTest(t)
	for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63),
		strings.Repeat("a", 62) + "/x", strings.Repeat("g", 64), strings.Repeat("a", 65)} {
		if p := s.BlobPath(bad); p != "" {
			t.Errorf("BlobPath(%q) = %q, want empty", bad, p)
		}
		if _, err := s.Blob(bad); err == nil || !strings.Contains(err.Error(), "not a SHA-256") {
			t.Errorf("Blob(%q): %v", bad, err)
		}
	}
	missing := strings.Repeat("ab", 32)
	if _, err := s.Blob(missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing blob: %v", err)
	}
}

func TestBlobCorruptDetected(t *testing.T) {
	s := openTest(t)
	sha, err := s.PutBlob([]byte("original"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.BlobPath(sha), []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Blob(sha); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("tampered blob: %v", err)
	}
}
