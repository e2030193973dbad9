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

// doctor says what the auto theme picks and how it knew, and inside tmux
// what it takes for the outer terminal to answer (issue 15, item 16).
func TestDoctorThemeLine(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := themeLine("", env(map[string]string{"TMUX": "/tmp/t,1,0", "COLORFGBG": "0;15"})); !strings.Contains(got, "auto picks light (COLORFGBG=0;15") ||
		!strings.Contains(got, "allow-passthrough on") {
		t.Errorf("tmux, no answer: %q", got)
	}
	if got := themeLine("rgb:ffff/ffff/ffff", env(map[string]string{"TMUX": "x"})); !strings.Contains(got, "light (the terminal's background is rgb:ffff/ffff/ffff)") ||
		!strings.Contains(got, "through tmux's passthrough") {
		t.Errorf("tmux, answered: %q", got)
	}
	if got := themeLine("", env(nil)); !strings.HasPrefix(got, "auto picks dark (the default") {
		t.Errorf("nothing known: %q", got)
	}
}
