package app

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"parley/session"
)

// OpenStore opens the store in dataDir and loads the conversation to
// continue: the latest (cont) or the one numbered resume; neither gives a
// nil conversation. With lazy (the TUI), it is opened as an outline
// (session.OutlinePage messages in full, the rest as headers) and conv
// is the outline's Conversation, without Messages. Errors say what was
// wrong with the flag; the store is closed on error.
func OpenStore(dataDir string, cont bool, resume string, lazy bool) (store *session.Store,
	conv *session.Conversation, outline *session.Outline, err error) {
	if store, err = session.Open(dataDir); err != nil {
		return nil, nil, nil, err
	}
	load := func(id int64) (*session.Conversation, error) {
		if !lazy {
			return store.Conversation(id)
		}
		outline, err = store.ConversationOutline(id, session.OutlinePage)
		if err != nil {
			return nil, err
		}
		return &outline.Conversation, nil
	}
	switch {
	case cont && lazy:
		if outline, err = store.LatestOutline(session.OutlinePage); err == nil {
			conv = &outline.Conversation
		}
		if errors.Is(err, session.ErrNotFound) {
			err = errors.New("--continue: there is no conversation yet")
		}
	case cont:
		conv, err = store.LatestConversation()
		if errors.Is(err, session.ErrNotFound) {
			err = errors.New("--continue: there is no conversation yet")
		}
	case resume != "":
		id, perr := strconv.ParseInt(resume, 10, 64)
		if perr != nil || id <= 0 {
			err = fmt.Errorf("--resume %q: want a conversation ID (a number)", resume)
			break
		}
		conv, err = load(id)
		if errors.Is(err, session.ErrNotFound) {
			err = fmt.Errorf("--resume %d: no such conversation", id)
		}
	}
	if err != nil {
		store.Close()
		return nil, nil, nil, err
	}
	return store, conv, outline, nil
}

// OpenLog opens the log at path for appending, first moving it to path.1
// (replacing the older copy) when it has grown past max bytes, so the log
// cannot grow without bound.
func OpenLog(path string, max int64) (*os.File, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > max {
		if err := os.Rename(path, path+".1"); err != nil {
			return nil, fmt.Errorf("log file: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	return f, nil
}
