package ui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
	"parley/ui/tray"
)

// This file is the root's side of document and video chips: the Turn
// that plans them for the model in use, and PDFium's start.

// prewarmTimeout bounds the wait for PDFium's start at launch (the work
// goes on past it: Prewarm's ctx bounds the wait, not the compile).
const prewarmTimeout = 30 * time.Second

// prewarmDocs starts the PDF renderer off the UI goroutine, so the first
// PDF's chip appears at once, when that is cheap: PDFium's compiled code
// is in the data directory's cache from an earlier run, and loading it
// costs ~0.15 s and ~40 MB. Without the cache the compile (seconds of CPU,
// ~300 MB at its peak) waits for the first PDF attached, rather than
// burdening every start of the chat.
func prewarmDocs(docs *session.DocTools) tea.Cmd {
	if docs == nil || docs.PDF == nil {
		return nil
	}
	return func() tea.Msg {
		if !docs.PDF.Compiled() {
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), prewarmTimeout)
		defer cancel()
		_ = docs.Prewarm(ctx) // a failure shows when a PDF is attached
		return nil
	}
}

// chipPlanner is the Turn that plans document and video chips for the
// model in use: the factory's (it knows the transcription service and the
// document tools) with the caps the chips are labelled for. It is built
// only when the tray holds such chips (hasDocs), so image-only sessions
// never call the factory for labels; nil then.
func chipPlanner(o *Options, hasDocs bool, caps providers.Caps, known bool) tray.Planner {
	if !hasDocs {
		return nil
	}
	var t session.Turn
	if o.Turns != nil {
		if ft, err := o.Turns(o.Model); err == nil && ft != nil {
			t = *ft
		}
	}
	t.Caps = nil
	if known {
		t.Caps = &caps
	}
	if t.Model == "" {
		_, t.Model, _ = strings.Cut(o.Model, "/")
	}
	if t.Store == nil {
		t.Store = o.Store
	}
	if t.Docs == nil {
		t.Docs = o.Docs
	}
	if t.Transcriber == nil {
		t.Transcriber = o.Transcriber
	}
	return &t
}
