package session

import (
	"context"
	"iter"
	"time"

	"parley/providers"
)

// TurnEventKind tells which fields of a TurnEvent are set.
type TurnEventKind int

// The events of a turn, in the order they come.
const (
	// TurnUserSaved: Message is the user message as stored (with its ID and
	// ConversationID; a new conversation was created if convID was 0).
	TurnUserSaved TurnEventKind = iota + 1
	// TurnStarted: Message is the empty assistant message, status streaming.
	TurnStarted
	// TurnDelta: Text is the next piece of reply text (already sanitized is
	// NOT implied: display code sanitizes).
	TurnDelta
	// TurnReasoning: Text is the next piece of the model's reasoning.
	TurnReasoning
	// TurnUsage: Usage is the latest token accounting.
	TurnUsage
	// TurnFinished is always last: Message is the final assistant message
	// with its status (done, cancelled, error) and Err the failure, if any.
	// If the user message could not be saved, Message is nil.
	TurnFinished
)

// TurnEvent is one step of a turn, re-emitted to whoever watches (the TUI or
// print mode).
type TurnEvent struct {
	Kind    TurnEventKind
	Text    string
	Usage   Usage
	Message *Message
	Err     error
}

// Turn sends a conversation to one provider and model and streams the reply,
// persisting as it goes. A Turn is cheap; make one per send.
type Turn struct {
	Store    *Store // nil keeps nothing (print mode --no-save)
	Provider providers.Provider
	Model    string // model ID as the provider knows it
	System   string // optional system prompt
	// Checkpoint is how often streamed text is written to the store; 0 means
	// once a second.
	Checkpoint time.Duration
}

// Run appends a user message made of parts to the conversation convID (0
// creates a new conversation titled from the text), sends history plus that
// message to the provider, and streams the reply into an assistant message.
// history is read, never modified. The user message is persisted before
// anything is sent; streamed text is checkpointed at least every
// t.Checkpoint; the final status is set at the end. Cancelling ctx ends the
// turn with StatusCancelled, the partial text kept. The last event is
// always TurnFinished.
func (t *Turn) Run(ctx context.Context, convID int64, history []Message, parts []Part) iter.Seq[TurnEvent] {
	return t.run(ctx, convID, history, parts)
}
