package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"parley/media/sanitize"
	"parley/session"
)

// exportOptions are the arguments of `parley export`.
type exportOptions struct {
	ID     string // a conversation number, or "last"/"latest"
	Format string // "markdown" (default) or "json"
	Output string // file to write; "" or "-" is w
	// AllBranches writes every branch, not only the current one.
	AllBranches bool
	// Price adds each reply's cost and the total where known (nil: none).
	Price session.PriceFunc
}

// checkExportFormat rejects an unknown --format before anything is opened.
func checkExportFormat(format string) error {
	switch strings.ToLower(format) {
	case "", session.FormatMarkdown, "md", session.FormatJSON:
		return nil
	}
	return fmt.Errorf("--format %q: want markdown or json", sanitize.String(format))
}

// export is `parley export ID`: the conversation as markdown or JSON, to w
// or to o.Output. The export is made in memory first, so a failure leaves
// no half-written file; the file is created 0600, since a conversation is
// private.
func export(w io.Writer, store *session.Store, o exportOptions) error {
	if err := checkExportFormat(o.Format); err != nil {
		return err
	}
	conv, err := exportTarget(store, o.ID)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := session.ExportConversation(&b, conv, session.ExportOptions{Format: o.Format,
		Blobs: store.BlobFile, AllBranches: o.AllBranches, Price: o.Price}); err != nil {
		return err
	}
	if o.Output == "" || o.Output == "-" {
		_, err = w.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(o.Output, b.Bytes(), 0o600); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// exportTarget loads the conversation id names.
func exportTarget(store *session.Store, id string) (*session.Conversation, error) {
	switch strings.ToLower(id) {
	case "last", "latest":
		conv, err := store.LatestConversation()
		if errors.Is(err, session.ErrNotFound) {
			return nil, errors.New("no conversation yet")
		}
		return conv, err
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return nil, fmt.Errorf("export %q: want a conversation ID (a number, see parley history) or last", sanitize.String(id))
	}
	conv, err := store.Conversation(n)
	if errors.Is(err, session.ErrNotFound) {
		return nil, fmt.Errorf("no conversation %d (see parley history)", n)
	}
	return conv, err
}
