package session

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"parley/media/sanitize"
)

// The export formats Export writes.
const (
	FormatMarkdown = "markdown"
	FormatJSON     = "json"
)

// ExportSchemaVersion is the "version" of the JSON export. It changes only
// when a field is removed or changes meaning; new fields may appear
// without it.
const ExportSchemaVersion = 1

// BlobLocator says where a blob's file is, and whether it exists; Export
// uses it to link media. (*Store).BlobFile is one; nil links nothing.
type BlobLocator func(sha string) (path string, ok bool)

// Export writes conv in format (FormatMarkdown, or "md"; FormatJSON). Every
// string that came from a model, a user or a file name passes
// sanitize.String first: an export holds no terminal escape sequences, so
// `cat` or `jq -r` on it cannot drive the terminal. Markdown keeps model
// text as written (it is markdown already). No key is ever in the store, so
// none can be in an export.
func Export(w io.Writer, conv *Conversation, format string, blobs BlobLocator) error {
	return ExportConversation(w, conv, ExportOptions{Format: format, Blobs: blobs})
}

// ExportOptions say how ExportConversation writes a conversation.
type ExportOptions struct {
	Format string      // FormatMarkdown (or "md", ""), FormatJSON
	Blobs  BlobLocator // where media files are; nil links nothing
	// AllBranches writes every branch, not only the current one (see
	// ExportAllBranches).
	AllBranches bool
	// Price, when set, adds each reply's cost and the conversation's
	// total (every branch) where a price is known; nil writes no costs.
	Price PriceFunc
}

// exporter is one export in progress.
type exporter struct {
	blobs BlobLocator
	price PriceFunc
}

// ExportConversation writes conv as opts say; Export and ExportAllBranches
// are its two common forms.
func ExportConversation(w io.Writer, conv *Conversation, opts ExportOptions) error {
	if conv == nil {
		return fmt.Errorf("export: no conversation")
	}
	e := exporter{blobs: opts.Blobs, price: opts.Price}
	if e.blobs == nil {
		e.blobs = func(string) (string, bool) { return "", false }
	}
	switch strings.ToLower(opts.Format) {
	case FormatMarkdown, "md", "":
		if opts.AllBranches {
			return e.branchesMarkdown(w, conv)
		}
		return e.markdown(w, conv)
	case FormatJSON:
		if opts.AllBranches && len(conv.all) > 0 {
			c := *conv
			c.Messages = conv.all
			return e.json(w, &c)
		}
		return e.json(w, conv)
	}
	return fmt.Errorf("export format %q: want markdown or json", sanitize.String(opts.Format))
}

// ExportJSON is the JSON export of one conversation. The field names are
// the documented schema (README, "Exporting"); times are RFC 3339 in UTC.
type ExportJSON struct {
	Format    string    `json:"format"` // always "parley.conversation"
	Version   int       `json:"version"`
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// System is the conversation's system prompt, Persona its persona.
	System  string `json:"system,omitempty"`
	Persona string `json:"persona,omitempty"`
	// LeafID is the last message of the current branch. Messages is that
	// branch, or with all branches (ExportAllBranches) every message,
	// each with its ParentID.
	LeafID   int64               `json:"leaf_id,omitempty"`
	Messages []ExportJSONMessage `json:"messages"`
	// CostUSD is the conversation's cost over every branch, when a price
	// was given and at least one reply has one; UnpricedReplies counts the
	// replies left out of it for want of a price.
	CostUSD         *float64 `json:"cost_usd,omitempty"`
	UnpricedReplies int      `json:"unpriced_replies,omitempty"`
}

// ExportJSONMessage is one message of an ExportJSON.
type ExportJSONMessage struct {
	ID        int64            `json:"id"`
	ParentID  int64            `json:"parent_id,omitempty"` // 0: first message
	Role      Role             `json:"role"`                // user, assistant
	Status    Status           `json:"status"`              // done, cancelled, interrupted, error, streaming
	Provider  string           `json:"provider"`
	Model     string           `json:"model"`
	Usage     ExportJSONUsage  `json:"usage"`
	CostUSD   *float64         `json:"cost_usd,omitempty"` // the reply's, when its price is known
	Error     string           `json:"error"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	Parts     []ExportJSONPart `json:"parts"`
	// Spoken is the reply's speech, when it was read aloud.
	Spoken *ExportJSONSpoken `json:"spoken,omitempty"`
}

// ExportJSONSpoken is a reply's kept speech (Message.Spoken).
type ExportJSONSpoken struct {
	Blob       string `json:"blob"`           // SHA-256 of the audio
	Path       string `json:"path,omitempty"` // the blob's file, when it exists
	MIME       string `json:"mime"`
	DurationMS int64  `json:"duration_ms"`
}

// ExportJSONUsage is the token accounting of a reply.
type ExportJSONUsage struct {
	InputTokens       int `json:"input_tokens"`
	CachedInputTokens int `json:"cached_input_tokens,omitempty"`
	OutputTokens      int `json:"output_tokens"`
}

// ExportJSONPart is one part, typed by Type: "text" (Text, PromptFor),
// "image" (Blob, Path, MIME, Name, Width, Height, Bytes, Generated, Prompt,
// GeneratedBy, Partial) or "audio" (Blob, Path, MIME, Name, DurationMS,
// Transcript). Fields that do not apply to the type are left out.
type ExportJSONPart struct {
	Type        string `json:"type"`
	Text        string `json:"text,omitempty"`
	PromptFor   string `json:"prompt_for,omitempty"` // a prompt sent to this image model
	Blob        string `json:"blob,omitempty"`       // SHA-256 of the bytes
	Path        string `json:"path,omitempty"`       // the blob's file, when it exists
	MIME        string `json:"mime,omitempty"`
	Name        string `json:"name,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	Bytes       int64  `json:"bytes,omitempty"`
	Generated   bool   `json:"generated,omitempty"`
	Prompt      string `json:"prompt,omitempty"`
	GeneratedBy string `json:"generated_by,omitempty"`
	Partial     bool   `json:"partial,omitempty"`
	DurationMS  int64  `json:"duration_ms,omitempty"`
	Transcript  string `json:"transcript,omitempty"`
	// Documents: PDF pages and the range chosen; text file lines.
	Pages     int    `json:"pages,omitempty"`
	PageRange string `json:"page_range,omitempty"`
	Lines     int    `json:"lines,omitempty"`
}

