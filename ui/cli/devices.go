package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/media/sanitize"
)

// devices is `parley devices`: it lists the audio inputs and outputs of the
// first backend that answers, the system defaults marked with "*", each
// with the ID audio.input_device may name (a part of the name works too).
// With no sound system the error is one line; no library message reaches
// the terminal.
func devices(w io.Writer, backends []malgo.Backend) error {
	inputs, outputs, err := audio.ListDevices(backends)
	if err != nil {
		return fmt.Errorf("no sound system found: %w", err)
	}
	if err := noSoundServer(inputs, outputs); err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	writeDevices(b, "inputs (microphones)", inputs)
	writeDevices(b, "outputs (speakers)", outputs)
	if err := b.Flush(); err != nil {
		return err
	}
	if len(inputs) == 0 {
		return fmt.Errorf("no microphone found: the sound system lists no input device")
	}
	return nil
}

// noSoundServer is the error when the lists are what ALSA offers on a
// machine with no sound card and no sound server: its plugins (null, jack,
// pulse, ...), none of them a default device, none of them able to record.
// `parley devices` and `parley doctor` both say it, so they agree.
func noSoundServer(inputs, outputs []audio.Device) error {
	if !hasDefault(inputs) && !hasDefault(outputs) {
		return errors.New("no sound server found: the audio system lists no default device (is PulseAudio or PipeWire running? is there a sound card?)")
	}
	return nil
}

// hasDefault reports whether a list marks a system default device.
func hasDefault(list []audio.Device) bool {
	for _, d := range list {
		if d.IsDefault {
			return true
		}
	}
	return false
}

// writeDevices prints one section. Names come from the system and may hold
// anything, so they are sanitized.
func writeDevices(w io.Writer, title string, list []audio.Device) {
	fmt.Fprintf(w, "%s:\n", title)
	if len(list) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	for _, d := range list {
		mark := " "
		if d.IsDefault {
			mark = "*"
		}
		fmt.Fprintf(w, "  %s %s", mark, sanitize.String(d.Name))
		if d.ID != "" && d.ID != d.Name && strings.Trim(d.ID, "0") != "" {
			fmt.Fprintf(w, "  [%s]", sanitize.String(d.ID))
		}
		if d.IsDefault {
			fmt.Fprint(w, "  (default)")
		}
		fmt.Fprintln(w)
	}
}
