package cli

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"parley/session"
)

func TestHistorySanitizesAndSaysNothingFound(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	store, err := session.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out, errw bytes.Buffer
	if err := history(&out, &errw, store, "", 0, nil); !errors.Is(err, errNothingFound) || !strings.Contains(errw.String(), "no conversations yet") {
		t.Errorf("empty store: %v, %q", err, errw.String())
	}
	c, _ := store.CreateConversation("evil\x1b]0;title\x07 one\nline")
	m := &session.Message{ConversationID: c.ID, Role: session.RoleUser, Status: session.StatusDone,
		Parts: []session.Part{session.Text{Text: "bold \x1b[1m word \x1b[0m here"}}}
	if err := store.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	store.Close()
	out.Reset()
	if err := runStoreCommand(dir, storeCommand{Command: "history"}, &out, &errw); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "evil one line") || strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Errorf("list %q", out.String())
	}
	out.Reset()
	if err := runStoreCommand(dir, storeCommand{Command: "history", Args: []string{"word"}}, &out, &errw); err != nil ||
		!strings.Contains(out.String(), "bold word here") || strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Errorf("search %q (%v)", out.String(), err)
	}
	if err := runStoreCommand(dir, storeCommand{Command: "export", Format: "pdf"}, &out, &errw); err == nil {
		t.Error("export --format pdf was accepted")
	}
}
