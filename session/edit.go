package session

import (
	"errors"
	"fmt"
	"strings"

	"parley/media/sanitize"
)

// Draft is a stored user message taken back for editing: its text for the
// composer and its attachments for the tray. Sending it (changed or not)
// goes through Turn.Edit with MessageID, which makes a new branch.
type Draft struct {
	ConversationID int64
	MessageID      int64
	Text           string
	// Attachments are the message's images and voice notes whose bytes
	// are still in the blob store, in order.
	Attachments []Part
}

// MissingAttachmentsError says which attachments of an edited message have
// lost their bytes (a blob file deleted by hand, a damaged data directory).
// The Draft returned with it is still usable: its text and the other
// attachments are there.
type MissingAttachmentsError struct {
	Names []string
}

// Error is one line naming what is missing.
func (e *MissingAttachmentsError) Error() string {
	return fmt.Sprintf("the file of %s is gone from the data directory; the text can still be edited and sent",
		sanitize.String(strings.Join(e.Names, ", ")))
}

// EditDraft returns user message msgID of conversation convID as a Draft.
// If some attachment's blob is missing, the Draft comes without it and
// the error is a *MissingAttachmentsError; any other error means there is
// no draft (no such message, or not one the user wrote).
func (s *Store) EditDraft(convID, msgID int64) (Draft, error) {
	c, err := s.Conversation(convID)
	if err != nil {
		return Draft{}, fmt.Errorf("edit: %w", err)
	}
	m, ok := c.message(msgID)
	if !ok {
		return Draft{}, fmt.Errorf("edit: message %d of conversation %d: %w", msgID, convID, ErrNotFound)
	}
	if m.Role != RoleUser {
		return Draft{}, errors.New("edit: only your own messages can be edited; retry makes a new reply")
	}
	d := Draft{ConversationID: convID, MessageID: msgID}
	var texts []string
	var missing []string
	for _, p := range m.Parts {
		switch p := p.(type) {
		case Text:
			texts = append(texts, p.Text)
		case Image:
			if _, ok := s.BlobFile(p.Blob); !ok {
				missing = append(missing, p.Name)
				continue
			}
			d.Attachments = append(d.Attachments, p)
		case Audio:
			if _, ok := s.BlobFile(p.Blob); !ok {
				missing = append(missing, p.Name)
				continue
			}
			d.Attachments = append(d.Attachments, p)
		}
	}
	d.Text = strings.Join(texts, "\n\n")
	if len(missing) > 0 {
		return d, &MissingAttachmentsError{Names: missing}
	}
	return d, nil
}

// Parts returns what sending the draft sends: its text (when not blank)
// followed by its attachments.
func (d Draft) Parts() []Part {
	var parts []Part
	if strings.TrimSpace(d.Text) != "" {
		parts = append(parts, Text{Text: d.Text})
	}
	return append(parts, d.Attachments...)
}
