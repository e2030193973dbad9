package ui

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"strings"

	"parley/ui/common"
	"parley/ui/transcript"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// cmdImage is `/image PROMPT`: the [images] backend draws PROMPT into the
// current conversation, with the tray's images as the pictures to edit.
// The reply streams through the same pump as a chat reply: each partial
// image replaces the previous one in place, Esc cancels, and a refused or
// failed generation shows the provider's reason with the prompt kept.
func (m *Model) cmdImage(arg string) tea.Cmd {
	prompt := strings.TrimSpace(arg)
	switch {
	case prompt == "":
		m.tray.SetNotice("/image takes a prompt: /image a red fox in the snow", true)
		return nil
	case m.stream.Busy():
		m.tray.SetNotice("a reply is streaming: wait for it or press esc, then /image again", true)
		return nil
	}
	inputs, ok := m.trayImages()
	if !ok {
		m.tray.SetNotice("/image takes only images from the tray: remove the audio chips first", true)
		return nil
	}
	b, err := m.imageBackend()
	if err == nil && b == nil {
		err = errNoImageModel(m.opts.ConfigPath)
	}
	if err != nil {
		// The command stays in the composer, ready once the config is fixed.
		m.transcript.Add(newNoticeEntry(transcript.KindFailure, common.FirstLine(err.Error())))
		m.transcript.Follow()
		return nil
	}
	return m.startImage(*b, prompt, inputs)
}

// errNoImageModel says what to configure for /image.
func errNoImageModel(path string) error {
	return errors.New("no image model configured: add [images] provider/model to " + cmp.Or(path, "the config file"))
}

// imageBackend is the backend /image uses: Options.Images, else the one
// the current model's Turn carries (nil when none is configured).
func (m *Model) imageBackend() (*session.ImageBackend, error) {
	if m.opts.Images != nil {
		return m.opts.Images()
	}
	if m.opts.Turns == nil {
		return nil, nil
	}
	t, err := m.opts.Turns(m.opts.Model)
	if err != nil || t == nil {
		// No usable chat model says nothing about images: the caller
		// then says what [images] needs.
		return nil, nil
	}
	return t.Images, nil
}

// trayImages are the tray's images, the input of an edit; ok is false
// when the tray also holds audio, which an image model cannot take.
func (m *Model) trayImages() ([]session.Image, bool) {
	var out []session.Image
	for _, a := range m.tray.Chips() {
		if a.Image() == nil {
			return nil, false
		}
		out = append(out, *a.Image())
	}
	return out, true
}

// startImage streams the generation into the transcript through the same
// reply lifecycle as a chat turn (beginReply).
func (m *Model) startImage(b session.ImageBackend, prompt string, inputs []session.Image) tea.Cmd {
	parts := []session.Part{session.Text{Text: prompt}}
	for _, img := range inputs {
		parts = append(parts, img)
	}
	store, convID := m.opts.Store, m.convID
	return m.beginReply(parts, b.Name(), prompt, m.composer.Value(), func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return session.GenerateImage(ctx, store, convID, b, prompt, inputs)
	})
}
