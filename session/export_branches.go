package session

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"parley/media/sanitize"
)

// ExportAllBranches writes every branch of conv, not only the current one
// (`parley export --all-branches`). JSON lists every message once, in the
// order written, each with its parent_id, and leaf_id names the current
// branch's end. Markdown writes each branch whole, oldest first, under a
// "## Branch N of M" header (the current one marked), so each reads as the
// conversation it was. conv must come from the store (Store.Conversation):
// a conversation built by hand has only its Messages.
func ExportAllBranches(w io.Writer, conv *Conversation, format string, blobs BlobLocator) error {
	if conv == nil {
		return fmt.Errorf("export: no conversation")
	}
	if blobs == nil {
		blobs = func(string) (string, bool) { return "", false }
	}
	all := conv.all
	if len(all) == 0 {
		all = conv.Messages
	}
	switch strings.ToLower(format) {
	case FormatMarkdown, "md", "":
		return exportBranchesMarkdown(w, conv, blobs)
	case FormatJSON:
		c := *conv
		c.Messages = all
		return exportJSON(w, &c, blobs)
	}
	return fmt.Errorf("export format %q: want markdown or json", sanitize.String(format))
}

// Leaves returns the last message of every branch of c, oldest first.
func (c *Conversation) Leaves() []int64 {
	hasChild := make(map[int64]bool, len(c.all))
	for _, m := range c.all {
		hasChild[m.ParentID] = true
	}
	var out []int64
	for _, m := range c.all {
		if !hasChild[m.ID] {
			out = append(out, m.ID)
		}
	}
	return out
}

// exportBranchesMarkdown writes the header once, then each branch.
func exportBranchesMarkdown(w io.Writer, conv *Conversation, blobs BlobLocator) error {
	leaves := conv.Leaves()
	if len(leaves) <= 1 {
		return exportMarkdown(w, conv, blobs)
	}
	bw := bufio.NewWriter(w)
	head := *conv
	head.Messages = nil
	if err := exportMarkdown(bw, &head, blobs); err != nil {
		return err
	}
	for i, leaf := range leaves {
		mark := ""
		if leaf == conv.LeafID {
			mark = " (current)"
		}
		fmt.Fprintf(bw, "\n## Branch %d of %d%s\n", i+1, len(leaves), mark)
		path := conv.branchTo(leaf)
		for j := range path {
			writeMessage(bw, &path[j], blobs)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
