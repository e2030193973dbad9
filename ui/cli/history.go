package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"parley/media/sanitize"
	"parley/session"
)

// errNothingFound is history's error when there is nothing to list: the
// line saying so is already written, and the exit code is 1.
var errNothingFound = errors.New("nothing found")

// defaultHistoryLimit is how many conversations or hits `parley history`
// shows without --limit.
const defaultHistoryLimit = 20

// maxListTitle bounds a title in the list, in runes, so a row fits a line.
const maxListTitle = 60

// history is `parley history [QUERY]`: without a query the most recent
// conversations (id, last update, message count, cost by price, model,
// title; an unknown cost is "-", never a made-up $0.00), newest
// first; with one, the messages that match it (id, title, snippet). At most
// limit rows (<= 0: defaultHistoryLimit). Every title and snippet is
// sanitized. Nothing to show writes a line to errw and returns
// errNothingFound.
func history(w, errw io.Writer, store *session.Store, query string, limit int, price session.PriceFunc) error {
	if limit <= 0 {
		limit = defaultHistoryLimit
	}
	if strings.TrimSpace(query) != "" {
		return search(w, errw, store, query, limit)
	}
	list, err := store.RecentConversations(limit)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(errw, "parley: no conversations yet")
		return errNothingFound
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUPDATED\tMSGS\tCOST\tMODEL\tTITLE")
	for _, c := range list {
		cost := ""
		if price != nil {
			// A cost that cannot be read is left blank, like an unknown one:
			// the list is still worth showing.
			sum, _ := store.StoredConversationCost(c.ID, price)
			cost = sum.String()
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", c.ID, c.UpdatedAt.Format("2006-01-02 15:04"),
			c.Messages, cmpOr(cost, "-"), cmpOr(listLine(c.Model, 40), "-"), cmpOr(listLine(c.Title, maxListTitle), "(untitled)"))
	}
	return tw.Flush()
}

// search prints each hit: the conversation's id and title, then the
// snippet indented under it.
func search(w, errw io.Writer, store *session.Store, query string, limit int) error {
	hits, err := store.Search(query, limit)
	if err != nil {
		return err
	}
	if len(hits) == 0 {
		fmt.Fprintf(errw, "parley: no message matches %q\n", listLine(query, maxListTitle))
		return errNothingFound
	}
	for _, h := range session.BestPerConversation(hits) {
		fmt.Fprintf(w, "%d  %s\n    %s\n", h.ConversationID, cmpOr(listLine(h.Title, maxListTitle), "(untitled)"),
			listLine(h.Snippet, 200))
	}
	return nil
}

// listLine sanitizes s, folds it onto one line and cuts it to max runes.
func listLine(s string, max int) string {
	s = strings.Join(strings.Fields(sanitize.String(s)), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

// cmpOr is s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// storeCommand is `parley history` or `parley export` as parsed.
type storeCommand struct {
	Command string   // "history" or "export"
	Args    []string // history: the query words (--rename: the title); export: the ID ("last" when none)
	Limit   int      // history --limit
	Format  string   // export --format
	Output  string   // export -o
	// AllBranches is export --all-branches.
	AllBranches bool
	// Delete and Rename are history --delete ID and --rename ID; Yes is
	// --yes, and Ask confirms a delete without it (nil: no terminal).
	Delete, Rename string
	Yes            bool
	Ask            confirmer
	// Price prices replies for history's COST column (nil: none shown).
	Price session.PriceFunc
}

// runStoreCommand runs c on the store in dataDir; they need no provider.
// Listing and exporting open the store read-only; --delete and --rename
// read-write. errNothingFound means the line saying so is on errw.
func runStoreCommand(dataDir string, c storeCommand, w, errw io.Writer) error {
	if c.Command == "export" {
		if err := checkExportFormat(c.Format); err != nil {
			return err
		}
	}
	if c.Delete != "" || c.Rename != "" {
		store, err := session.Open(dataDir)
		if err != nil {
			return err
		}
		defer store.Close()
		if c.Delete != "" {
			if len(c.Args) > 0 {
				return fmt.Errorf("--delete takes one conversation ID, not also %q", listLine(strings.Join(c.Args, " "), 40))
			}
			return deleteConversation(w, store, c.Delete, c.Yes, c.Ask)
		}
		return renameConversation(w, store, c.Rename, c.Args)
	}
	store, err := openForReading(dataDir)
	if errors.Is(err, fs.ErrNotExist) {
		if c.Command == "export" {
			return errors.New("no conversation yet")
		}
		fmt.Fprintln(errw, "parley: no conversations yet")
		return errNothingFound
	}
	if err != nil {
		return err
	}
	defer store.Close()
	if c.Command == "export" {
		id := "last"
		if len(c.Args) > 0 {
			id = c.Args[0]
		}
		return export(w, store, exportOptions{ID: id, Format: c.Format, Output: c.Output,
			AllBranches: c.AllBranches, Price: c.Price})
	}
	return history(w, errw, store, strings.Join(c.Args, " "), c.Limit, c.Price)
}

// openForReading opens the store in dataDir read-only (session.OpenReadOnly):
// listing and exporting change nothing, so they work on a read-only disk
// or a data directory parley may not write. A store that cannot be read
// that way (an older schema, not migrated yet) is opened read-write once,
// which migrates it; if that fails too, the read-only error says why. A missing database matches fs.ErrNotExist.
func openForReading(dataDir string) (*session.Store, error) {
	if _, err := os.Stat(filepath.Join(dataDir, session.DBFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	store, err := session.OpenReadOnly(dataDir)
	if err == nil {
		return store, nil
	}
	if rw, rwErr := session.Open(dataDir); rwErr == nil {
		return rw, nil
	}
	return nil, err
}
