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
// nil conversation. Errors say what was wrong with the flag; the store is
// closed on error.
func OpenStore(dataDir string, cont bool, resume string) (*session.Store, *session.Conversation, error) {
	store, err := session.Open(dataDir)
	if err != nil {
		return nil, nil, err
	}
	var conv *session.Conversation
	switch {
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
		conv, err = store.Conversation(id)
		if errors.Is(err, session.ErrNotFound) {
			err = fmt.Errorf("--resume %d: no such conversation", id)
		}
	}
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, conv, nil
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
