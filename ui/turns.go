package ui

import (
	"cmp"
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
	"parley/ui/common"
	"parley/ui/dialog"
	"parley/ui/tray"
	"parley/ui/voice"
)

// This file is what the root asks of the model in use, through the
// TurnFactory: whether it can be used (the status bar says), its caps for
// the chips, the Turn that plans documents, the transcription of voice
// notes, the image backend of /image.

// modelCheckedMsg says whether the model named can be used (err nil).
type modelCheckedMsg struct {
	model string
	err   error
}

// checkModel is the Cmd that asks turns whether model can be used, so
// the status bar says what is missing before the first send. It runs the
// factory off the UI goroutine: an api_key_cmd may take its time.
func checkModel(turns TurnFactory, model string) tea.Cmd {
	if turns == nil {
		return nil
	}
	return func() tea.Msg {
		_, err := turns(model)
		return modelCheckedMsg{model: model, err: err}
	}
}

// modelProblem is the status bar's word on a Turn factory's error: "no
// key: set OPENAI_API_KEY" for a missing key, else its first line; ""
// for none.
func modelProblem(err error) string {
	var mk *providers.MissingKeyError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &mk) && len(mk.Sources) > 0:
		return "no key: set " + strings.Join(mk.Sources, " or ")
	case errors.As(err, &mk):
		return "no key for " + mk.Provider + ": see providers." + mk.Provider + ".api_key_cmd"
	}
	return "cannot send: " + common.FirstLine(err.Error())
}

// currentCaps are the capabilities of the model in use; known is false
// when nothing says what they are.
func currentCaps(o *Options, picked *dialog.ModelEntry) (caps providers.Caps, known bool) {
	if o.Caps != nil {
		return o.Caps(o.Model), true
	}
	if picked != nil && picked.Name == o.Model {
		return picked.Caps, true
	}
	return providers.Caps{}, false
}

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

// errNoImageModel says what to configure for /image.
func errNoImageModel(path string) error {
	return errors.New("no image model configured: add [images] provider/model to " + cmp.Or(path, "the config file"))
}

// imageBackend is the backend /image uses: Options.Images, else the one
// the current model's Turn carries (nil when none is configured).
func imageBackend(opts Options) (*session.ImageBackend, error) {
	if opts.Images != nil {
		return opts.Images()
	}
	if opts.Turns == nil {
		return nil, nil
	}
	t, err := opts.Turns(opts.Model)
	if err != nil || t == nil {
		// No usable chat model says nothing about images: the caller
		// then says what [images] needs.
		return nil, nil
	}
	return t.Images, nil
}

// trayImages are the tray's images, the input of an edit; ok is false
// when the tray also holds audio, which an image model cannot take.
func trayImages(chips []*tray.Chip) ([]session.Image, bool) {
	var out []session.Image
	for _, a := range chips {
		if a.Image() == nil {
			return nil, false
		}
		out = append(out, *a.Image())
	}
	return out, true
}

// transcription is what decides whether a recorded note is transcribed:
// the current model's caps (Options.Caps or the picker's) and
// Options.Transcriber first, else what the TurnFactory's Turn for the
// model carries.
func transcription(opts Options, caps providers.Caps, known bool) voice.Transcription {
	tr := opts.Transcriber
	if (!known || tr == nil) && opts.Turns != nil {
		if t, err := opts.Turns(opts.Model); err == nil && t != nil {
			if !known && t.Caps != nil {
				caps, known = *t.Caps, true
			}
			if tr == nil {
				tr = t.Transcriber
			}
		}
	}
	return voice.Transcription{Caps: caps, Known: known, Transcriber: tr, Model: opts.Model, Store: opts.Store}
}
