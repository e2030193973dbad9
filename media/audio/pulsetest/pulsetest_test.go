package pulsetest

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeTone writes a WAV of a 440 Hz tone at half scale, 16 kHz mono.
func writeTone(t *testing.T, seconds float64) string {
	t.Helper()
	n := int(seconds * 16000)
	b := make([]byte, 44+2*n)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+2*n))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], 16000)
	binary.LittleEndian.PutUint32(b[28:], 32000)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(2*n))
	for i := range n {
		v := int16(0.5 * 32767 * math.Sin(2*math.Pi*440*float64(i)/16000))
		binary.LittleEndian.PutUint16(b[44+2*i:], uint16(v))
	}
	path := filepath.Join(t.TempDir(), "tone.wav")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// peak is the largest sample of a 16-bit mono WAV parec wrote, 0..1.
func peak(wav []byte) float64 {
	if len(wav) <= wavHeader {
		return 0
	}
	var p float64
	for i := wavHeader; i+1 < len(wav); i += 2 {
		p = max(p, math.Abs(float64(int16(binary.LittleEndian.Uint16(wav[i:])))/32768))
	}
	return p
}

// record plays a one-second tone into the microphone while recording the
// speaker's monitor at a low latency (a sound this short is lost on an
// idle null sink otherwise) and returns the recording's peak.
func record(t *testing.T, s *Server) float64 {
	t.Helper()
	tone := writeTone(t, 1)
	rec := s.Record(t, RecordOptions{Rate: 16000, Channels: 1, Latency: 20 * time.Millisecond})
	if err := s.Play(tone); err != nil {
		t.Fatal(err)
	}
	rec.WaitFor(t, rec.Len()+time.Second)
	return peak(rec.Stop(t))
}

func TestMicrophoneHearsWhatIsPlayed(t *testing.T) {
	s := Start(t, Options{})
	if got := os.Getenv("XDG_RUNTIME_DIR"); got != s.runtime {
		t.Errorf("XDG_RUNTIME_DIR = %q, want the rig's %q", got, s.runtime)
	}
	// A child given Env() reaches this server, whose defaults are the rig's.
	cmd := exec.Command("pactl", "info")
	cmd.Env = s.Env()
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Default Source: "+MicSource) ||
		!strings.Contains(string(out), "Default Sink: "+MicSink) {
		t.Errorf("pactl info: %v\n%s", err, out)
	}
	if p := record(t, s); p < 0.3 {
		t.Errorf("without a speaker the monitor hears the tone at peak %.3f, want ≈0.5", p)
	}
}

func TestSpeakerDoesNotHearTheMicrophone(t *testing.T) {
	s := Start(t, Options{Speaker: true})
	if s.SpeakerMonitor() != "vspk.monitor" {
		t.Fatalf("SpeakerMonitor = %q", s.SpeakerMonitor())
	}
	if out := s.Pactl(t, "info"); !strings.Contains(out, "Default Sink: "+SpeakerBus) {
		t.Errorf("the speaker is not the default output:\n%s", out)
	}
	if p := record(t, s); p != 0 {
		t.Errorf("the speaker's monitor heard the microphone's sound (peak %.3f)", p)
	}
}

func TestCleanupStopsTheServer(t *testing.T) {
	var s *Server
	if !t.Run("inner", func(t *testing.T) { s = Start(t, Options{}) }) || s == nil {
		// Start skipped the inner test (no pulseaudio): there is no server to check.
		t.Skipf("no server was started (apt-get install %s)", Packages)
	}
	select {
	case <-s.exited:
	default:
		t.Fatal("the server still runs after its test ended")
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("the rig's folder %s is still there: %v", s.dir, err)
	}
}
