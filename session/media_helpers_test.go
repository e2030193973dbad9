package session

import (
	"bytes"
	"database/sql"
	"errors"
	_ "image/jpeg" // DecodeConfig of fitted JPEGs
	"testing"

	"parley/providers"
)

// heicStub starts like a HEIC file (ftyp box, brand heic); parley never
// decodes HEIC, so the rest does not matter.
func heicStub() []byte {
	b := []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
	return append(b, bytes.Repeat([]byte{0x42}, 64)...)
}

// count returns a single integer from the store's database.
func count(t testing.TB, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// capsPtr returns a pointer to c, for Turn.Caps.
func capsPtr(c providers.Caps) *providers.Caps { return &c }
