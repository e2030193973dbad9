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
	// If the user message could not be saved, Message is nil; so it is
	// when the turn was refused before anything was stored (Err is then a
	// *RefusalError and the caller keeps its input).
	TurnFinished
	// TurnImage: Image is a generated image the reply just added or
	// replaced, between TurnStarted and TurnFinished. A partial stage
	// (Image.Partial) is replaced in place, at the same position among the
	// message's parts, by the next stage of the same image and finally by
	// the finished one. Its value comes after TurnFinished so that the
	// values of the earlier kinds stay what they were.
	TurnImage
	// TurnHandoff: Text is a line about the seam between the chat model
	// and the image backend (see Turn.Images), also stored in the
	// assistant message as an italic Text part at the same place:
	// "PROVIDER/MODEL asked IMAGE-MODEL to draw: PROMPT" when the chat model calls
	// generate_image, then, if the generation fails, "IMAGE-MODEL could not
	// draw it: REASON" with Err set to the failure (the reply goes on).
	TurnHandoff
	// TurnNotice: Text is a line the user should see about the request
	// itself, before TurnStarted: "4 earlier messages not sent: the
	// context of openai/gpt-4o is full" when the oldest turns were left
	// out to fit the model's context window (see Turn.ReplyBudget).
	TurnNotice
)

// TurnEvent is one step of a turn, re-emitted to whoever watches (the TUI or
// print mode).
type TurnEvent struct {
	Kind    TurnEventKind
	Text    string
	Usage   Usage
	Message *Message
	Err     error
	Image   *Image // for TurnImage
}

// Turn sends a conversation to one provider and model and streams the reply,
// persisting as it goes. A Turn is cheap; make one per send.
type Turn struct {
	// Store keeps the conversation. nil keeps nothing: then attachments
	// cannot be sent and generated images are announced (TurnImage) but
	// their bytes are not kept; print mode --no-save with attachments uses
	// OpenEphemeral instead.
	Store    *Store
	Provider providers.Provider
	Model    string // model ID as the provider knows it
	// System is the system prompt sent with the request ("" = none). The
	// caller sets it from Conversation.System (or a persona); Retry and
	// Edit fall back to the conversation's stored prompt when it is empty,
	// and a new conversation stores it.
	System string
	// Persona names the persona System came from, stored with a new
	// conversation ("" = none).
	Persona string
	// FitContext leaves the oldest turns out of a request that would
	// not fit Caps.ContextWindow less ReplyBudget, and says so in a
	// TurnNotice (never the system prompt, never the message being
	// answered). Set it only where TurnNotice is shown: nothing may
	// change silently on the way to the model. false sends everything.
	FitContext bool
	// ReplyBudget is the number of tokens kept free for the reply when
	// the request is fitted to Caps.ContextWindow; 0 means
	// min(4096, a quarter of the window).
	ReplyBudget int
	// Checkpoint is how often streamed text is written to the store; 0 means
	// once a second.
	Checkpoint time.Duration
	// Caps are the model's capabilities; images are fitted to them and
	// audio is sent as audio or as its transcript according to them. nil
	// means "not known": nothing is gated and images and audio go out as
	// stored. A zero Caps is a text-only model: images and audio are
	// refused (the safe default providers.CapsFor gives unknown local
	// models; config can override it).
	Caps *providers.Caps
	// Transcriber makes the transcript of a voice note for a model that
	// cannot take audio; nil means no transcription service is configured.
	Transcriber Transcriber
	// Docs reads PDFs and videos for models that cannot take them as
	// they are (page images, keyframes); nil sends PDFs and videos only
	// to models that read them natively.
	Docs *DocTools
	// Images is the configured image backend. When it is set and the
	// model is known (Caps not nil) to support tools but not to make
	// images itself, the request offers the model a generate_image tool;
	// a call is answered by drawing with this backend into the same
	// assistant message (see TurnHandoff). nil offers no tool.
	Images *ImageBackend
	// ImageTiles is TilesAuto to send a text-heavy screenshot whose text
	// fitting would shrink below a readable size as 2–4 tiles instead
	// (see Store.ImageTileChoice); "" or TilesOff always sends images whole.
	ImageTiles string
}

// Transcriber turns recorded speech into text (providers/transcribe's
// client is one).
type Transcriber interface {
	// Transcribe returns the text spoken in audio (encoded as mime), or
	// an error saying why it could not; ctx cancels the request.
	Transcribe(ctx context.Context, audio []byte, mime string) (string, error)
}

// Run appends a user message made of parts to the conversation convID (0
// creates a new conversation titled from the text), sends history plus that
// message to the provider, and streams the reply into an assistant message.
// history is read, never modified (a transcript made for a history voice
// note is written to the stored message instead).
//
// Before anything is stored, every part is prepared for t.Caps (see
// Prepare): images fitted, audio sent as audio or as its transcript (made
// now, once, if missing). A part the model cannot take refuses the turn:
// nothing is persisted and the only event is TurnFinished with Message nil
// and Err a *RefusalError.
//
// The user message is persisted before anything is sent; streamed text is checkpointed at least every
// t.Checkpoint; the final status is set at the end. Cancelling ctx ends the
// turn with StatusCancelled, the partial text kept. The last event is
// always TurnFinished.
func (t *Turn) Run(ctx context.Context, convID int64, history []Message, parts []Part) iter.Seq[TurnEvent] {
	return t.run(ctx, convID, history, parts)
}
