package session

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"parley/providers"
)

// This file is the one place that knows how every kind of Part is stored in
// a parts row and read back. How parts are sent to a model is in
// prepare.go (images are fitted and audio may become its transcript there).

// Part kinds as stored in parts.kind. Only "text" rows feed the full-text
// index (see the triggers in migrate.go).
const (
	kindText  = "text"
	kindImage = "image"
	kindAudio = "audio"
)

// partRow is one row of the parts table, minus its keys.
type partRow struct {
	Kind    string
	Text    string
	BlobSHA sql.NullString
	MIME    string
	Meta    string // JSON object: pixel size, duration, ...
}

// imageMeta is the meta column of an image row. Field names are short and
// empty values omitted: the row is rewritten at every checkpoint of a reply
// that holds a generated image.
type imageMeta struct {
	Name        string `json:"name,omitempty"`
	Width       int    `json:"w,omitempty"`
	Height      int    `json:"h,omitempty"`
	Bytes       int64  `json:"bytes,omitempty"`
	Frames      int    `json:"frames,omitempty"`
	Detail      string `json:"detail,omitempty"`
	Tiles       string `json:"tiles,omitempty"`
	Generated   bool   `json:"gen,omitempty"`
	Prompt      string `json:"prompt,omitempty"`
	GeneratedBy string `json:"by,omitempty"`
	Partial     bool   `json:"partial,omitempty"`
}

// textMeta is the meta column of a text row; almost every text row has
// none ("{}"). A prompt for an image model stays a "text" row, so that
// history search still finds it.
type textMeta struct {
	PromptFor string `json:"prompt_for,omitempty"`
}

// decodeText reads a text row. Meta that cannot be read loses only the
// marker, never the text.
func decodeText(r partRow) Text {
	t := Text{Text: r.Text}
	if r.Meta != "" && r.Meta != "{}" {
		var m textMeta
		if json.Unmarshal([]byte(r.Meta), &m) == nil {
			t.PromptFor = m.PromptFor
		}
	}
	return t
}

// audioMeta is the meta column of an audio row. The waveform is stored as
// one byte per bucket (level·255), base64: 48 buckets take 64 characters
// instead of ~900 as JSON floats, and a chip cannot show finer levels.
type audioMeta struct {
	Name       string `json:"name,omitempty"`
	DurationMS int64  `json:"ms,omitempty"`
	Transcript string `json:"transcript,omitempty"`
	Waveform   string `json:"wave,omitempty"`
}

// encodePart turns a Part into its row. It fails only for a Part type this
// file does not know, which is a programming error worth surfacing.
func encodePart(p Part) (partRow, error) {
	if row, ok, err := encodeDocPart(p); ok {
		return row, err
	}
	switch p := p.(type) {
	case Text:
		if p.PromptFor == "" {
			return partRow{Kind: kindText, Text: p.Text, Meta: "{}"}, nil
		}
		b, err := json.Marshal(textMeta{PromptFor: p.PromptFor})
		if err != nil {
			return partRow{}, fmt.Errorf("encode text part: %w", err)
		}
		return partRow{Kind: kindText, Text: p.Text, Meta: string(b)}, nil
	case Image:
		return metaRow(kindImage, p.Blob, p.MIME, imageMeta{Name: p.Name, Width: p.Width,
			Height: p.Height, Bytes: p.Bytes, Frames: p.Frames, Detail: p.Detail, Tiles: p.Tiles,
			Generated: p.Generated, Prompt: p.Prompt, GeneratedBy: p.GeneratedBy, Partial: p.Partial})
	case Audio:
		return metaRow(kindAudio, p.Blob, p.MIME, audioMeta{Name: p.Name,
			DurationMS: p.Duration.Milliseconds(), Transcript: p.Transcript,
			Waveform: packWaveform(p.Waveform)})
	case nil:
		return partRow{}, fmt.Errorf("nil part")
	default:
		return partRow{}, fmt.Errorf("cannot store part of type %T", p)
	}
}

// metaRow builds a blob-backed row. An empty sha is stored as NULL (the
// column references blobs), which only happens for a generated image
// without a store behind it.
func metaRow(kind, sha, mime string, meta any) (partRow, error) {
	b, err := json.Marshal(meta)
	if err != nil {
		return partRow{}, fmt.Errorf("encode %s part: %w", kind, err)
	}
	if sha != "" && !validSHA(sha) {
		return partRow{}, fmt.Errorf("%s part: blob %q is not a SHA-256 hex digest", kind, sha)
	}
	return partRow{Kind: kind, BlobSHA: sql.NullString{String: sha, Valid: sha != ""},
		MIME: mime, Meta: string(b)}, nil
}

// decodePart turns a row back into a Part. A kind this build does not know
// (a database written by a newer parley) must not stop the conversation
// from loading, so it becomes a Text placeholder that says what is missing;
// so does a row whose meta cannot be read.
func decodePart(r partRow) Part {
	if p, ok := decodeDocPart(r); ok {
		return p
	}
	switch r.Kind {
	case kindText:
		return decodeText(r)
	case kindImage:
		var m imageMeta
		if err := json.Unmarshal([]byte(r.Meta), &m); err != nil {
			return Text{Text: "[image part unreadable: " + err.Error() + "]"}
		}
		return Image{Blob: r.BlobSHA.String, MIME: r.MIME, Name: m.Name, Width: m.Width,
			Height: m.Height, Bytes: m.Bytes, Frames: m.Frames, Detail: m.Detail, Tiles: m.Tiles,
			Generated: m.Generated, Prompt: m.Prompt, GeneratedBy: m.GeneratedBy, Partial: m.Partial}
	case kindAudio:
		var m audioMeta
		if err := json.Unmarshal([]byte(r.Meta), &m); err != nil {
			return Text{Text: "[audio part unreadable: " + err.Error() + "]"}
		}
		return Audio{Blob: r.BlobSHA.String, MIME: r.MIME, Name: m.Name,
			Duration: time.Duration(m.DurationMS) * time.Millisecond, Transcript: m.Transcript,
			Waveform: unpackWaveform(m.Waveform)}
	default:
		return Text{Text: fmt.Sprintf("[%s part not supported by this version of parley]", r.Kind)}
	}
}

// packWaveform stores levels (clamped to 0..1) as one byte each, base64.
func packWaveform(w []float64) string {
	if len(w) == 0 {
		return ""
	}
	b := make([]byte, len(w))
	for i, v := range w {
		b[i] = byte(min(max(v, 0), 1)*255 + 0.5)
	}
	return base64.RawStdEncoding.EncodeToString(b)
}

// unpackWaveform reverses packWaveform; a damaged value gives no waveform
// rather than an error, since it is only decoration.
func unpackWaveform(s string) []float64 {
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		return nil
	}
	w := make([]float64, len(b))
	for i, v := range b {
		w[i] = float64(v) / 255
	}
	return w
}

// textPart converts a Text to what providers send; ok is false when it is
// empty.
func textPart(t Text) (providers.Part, bool) {
	if t.Text == "" {
		return nil, false
	}
	return providers.TextPart{Text: t.Text}, true
}
