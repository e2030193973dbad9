// Package session holds the truth of parley: conversations, messages and
// their parts, the SQLite store and blob store, history search, export, and
// the Turn that sends a conversation to a provider and applies the streamed
// reply. It knows no SDK types: it speaks providers' neutral request.
package session

import "time"

// Role says who wrote a message.
type Role string

// The roles of a message.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// Status is where a message is in its life.
type Status string

// The statuses of a message. User messages are always StatusDone.
const (
	StatusStreaming   Status = "streaming"   // the reply is arriving
	StatusDone        Status = "done"        // complete
	StatusCancelled   Status = "cancelled"   // stopped by the user; partial text kept
	StatusInterrupted Status = "interrupted" // parley exited mid-stream; text up to the last checkpoint kept
	StatusError       Status = "error"       // the provider failed; partial text kept, Error says why
)

// Part is one piece of a message. It is sealed: only this package defines
// parts (text now; images, audio and generated images later).
type Part interface{ part() }

// Text is a run of markdown text.
type Text struct{ Text string }

func (Text) part() {}

// Usage is the token accounting of one reply.
type Usage struct {
	InputTokens  int
	OutputTokens int
}

// Message is one entry of a conversation.
type Message struct {
	ID             int64
	ConversationID int64
	Role           Role
	Status         Status
	Provider       string // configured provider name, for assistant messages
	Model          string
	Usage          Usage
	Error          string // one line, for StatusError (and the cancel/interrupt note)
	Parts          []Part
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Text returns the message's text parts joined.
func (m *Message) Text() string {
	var n int
	for _, p := range m.Parts {
		if t, ok := p.(Text); ok {
			n += len(t.Text)
		}
	}
	b := make([]byte, 0, n)
	for _, p := range m.Parts {
		if t, ok := p.(Text); ok {
			b = append(b, t.Text...)
		}
	}
	return string(b)
}

// Conversation is an ordered list of messages with a title.
type Conversation struct {
	ID        int64
	Title     string
	CreatedAt time.Time
	UpdatedAt time.Time
	Messages  []Message
}
