package cli

import (
	"bytes"
	"strings"
	"testing"

	"parley/media/audio"
)

// With no sound server ALSA lists its plugins, none a default: doctor
// says "no sound server", as `parley devices` does, instead of naming
// miniaudio's null device as the microphone (issue 15, item 19).
func TestDoctorAndDevicesAgreeWithoutSoundServer(t *testing.T) {
	plugins := []audio.Device{{Name: "Discard all samples (playback) or generate zero samples (capture)", ID: "null"},
		{Name: "PulseAudio Sound Server", ID: "pulse"}}
	line := audioLine(plugins, plugins, nil)
	if !strings.HasPrefix(line, "no sound server found") || strings.Contains(line, "zero samples") {
		t.Errorf("doctor says %q", line)
	}
	if err := noSoundServer(plugins, plugins); err == nil || err.Error() != line {
		t.Errorf("devices says %v, doctor %q: they must agree", err, line)
	}
	ok := []audio.Device{{Name: "Virtual mic", IsDefault: true}}
	if got := audioLine(ok, ok, nil); got != "microphone: Virtual mic; speaker: Virtual mic (parley devices lists all)" {
		t.Errorf("with defaults: %q", got)
	}
	var b bytes.Buffer
	writeDevices(&b, "inputs", ok)
	if !strings.Contains(b.String(), "* Virtual mic") {
		t.Errorf("devices list %q", b.String())
	}
}
