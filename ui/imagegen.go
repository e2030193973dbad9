package ui

import (
	"cmp"
	"errors"

	"parley/ui/tray"

	"parley/session"
)

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
