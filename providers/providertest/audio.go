package providertest

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// ToneRate is ToneWAV's sample rate: 16 kHz mono s16, what parley's
// recorder produces.
const ToneRate = 16000

// ToneWAV is ms milliseconds of a 440 Hz tone fading in from silence, as a
// 16 kHz mono 16-bit PCM WAV file. The header is written here, not by
// media/audio, so a test of parley's WAV handling has an independent file.
func ToneWAV(ms int) []byte {
	n := ToneRate * ms / 1000
	var buf bytes.Buffer
	buf.Grow(44 + 2*n)
	le := binary.LittleEndian
	buf.WriteString("RIFF")
	binary.Write(&buf, le, uint32(36+2*n))
	buf.WriteString("WAVEfmt ")
	// fmt chunk: size, PCM, mono, rate, byte rate, block align, bits.
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(ToneRate), uint32(2 * ToneRate), uint16(2), uint16(16)} {
		binary.Write(&buf, le, v)
	}
	buf.WriteString("data")
	binary.Write(&buf, le, uint32(2*n))
	for i := range n {
		amp := float64(i) / float64(n)
		binary.Write(&buf, le, int16(amp*20000*math.Sin(2*math.Pi*440*float64(i)/ToneRate)))
	}
	return buf.Bytes()
}

// WAVInfo is what a WAV file's header says.
type WAVInfo struct {
	// Format is the fmt chunk's format tag (1 = PCM).
	Format int
	// Channels, Rate and Bits describe the samples.
	Channels, Rate, Bits int
	// DataBytes is the size of the data chunk.
	DataBytes int
}

// ParseWAV walks a RIFF/WAVE file's chunks and returns its fmt and the
// size of its data chunk, failing the test on anything malformed.
func ParseWAV(t testing.TB, b []byte) WAVInfo {
	t.Helper()
	le := binary.LittleEndian
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatalf("not a RIFF/WAVE file: % x", b[:min(len(b), 12)])
	}
	if got := int(le.Uint32(b[4:8])); got != len(b)-8 {
		t.Errorf("RIFF size %d, file is %d bytes", got, len(b))
	}
	var w WAVInfo
	seenFmt := false
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(le.Uint32(b[p+4:p+8]))
		body := b[p+8 : min(len(b), p+8+size)]
		switch id {
		case "fmt ":
			if len(body) < 16 {
				t.Fatalf("fmt chunk of %d bytes", len(body))
			}
			w.Format, w.Channels = int(le.Uint16(body[0:2])), int(le.Uint16(body[2:4]))
			w.Rate, w.Bits = int(le.Uint32(body[4:8])), int(le.Uint16(body[14:16]))
			seenFmt = true
		case "data":
			if len(body) != size {
				t.Fatalf("data chunk claims %d bytes, has %d", size, len(body))
			}
			w.DataBytes = size
		}
		p += 8 + size + size%2
	}
	if !seenFmt {
		t.Fatal("WAV without a fmt chunk")
	}
	return w
}
