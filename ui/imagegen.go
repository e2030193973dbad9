package ui

import (
	"cmp"
	"context"
	"errors"
	"iter"

	"parley/ui/chat"
	"parley/ui/common"
	"parley/ui/tray"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// drawImage is `/image PROMPT`: the [images] backend draws PROMPT into the
// current conversation, with the tray's images as the pictures to edit.
// The reply streams through the same pump as a chat reply: each partial
// image replaces the previous one in place, Esc cancels, and a refused or
// failed generation shows the provider's reason with the prompt kept.
func (m *Model) drawImage(prompt string) tea.Cmd {
	switch {
	case prompt == "":
		m.tray.SetNotice("/image takes a prompt: /image a red fox in the snow", true)
		return nil
	case m.chat.Busy():
		m.tray.SetNotice("a reply is streaming: wait for it or press esc, then /image again", true)
		return nil
	}
	inputs, ok := trayImages(m.tray.Chips())
	if !ok {
		m.tray.SetNotice("/image takes only images from the tray: remove the audio chips first", true)
		return nil
	}
	b, err := imageBackend(m.opts)
	if err == nil && b == nil {
		err = errNoImageModel(m.opts.ConfigPath)
	}
	if err != nil {
		// The command stays in the composer, ready once the config is fixed.
		m.chat.Notice(common.FirstLine(err.Error()), true)
		return nil
	}
	// The same reply lifecycle as a chat turn (ui/chat, ui/stream).
	parts := []session.Part{session.Text{Text: prompt}}
	for _, img := range inputs {
		parts = append(parts, img)
	}
	store, convID, backend := m.opts.Store, m.chat.ConvID(), *b
	o := chat.Outgoing{Parts: parts, Model: backend.Name(), Title: prompt, Text: m.composer.Value(), Chips: m.tray.IDs()}
	return m.applyChat(m.chat.Start(o, func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return session.GenerateImage(ctx, store, convID, backend, prompt, inputs)
	}))
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
