//go:build !cgo

package audio

import "github.com/gen2brain/malgo"

// device stands in for a miniaudio device in a build without cgo: opening
// fails with ErrNoAudio, and teardown has nothing to free.
type device struct {
	rel  *releaser
	lost chan struct{}
}

func newDevice() device {
	return device{rel: newReleaser(), lost: make(chan struct{}, 1)}
}

func (d *device) open(Options, devConfig, dataProc) *openError {
	return &openError{reason: ErrNoAudio.Error(), err: ErrNoAudio}
}

func (d *device) release() { d.rel.release(nil, nil) }

// ListDevices fails with ErrNoAudio: there is no audio system to ask.
func ListDevices([]malgo.Backend) (inputs, outputs []Device, err error) {
	return nil, nil, ErrNoAudio
}
