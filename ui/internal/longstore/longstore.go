// Package longstore is the long conversation of issue 16 in a real store,
// for the benchmarks of ui/transcript and the root that resume and scroll
// it: 5,000 markdown messages, 50 of them with an image. Tests only.
package longstore

import (
	"fmt"
	"path/filepath"
	"testing"

	"parley/session"
)

// Messages and Images are the conversation's size.
const (
	Messages = 5000
	Images   = 50
)

// New stores the conversation through the store's public API in a new
// store under tb's TempDir, closed at cleanup, and returns its ID. The
// image's blob is not a picture: a resume never reads it.
func New(tb testing.TB) (*session.Store, int64) {
	tb.Helper()
	store, err := session.Open(filepath.Join(tb.TempDir(), "data"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	c, err := store.CreateConversation("long")
	if err != nil {
		tb.Fatal(err)
	}
	sha, err := store.PutBlob([]byte("\x89PNG the bytes of a picture, never read by a resume"))
	if err != nil {
		tb.Fatal(err)
	}
	for i := range Messages {
		m := &session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
			Parts: []session.Part{session.Text{Text: fmt.Sprintf("question %d: how does *this* work?", i)}}}
		if i%2 == 1 {
			m.Role, m.Provider, m.Model = session.RoleAssistant, "fake", "test-model"
			m.Parts = []session.Part{session.Text{Text: fmt.Sprintf(
				"## Answer %d\n\nIt works like this:\n\n- one\n- two\n\n```go\nx := %d\n```\n", i, i)}}
		}
		if i%(Messages/Images) == 0 {
			m.Parts = append(m.Parts, session.Image{Blob: sha, MIME: "image/png", Width: 800, Height: 600})
		}
		if err := store.AppendMessage(m); err != nil {
			tb.Fatal(err)
		}
	}
	return store, c.ID
}
