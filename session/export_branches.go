package session

import (
	"bufio"
	"fmt"
	"io"
)

// ExportAllBranches writes every branch of conv, not only the current one
// (`parley export --all-branches`). JSON lists every message once, in the
// order written, each with its parent_id, and leaf_id names the current
// branch's end. Markdown writes each branch whole, oldest first, under a
// "## Branch N of M" header (the current one marked), so each reads as the
// conversation it was. conv must come from the store (Store.Conversation):
// a conversation built by hand has only its Messages.
func ExportAllBranches(w io.Writer, conv *Conversation, format string, blobs BlobLocator) error {
	return ExportConversation(w, conv, ExportOptions{Format: format, Blobs: blobs, AllBranches: true})
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

// branchesMarkdown writes the header once, then each branch.
func (e exporter) branchesMarkdown(w io.Writer, conv *Conversation) error {
	leaves := conv.Leaves()
	if len(leaves) <= 1 {
		return e.markdown(w, conv)
	}
	bw := bufio.NewWriter(w)
	head := *conv
	head.Messages = nil
	if err := e.markdown(bw, &head); err != nil {
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
			e.message(bw, &path[j])
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
