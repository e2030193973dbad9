//go:build linux

package session

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"parley/providers/providertest"
)

func TestStoreFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022) // the usual umask, which left parley.db 0644
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateConversation("t"); err != nil { // makes -wal and -shm
		t.Fatal(err)
	}
	sha, err := s.PutBlob([]byte("blob bytes"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]os.FileMode{
		dir: 0o700, filepath.Join(dir, DBFile): 0o600,
		filepath.Join(dir, DBFile+"-wal"): 0o600, filepath.Join(dir, DBFile+"-shm"): 0o600,
		filepath.Join(dir, blobDir): 0o700, filepath.Dir(s.BlobPath(sha)): 0o700, s.BlobPath(sha): 0o600,
	}
	for path, mode := range want {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %v (%v), want %v", path, fi.Mode().Perm(), err, mode)
		}
	}
}

func TestOpenTightensAnOldWorldReadableDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db := filepath.Join(dir, DBFile)
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("parley.db left %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}

// coded stands in for a modernc.org/sqlite error, which has no constructor.
type coded int

func (c coded) Error() string { return fmt.Sprintf("sqlite error (%d)", int(c)) }
func (c coded) Code() int     { return int(c) }

func TestStorageKind(t *testing.T) {
	dir := t.TempDir() // has space: an I/O error there is not "full"
	for err, want := range map[error]error{
		coded(13):   ErrDiskFull,
		coded(8):    ErrReadOnly,
		coded(1032): ErrReadOnly, // SQLITE_READONLY_DBMOVED, an extended code
		coded(4874): nil,         // I/O error on a disk with space left
		coded(1):    nil,
		fmt.Errorf("write x: %w", &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}): ErrDiskFull,
		fmt.Errorf("write x: %w", syscall.EROFS):                                              ErrReadOnly,
		errors.New("other"):                                                                   nil,
	} {
		if got := storageKind(err, dir); got != want {
			t.Errorf("storageKind(%v) = %v, want %v", err, got, want)
		}
	}
}

// tmpfs mounts a private tmpfs of size bytes and returns its path; the
// test is skipped where mounting is not allowed (not root, no CAP_SYS_ADMIN).
func tmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill writes a file in dir until the file system is full.
func fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

func TestDiskFullKeepsTheReplyAndSavesAgain(t *testing.T) {
	mnt := tmpfs(t, 2<<20)
	s, err := Open(filepath.Join(mnt, "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	reply := strings.Repeat("a long reply ", 40<<10) // ~520 KB
	script := providertest.Steps(func() { fill(t, mnt) }, providertest.Text(reply), providertest.Done("stop"))
	turn := &Turn{Store: s, Provider: &providertest.Provider{Script: script}, Model: "m"}
	evs := collect(t, turn.Run(context.Background(), 0, nil, userText("hi")))
	last := evs[len(evs)-1]
	var rns *ReplyNotSavedError
	if !errors.As(last.Err, &rns) || !errors.Is(last.Err, ErrDiskFull) {
		t.Fatalf("TurnFinished.Err = %v, want a ReplyNotSavedError for a full disk", last.Err)
	}
	want := "the disk holding " + s.Dir() + " is full: the reply is kept in memory, free some space and save it again"
	if last.Err.Error() != want {
		t.Errorf("error %q, want %q", last.Err, want)
	}
	if got := rns.Message.Parts; len(got) != 1 || got[0].(Text).Text != reply || rns.Message.Status != StatusDone {
		t.Fatalf("kept message: status %s, %d parts; want the whole reply, done", rns.Message.Status, len(got))
	}
	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}
	if err := s.Resave(rns.Message); err != nil {
		t.Fatalf("Resave after freeing space: %v", err)
	}
	if m := storedLast(t, s); m.Status != StatusDone || m.Parts[0].(Text).Text != reply {
		t.Fatalf("stored after Resave: status %s", m.Status)
	}
}

func TestReadOnlyStoreSaysSoAndCanBeRead(t *testing.T) {
	mnt := tmpfs(t, 4<<20)
	dir := filepath.Join(mnt, "data")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.CreateConversation("kept")
	if err != nil {
		t.Fatal(err)
	}
	m := &Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{Text{Text: "findable words"}}}
	if err := s.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Skipf("remount ro: %v %s", err, out)
	}
	_, err = Open(dir)
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "the data directory "+dir+" is read-only") {
		t.Fatalf("Open on a read-only disk = %v, want it to say so", err)
	}
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer ro.Close()
	got, err := ro.LatestConversation()
	if err != nil || got.Title != "kept" || len(got.Messages) != 1 {
		t.Fatalf("LatestConversation = %+v, %v", got, err)
	}
	if hits, err := ro.Search("findable", 0); err != nil || len(hits) != 1 {
		t.Fatalf("Search = %v, %v", hits, err)
	}
	if _, err := ro.CreateConversation("x"); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write to a read-only store = %v, want ErrReadOnly", err)
	}
}

func TestOpenReadOnlyRefusesWrites(t *testing.T) {
	s := openTest(t)
	if _, err := s.CreateConversation("a"); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.PutBlob([]byte("x")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("PutBlob = %v, want ErrReadOnly", err)
	}
	if _, err := OpenReadOnly(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no parley database there") {
		t.Errorf("OpenReadOnly(empty dir) = %v", err)
	}
}
