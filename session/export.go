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
	if conv == nil {
		return fmt.Errorf("export: no conversation")
	}
	if blobs == nil {
		blobs = func(string) (string, bool) { return "", false }
	}
	switch strings.ToLower(format) {
	case FormatMarkdown, "md", "":
		return exportMarkdown(w, conv, blobs)
	case FormatJSON:
		return exportJSON(w, conv, blobs)
	}
	return fmt.Errorf("export format %q: want markdown or json", sanitize.String(format))
}

// ExportJSON is the JSON export of one conversation. The field names are
// the documented schema (README, "Exporting"); times are RFC 3339 in UTC.
type ExportJSON struct {
	Format    string              `json:"format"` // always "parley.conversation"
	Version   int                 `json:"version"`
	ID        int64               `json:"id"`
	Title     string              `json:"title"`
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
	Messages  []ExportJSONMessage `json:"messages"`
}

// ExportJSONMessage is one message of an ExportJSON.
type ExportJSONMessage struct {
	ID        int64            `json:"id"`
	Role      Role             `json:"role"`   // user, assistant
	Status    Status           `json:"status"` // done, cancelled, interrupted, error, streaming
	Provider  string           `json:"provider"`
	Model     string           `json:"model"`
	Usage     ExportJSONUsage  `json:"usage"`
	Error     string           `json:"error"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	Parts     []ExportJSONPart `json:"parts"`
}

// ExportJSONUsage is the token accounting of a reply.
type ExportJSONUsage struct {
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
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

// exportJSON writes conv as an indented ExportJSON.
func exportJSON(w io.Writer, conv *Conversation, blobs BlobLocator) error {
	out := ExportJSON{Format: "parley.conversation", Version: ExportSchemaVersion, ID: conv.ID,
		Title: sanitize.String(conv.Title), CreatedAt: conv.CreatedAt.UTC(),
		UpdatedAt: conv.UpdatedAt.UTC(), Messages: make([]ExportJSONMessage, 0, len(conv.Messages))}
	for _, m := range conv.Messages {
		jm := ExportJSONMessage{ID: m.ID, Role: m.Role, Status: m.Status,
			Provider: sanitize.String(m.Provider), Model: sanitize.String(m.Model),
			Usage: ExportJSONUsage{m.Usage.InputTokens, m.Usage.OutputTokens},
			Error: sanitize.String(m.Error), CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(),
			Parts: make([]ExportJSONPart, 0, len(m.Parts))}
		for _, p := range m.Parts {
			jm.Parts = append(jm.Parts, jsonPart(p, blobs))
		}
		out.Messages = append(out.Messages, jm)
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
