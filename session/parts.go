package session

import (
	"database/sql"
	"fmt"

	"parley/providers"
)

// This file is the one place that knows every kind of Part: how it is
// stored in a parts row, how it is read back, and how it is sent to a
// provider. A new kind (image, audio, generated image) adds a case to each
// switch below; the schema already has the blob, MIME and meta columns.

// Part kinds as stored in parts.kind. Only "text" rows feed the full-text
// index (see the triggers in migrate.go).
const (
	kindText = "text"
)

// partRow is one row of the parts table, minus its keys.
type partRow struct {
	Kind    string
	Text    string
	BlobSHA sql.NullString
	MIME    string
	Meta    string // JSON object: pixel size, duration, ...
}

// encodePart turns a Part into its row. It fails only for a Part type this
// file does not know yet, which is a programming error worth surfacing.
func encodePart(p Part) (partRow, error) {
	switch p := p.(type) {
	case Text:
		return partRow{Kind: kindText, Text: p.Text, Meta: "{}"}, nil
	case nil:
		return partRow{}, fmt.Errorf("nil part")
	default:
		return partRow{}, fmt.Errorf("cannot store part of type %T", p)
	}
}

// decodePart turns a row back into a Part. A kind this build does not know
// (a database written by a newer parley) must not stop the conversation
// from loading, so it becomes a Text placeholder that says what is missing.
func decodePart(r partRow) Part {
	switch r.Kind {
	case kindText:
		return Text{Text: r.Text}
	default:
		return Text{Text: fmt.Sprintf("[%s part not supported by this version of parley]", r.Kind)}
	}
}

// requestPart converts a Part to what providers send; ok is false for parts
// that have nothing to send.
func requestPart(p Part) (providers.Part, bool) {
	switch p := p.(type) {
	case Text:
		if p.Text == "" {
			return nil, false
		}
		return providers.TextPart{Text: p.Text}, true
	default:
		return nil, false
	}
}
