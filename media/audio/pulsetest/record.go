package pulsetest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// wavHeader is the size of the header parec writes before the samples.
const wavHeader = 44

// Recording is parec capturing the speaker's monitor into a WAV file.
type Recording struct {
	path     string
	rate     int
	channels int
	cmd      *exec.Cmd
	out      bytes.Buffer
	exited   chan struct{}
	stopped  bool
}

// RecordOptions shape a recording.
type RecordOptions struct {
	Rate     int // samples a second
	Channels int
	// Latency, when set, is asked of the server (parec --latency-msec). A
	// low one keeps the sink out of its idle 2 s blocks, in which a sound
	// shorter than a block is never delivered to the monitor (measured: a
	// 1 s tone recorded as silence, a 3 s one whole); it also makes the
	// sink ask its players for data as often, which a player must keep up
	// with.
	Latency time.Duration
}

// Record starts recording the speaker's monitor (SpeakerMonitor) as 16-bit
// WAV, and returns when a sound played
// next is heard whole (see WaitRecording). Stop it with Stop; t.Cleanup
// kills it if the test did not.
func (s *Server) Record(t testing.TB, opt RecordOptions) *Recording {
	t.Helper()
	r := &Recording{path: filepath.Join(s.dir, fmt.Sprintf("rec-%d.wav", time.Now().UnixNano())),
		rate: opt.Rate, channels: opt.Channels, exited: make(chan struct{})}
	before := s.SourceOutputs(t)
	args := []string{"--device=" + s.SpeakerMonitor(), "--file-format=wav", "--format=s16le",
		"--rate=" + strconv.Itoa(opt.Rate), "--channels=" + strconv.Itoa(opt.Channels)}
	if opt.Latency > 0 {
		args = append(args, "--latency-msec="+strconv.FormatInt(opt.Latency.Milliseconds(), 10))
	}
	r.cmd = exec.Command("parec", append(args, r.path)...)
	r.cmd.Env = s.Env()
	r.cmd.Stdout, r.cmd.Stderr = &r.out, &r.out
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("parec: %v", err)
	}
	go func() { _ = r.cmd.Wait(); close(r.exited) }()
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		<-r.exited
	})
	s.WaitRecording(t, before+1)
	return r
}

// Len is how much audio the recording holds so far.
func (r *Recording) Len() time.Duration {
	fi, err := os.Stat(r.path)
	if err != nil || fi.Size() <= wavHeader {
		return 0
	}
	frames := (fi.Size() - wavHeader) / int64(2*r.channels)
	return time.Duration(frames) * time.Second / time.Duration(r.rate)
}

// WaitFor waits until the recording holds at least d of audio. The monitor
// is clocked by the server, so this is the condition to wait on for a
// sound's tail, not a sleep. It fails after d plus a generous margin.
func (r *Recording) WaitFor(t testing.TB, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d + startTimeout)
	for r.Len() < d {
		select {
		case <-r.exited:
			t.Fatalf("parec ended after %v of %v: %s", r.Len(), d, r.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the recording reached only %v of %v", r.Len(), d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop ends the recording (SIGINT, so parec writes the WAV header's sizes)
// and returns the WAV file's bytes.
func (r *Recording) Stop(t testing.TB) []byte {
	t.Helper()
	if !r.stopped {
		r.stopped = true
		_ = r.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-r.exited:
		case <-time.After(startTimeout):
			_ = r.cmd.Process.Kill()
			<-r.exited
		}
	}
	data, err := os.ReadFile(r.path)
	if err != nil {
		t.Fatalf("reading the recording: %v", err)
	}
	return data
}
