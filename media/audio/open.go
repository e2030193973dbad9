//go:build cgo

package audio

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/gen2brain/malgo"
)

// device is one open miniaudio device with its context, the pinned ID it
// was opened by, and the teardown that frees them. A playback and a capture
// each embed one, so opening, the "device lost" notification and teardown
// are written once for both directions.
type device struct {
	dev      *malgo.Device
	mctx     *malgo.AllocatedContext
	id       *malgo.DeviceID // the chosen device; nil for the default
	pin      runtime.Pinner  // keeps id in place while C holds it
	rel      *releaser
	stopping atomic.Bool   // we are stopping the device on purpose
	lost     chan struct{} // signalled when the device stops by itself
}

func newDevice() device {
	return device{rel: newReleaser(), lost: make(chan struct{}, 1)}
}

// open initialises a context, picks the device named by opts.DeviceName
// (empty: the default) in cfg's direction, opens it with data as its data
// callback and starts it. On failure everything opened so far is freed and
// the reason names the direction ("input"/"output").
func (d *device) open(opts Options, want devConfig, data dataProc) *openError {
	cfg := malgoConfig(want)
	kind, dir := cfg.DeviceType, "output"
	if kind == malgo.Capture {
		dir = "input"
	}
	mctx, err := openContext(opts.Backends, opts.Logger)
	if err != nil {
		return &openError{"no audio system available (" + shortReason(err) + ")", err}
	}
	if opts.DeviceName != "" {
		id, err := findDevice(mctx, kind, opts.DeviceName)
		if err != nil || id == nil {
			freeContext(mctx)
			if err != nil {
				return &openError{"cannot list " + dir + " devices (" + shortReason(err) + ")", err}
			}
			return &openError{fmt.Sprintf("no %s device matches %q", dir, opts.DeviceName), nil}
		}
		d.id = id
		d.pin.Pin(id)
		if kind == malgo.Capture {
			cfg.Capture.DeviceID = unsafe.Pointer(id)
		} else {
			cfg.Playback.DeviceID = unsafe.Pointer(id)
		}
	}
	dev, err := malgo.InitDevice(mctx.Context, cfg, malgo.DeviceCallbacks{Data: malgo.DataProc(data), Stop: d.onStop})
	if err != nil {
		freeContext(mctx)
		d.pin.Unpin()
		return &openError{"cannot open the " + dir + " device (" + shortReason(err) + ")", err}
	}
	d.dev, d.mctx = dev, mctx
	if err := dev.Start(); err != nil {
		d.release() // Uninit may hang: never wait here
		return &openError{"cannot start the " + dir + " device (" + shortReason(err) + ")", err}
	}
	return nil
}

// onStop is miniaudio's stopped notification. It also fires when we stop the
// device ourselves; otherwise the device went away (unplugged, server died).
func (d *device) onStop() {
	if !d.stopping.Load() {
		signal(d.lost)
	}
}

// release starts the teardown on the releaser's goroutine, once, marking
// the stop as ours so it is not taken for a lost device.
func (d *device) release() {
	d.stopping.Store(true)
	dev, mctx := d.dev, d.mctx
	d.rel.release(func() { _ = dev.Stop() }, func() {
		dev.Uninit()
		freeContext(mctx)
		d.pin.Unpin()
	})
}

// malgoConfig turns what a playback or capture wants into miniaudio's
// device configuration (signed 16-bit samples either way).
func malgoConfig(want devConfig) malgo.DeviceConfig {
	kind := malgo.Playback
	if want.capture {
		kind = malgo.Capture
	}
	cfg := malgo.DefaultDeviceConfig(kind)
	if want.capture {
		cfg.Capture.Format = malgo.FormatS16
		cfg.Capture.Channels = uint32(want.channels)
	} else {
		cfg.Playback.Format = malgo.FormatS16
		cfg.Playback.Channels = uint32(want.channels)
	}
	cfg.SampleRate = uint32(want.rate)
	if want.conservative {
		cfg.PerformanceProfile = malgo.Conservative
	}
	if want.periodMS > 0 {
		cfg.PeriodSizeInMilliseconds = uint32(want.periodMS)
	}
	return cfg
}
