//go:build cgo

package audio

import (
	"fmt"
	"log"
	"strings"

	"github.com/gen2brain/malgo"
)

// openContext initialises a miniaudio context whose log goes to logger (or
// nowhere), so library messages never reach the terminal through Go.
func openContext(backends []malgo.Backend, logger *log.Logger) (*malgo.AllocatedContext, error) {
	quietNativeLogs()
	if backends == nil {
		backends = realBackends()
	}
	return malgo.InitContext(backends, malgo.ContextConfig{}, func(msg string) {
		if logger != nil {
			logger.Print("miniaudio: " + strings.TrimSpace(msg))
		}
	})
}

// freeContext releases a context; callers must have torn down its devices.
func freeContext(ctx *malgo.AllocatedContext) {
	_ = ctx.Uninit()
	ctx.Free()
}

// ListDevices lists the capture and playback devices of the first backend
// in backends (nil: platform default) that initialises.
func ListDevices(backends []malgo.Backend) (inputs, outputs []Device, err error) {
	ctx, err := openContext(backends, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("list audio devices: %s", shortReason(err))
	}
	defer freeContext(ctx)
	for _, kind := range []malgo.DeviceType{malgo.Capture, malgo.Playback} {
		infos, err := ctx.Devices(kind)
		if err != nil {
			return nil, nil, fmt.Errorf("list audio devices: %s", shortReason(err))
		}
		list := make([]Device, 0, len(infos))
		for _, in := range infos {
			list = append(list, Device{Name: in.Name(), ID: deviceIDString(in.ID), IsDefault: in.IsDefault != 0})
		}
		if kind == malgo.Capture {
			inputs = list
		} else {
			outputs = list
		}
	}
	return inputs, outputs, nil
}

// deviceIDString shows a device ID as text when it is one (PulseAudio and
// ALSA IDs are NUL-terminated names), else as miniaudio's hex form.
func deviceIDString(id malgo.DeviceID) string {
	end := 0
	for end < len(id) && id[end] != 0 {
		if id[end] < 0x20 || id[end] > 0x7e {
			return id.String()
		}
		end++
	}
	if end == 0 {
		return id.String()
	}
	return string(id[:end])
}

// findDevice returns the ID of the first device of kind whose name or ID
// contains name (case-insensitive), or nil when none does.
func findDevice(ctx *malgo.AllocatedContext, kind malgo.DeviceType, name string) (*malgo.DeviceID, error) {
	infos, err := ctx.Devices(kind)
	if err != nil {
		return nil, err
	}
	want := strings.ToLower(name)
	for _, in := range infos {
		if strings.Contains(strings.ToLower(in.Name()), want) || strings.Contains(strings.ToLower(deviceIDString(in.ID)), want) {
			id := in.ID
			return &id, nil
		}
	}
	return nil, nil
}
