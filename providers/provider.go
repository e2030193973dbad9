// Package providers defines parley's neutral model interface: a small request
// type, a stream of events, capabilities per model, and the errors every
// adapter reports. One subpackage per wire protocol turns these into SDK calls;
// no SDK type ever crosses this package's API.
package providers

import (
	"context"
	"iter"
)

// Role says who wrote a message in a request.
type Role string

// The roles a request can carry.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// Part is one piece of a request message: text, an image or audio. It is
// sealed: only this package defines parts, so adapters can switch on them
// exhaustively.
type Part interface{ isPart() }

// TextPart is plain text.
type TextPart struct{ Text string }

// ImagePart is an image already fitted to the target model's limits.
type ImagePart struct {
	MIME string // image/png, image/jpeg, image/webp, image/gif, image/heic
	Data []byte // encoded bytes, never base64
	// Detail is OpenAI's per-image detail ("", "low", "high"); other
	// protocols ignore it.
	Detail string
	// Resolution is the Gemini 3 media_resolution level to ask for ("low",
	// "medium", "high", "ultra_high"); "" lets the server choose. Other
	// adapters ignore it.
	Resolution string
}

// AudioPart is a recording for models that take audio input.
type AudioPart struct {
	MIME string // audio/wav, audio/mpeg, ...
	Data []byte
}

// ToolCallPart is a function call the model made, repeated back to it in
// the assistant message that made it.
type ToolCallPart struct {
	ID        string // the provider's call ID ("" where the protocol has none)
	Name      string
	Arguments string // JSON object
}

// ToolResultPart answers a ToolCallPart; it goes in a RoleUser message
// right after the assistant message holding the call (adapters move it to
// the role their protocol wants: "tool" for OpenAI and Ollama, a
// tool_result block for Anthropic, a functionResponse for Gemini).
type ToolResultPart struct {
	CallID  string
	Name    string
	Content string // short text for the model
	IsError bool
}

func (TextPart) isPart()       {}
func (ImagePart) isPart()      {}
func (AudioPart) isPart()      {}
func (ToolCallPart) isPart()   {}
func (ToolResultPart) isPart() {}

// Tool is a function the model may call.
type Tool struct {
	Name        string
	Description string
	// Parameters is the JSON Schema of the arguments object.
	Parameters map[string]any
}

// Message is one turn of the conversation as the model receives it.
type Message struct {
	Role  Role
	Parts []Part
}

// Request is everything an adapter needs for one streamed reply.
type Request struct {
	Model     string
	System    string // optional system prompt
	Messages  []Message
	MaxTokens int // 0 = the adapter's default
	// Tools the model may call; adapters whose protocol has no function
	// calling ignore them.
	Tools []Tool
	// ImageOutput says the caller wants images in the reply (the model can
	// draw: Caps.ImageOutput). Adapters that can, ask for them: OpenAI
	// switches to the Responses API with its image_generation tool. Others
	// ignore it (Gemini asks its image models by name).
	ImageOutput bool
}

// EventKind tells which field of an Event is set.
type EventKind int

// The kinds of stream event.
const (
	// EventText carries a piece of reply text in Event.Text.
	EventText EventKind = iota + 1
	// EventReasoning carries a piece of the model's reasoning in Event.Text.
	EventReasoning
	// EventImagePartial carries a partial generated image in Event.Image.
	EventImagePartial
	// EventImage carries a finished generated image in Event.Image.
	EventImage
	// EventUsage carries token counts in Event.Usage; it may come more than
	// once, and the last one wins.
	EventUsage
	// EventDone ends a successful stream; Event.FinishReason may say why.
	EventDone
	// EventToolCall carries one complete function call in Event.ToolCall
	// (arguments fully accumulated). The stream then ends with EventDone,
	// FinishReason "tool_calls"; the caller runs the tool and sends a new
	// request with the call and its result appended.
	EventToolCall
)

// Image is generated image data in a stream event.
type Image struct {
	MIME  string
	Data  []byte
	Index int // which image of the reply this belongs to
}

// Usage is the token accounting of one reply.
type Usage struct {
	InputTokens  int // every input token, cached ones included
	OutputTokens int
	// CachedInputTokens is the part of InputTokens the provider read from
	// its prompt cache (billed lower); 0 where the protocol does not say.
	CachedInputTokens int
}

// Event is one item of a streamed reply.
type Event struct {
	Kind         EventKind
	Text         string
	Image        *Image
	Usage        Usage
	FinishReason string
	ToolCall     *ToolCallPart
}

// Provider streams replies from one configured endpoint.
//
// Stream yields events until the reply ends. A stream that ends well yields
// EventDone last. A failure is yielded once as a non-nil error (an *Error
// wherever the adapter can classify it) and ends the stream; events yielded
// before it stay valid, so a partial reply can be kept. Cancelling ctx stops
// the stream with an error that wraps context.Canceled.
type Provider interface {
	// Name is the configured provider name ("openai", "local", ...).
	Name() string
	// Stream sends req and yields the reply's events, as described above.
	Stream(ctx context.Context, req Request) iter.Seq2[Event, error]
}

// ModelInfo is one entry of a provider's model list.
type ModelInfo struct {
	ID   string
	Caps Caps
}

// ModelLister is implemented by providers that can list their models.
type ModelLister interface {
	// Models asks the provider for the models it serves; ctx bounds the
	// request. The list is the provider's own, not merged with the table.
	Models(ctx context.Context) ([]ModelInfo, error)
}
