//go:build !cgo

package audio

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestWithoutCgoEveryDeviceSaysWhy: a parley built with CGO_ENABLED=0 has
// no miniaudio; recording, playback and listing must fail with one clear
// reason instead of not building at all.
func TestWithoutCgoEveryDeviceSaysWhy(t *testing.T) {
	const why = "parley was built without audio (CGO_ENABLED=0)"
	err := NewRecorder(Options{}).Start(context.Background())
	var nm *ErrNoMicrophone
	if !errors.As(err, &nm) || !errors.Is(err, ErrNoAudio) || !strings.Contains(err.Error(), why) {
		t.Errorf("Recorder.Start = %v", err)
	}
	err = NewPlayer(Options{}).PlayPCM(context.Background(), make([]int16, 160), 16000, 1)
	var ns *ErrNoSpeaker
	if !errors.As(err, &ns) || !errors.Is(err, ErrNoAudio) {
		t.Errorf("Player.PlayPCM = %v", err)
	}
	if _, _, err := ListDevices(nil); !errors.Is(err, ErrNoAudio) || err.Error() != why {
		t.Errorf("ListDevices = %v", err)
	}
}
