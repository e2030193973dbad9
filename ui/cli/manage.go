package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"parley/session"
)

// errNotConfirmed is a --delete the user answered no to: nothing was
// deleted, the line saying so is written, and the exit code is 1.
var errNotConfirmed = errors.New("not confirmed")

// confirmer asks the user a yes/no question; ok is false when the answer
// is not yes. nil means there is no one to ask (stdin is not a terminal).
type confirmer func(question string) (ok bool, err error)

// askOn is a confirmer reading the answer from in and writing the question
// to errw: only "y" or "yes" deletes.
func askOn(in io.Reader, errw io.Writer) confirmer {
	return func(question string) (bool, error) {
		fmt.Fprintf(errw, "%s [y/N] ", question)
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && line == "" {
			fmt.Fprintln(errw)
			return false, nil // end of input is no
		}
		a := strings.ToLower(strings.TrimSpace(line))
		return a == "y" || a == "yes", nil
	}
}

// conversationID parses the ID flag (named for errors) takes.
func conversationID(flag, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: want a conversation ID (a number, see parley history)", flag, listLine(s, 40))
	}
	return id, nil
}

// deleteConversation is `parley history --delete ID`: with yes it deletes at
// once; otherwise ask confirms (a script must say --yes: with ask nil the
// delete is refused). The conversation's blobs that nothing else uses go
// with it.
func deleteConversation(w io.Writer, store *session.Store, idArg string, yes bool, ask confirmer) error {
	id, err := conversationID("--delete", idArg)
	if err != nil {
		return err
	}
	conv, err := store.Conversation(id)
	if errors.Is(err, session.ErrNotFound) {
		return fmt.Errorf("--delete %d: no such conversation (see parley history)", id)
	}
	if err != nil {
		return err
	}
	title := cmpOr(listLine(conv.Title, maxListTitle), "(untitled)")
	if !yes {
		if ask == nil {
			return fmt.Errorf("--delete %d: stdin is not a terminal, so nothing can confirm: add --yes to delete %q", id, title)
		}
		ok, err := ask(fmt.Sprintf("delete conversation %d %q (%d messages)?", id, title, len(conv.Messages)))
		if err != nil {
			return err
		}
		if !ok {
			return errNotConfirmed
		}
	}
	if err := store.DeleteConversation(id); err != nil {
		return err
	}
	fmt.Fprintf(w, "deleted %d  %s\n", id, title)
	return nil
}

// renameConversation is `parley history --rename ID TITLE...`.
func renameConversation(w io.Writer, store *session.Store, idArg string, words []string) error {
	id, err := conversationID("--rename", idArg)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return fmt.Errorf("--rename %d needs the new TITLE: parley history --rename %d New title", id, id)
	}
	if err := store.RenameConversation(id, strings.Join(words, " ")); err != nil {
		if errors.Is(err, session.ErrNotFound) {
			return fmt.Errorf("--rename %d: no such conversation (see parley history)", id)
		}
		return err
	}
	conv, err := store.Conversation(id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "renamed %d  %s\n", id, listLine(conv.Title, maxListTitle))
	return nil
}