// json writes conv as an indented ExportJSON.
func (e exporter) json(w io.Writer, conv *Conversation) error {
	blobs := e.blobs
	out := ExportJSON{Format: "parley.conversation", Version: ExportSchemaVersion, ID: conv.ID,
		Title: sanitize.String(conv.Title), CreatedAt: conv.CreatedAt.UTC(),
		UpdatedAt: conv.UpdatedAt.UTC(), System: sanitize.String(conv.System),
		Persona: sanitize.String(conv.Persona), LeafID: conv.LeafID,
		Messages: make([]ExportJSONMessage, 0, len(conv.Messages))}
	for _, m := range conv.Messages {
		jm := ExportJSONMessage{ID: m.ID, ParentID: m.ParentID, Role: m.Role, Status: m.Status,
			Provider: sanitize.String(m.Provider), Model: sanitize.String(m.Model),
			Usage: ExportJSONUsage{InputTokens: m.Usage.InputTokens,
				OutputTokens: m.Usage.OutputTokens, CachedInputTokens: m.Usage.CachedInputTokens},
			Error: sanitize.String(m.Error), CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(),
			Parts: make([]ExportJSONPart, 0, len(m.Parts))}
		for _, p := range m.Parts {
			jm.Parts = append(jm.Parts, jsonPart(p, blobs))
		}
		if c := e.replyCost(&m); c.Known {
			jm.CostUSD = &c.USD
		}
		if sp := m.Spoken; sp != nil {
			path, _ := blobs(sp.Blob)
			jm.Spoken = &ExportJSONSpoken{Blob: sp.Blob, Path: path, MIME: sp.MIME, DurationMS: sp.Duration.Milliseconds()}
		}
		out.Messages = append(out.Messages, jm)
	}
	if c := e.conversationCost(conv); c.Known {
		out.CostUSD, out.UnpricedReplies = &c.USD, c.Unpriced
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// jsonPart converts one part for the JSON export.
func jsonPart(p Part, blobs BlobLocator) ExportJSONPart {
	switch p := p.(type) {
	case Text:
		return ExportJSONPart{Type: kindText, Text: sanitize.String(p.Text),
			PromptFor: sanitize.String(p.PromptFor)}
	case Image:
		path, _ := blobs(p.Blob)
		return ExportJSONPart{Type: kindImage, Blob: p.Blob, Path: path, MIME: p.MIME,
			Name: sanitize.String(p.Name), Width: p.Width, Height: p.Height, Bytes: p.Bytes,
			Generated: p.Generated, Prompt: sanitize.String(p.Prompt),
			GeneratedBy: sanitize.String(p.GeneratedBy), Partial: p.Partial}
	case Audio:
		path, _ := blobs(p.Blob)
		return ExportJSONPart{Type: kindAudio, Blob: p.Blob, Path: path, MIME: p.MIME,
			Name: sanitize.String(p.Name), DurationMS: p.Duration.Milliseconds(),
			Transcript: sanitize.String(p.Transcript)}
	}
	if d, ok := docJSONPart(p, blobs); ok {
		return d
	}
	return ExportJSONPart{Type: kindText, Text: fmt.Sprintf("[%T part]", p)}
}

// replyCost is m's cost when the export has prices.
func (e exporter) replyCost(m *Message) Cost {
	if e.price == nil {
		return Cost{}
	}
	return ReplyCost(m, e.price)
}

// conversationCost is conv's total when the export has prices.
func (e exporter) conversationCost(conv *Conversation) Cost {
	if e.price == nil {
		return Cost{}
	}
	return ConversationCost(conv, e.price)
}
