package cli

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"parley/session"
)

// TestDeleteAsks: without --yes the delete asks on the terminal; only yes
// deletes, and no (or end of input) keeps the conversation.
func TestDeleteAsks(t *testing.T) {
	store, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	c, err := store.CreateConversation("keep me\x1b]0;x\x07")
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(c.ID, 10)
	for _, answer := range []string{"n\n", "", "maybe\n"} {
		var out, errw bytes.Buffer
		err := deleteConversation(&out, store, id, false, askOn(strings.NewReader(answer), &errw))
		if !errors.Is(err, errNotConfirmed) || out.Len() != 0 || !strings.HasPrefix(errw.String(), `delete conversation `+id+` "keep me" (0 messages)? [y/N] `) {
			t.Errorf("answer %q: %v, out %q, asked %q", answer, err, out.String(), errw.String())
		}
		if _, err := store.Conversation(c.ID); err != nil {
			t.Fatalf("answer %q deleted it: %v", answer, err)
		}
	}
	var out, errw bytes.Buffer
	if err := deleteConversation(&out, store, id, false, askOn(strings.NewReader("yes\n"), &errw)); err != nil || out.String() != "deleted "+id+"  keep me\n" {
		t.Errorf("yes: %v, %q", err, out.String())
	}
	if _, err := store.Conversation(c.ID); !errors.Is(err, session.ErrNotFound) {
		t.Errorf("after yes: %v, want it gone", err)
	}
}
