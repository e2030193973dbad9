// Package pulsetest is the project's sound rig for tests: a private
// PulseAudio server with a virtual microphone (and optionally a virtual
// speaker), so real capture and playback can be tested on a machine with no
// sound card and without touching the user's own sound server.
//
// The server has a null sink "vmic" whose monitor "vmic.monitor" is the
// default source: whatever is played into vmic is what a program recording
// from the default device hears. With Options.Speaker a second null sink
// "vspk" becomes the default output, so what a program plays no longer
// reaches the microphone; Record captures its monitor. Without it, vmic is
// also the default output (the echo case).
//
// Facts of the null sink the helpers account for: an idle null sink
// delivers audio in 2 s blocks, and a sound shorter than a block played
// then never reaches the monitor (RecordOptions.Latency keeps the sink out
// of that mode); a recorder that connects just before a
// sound can miss its start (WaitRecording); a recording stopped too soon
// loses the tail (wait for its length with Recording.WaitFor).
//
// Needs the Debian packages pulseaudio and pulseaudio-utils; Start skips the
// test naming them when they are missing.
package pulsetest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Packages names what to install for this rig.
const Packages = "pulseaudio pulseaudio-utils"

// Sink and source names of the virtual devices.
const (
	MicSink    = "vmic"         // play here to speak into the microphone
	MicSource  = "vmic.monitor" // the default source: the microphone
	SpeakerBus = "vspk"         // the default output with Options.Speaker
)

// startTimeout bounds how long the server may take to answer; generous for
// a loaded machine, and only reached when something is broken.
const startTimeout = 30 * time.Second

// Options choose the rig's devices.
type Options struct {
	// Speaker adds the virtual speaker "vspk" as the default output.
	Speaker bool
}

// Server is a running private PulseAudio server.
type Server struct {
	t       testing.TB
	dir     string
	runtime string
	config  string
	speaker bool
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the server process has been waited for
}

// Start runs a private PulseAudio server for the rest of the test, points
// this process's PulseAudio clients at it (t.Setenv, so the test must not
// be parallel), and stops it in t.Cleanup. It skips the test when
// PulseAudio is not installed and fails it when the server does not start.
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	for _, c := range []string{"pulseaudio", "pactl", "paplay", "parec"} {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("%s is not installed (apt-get install %s): skipping real audio test", c, Packages)
		}
	}
	dir, err := os.MkdirTemp("", "pulsetest-")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, dir: dir, runtime: filepath.Join(dir, "run"), config: filepath.Join(dir, "config"),
		speaker: opt.Speaker, exited: make(chan struct{})}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	for _, d := range []string{s.runtime, s.config} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	logPath := filepath.Join(dir, "pa.log")
	s.cmd = exec.Command("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
		"--log-target=file:"+logPath,
		"-L", "module-native-protocol-unix auth-anonymous=1",
		"-L", "module-null-sink sink_name="+MicSink+" sink_properties=device.description=VirtualMic")
	s.cmd.Env = s.Env()
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("pulseaudio: %v", err)
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(s.stop)
	if err := s.waitReady(); err != nil {
		log, _ := os.ReadFile(logPath)
		t.Fatalf("PulseAudio did not start: %v\n%s", err, log)
	}
	s.setup(t)
	for _, kv := range s.vars() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return s
}

// setup makes vmic.monitor the default source and picks the default sink.
func (s *Server) setup(t testing.TB) {
	t.Helper()
	s.Pactl(t, "set-default-source", MicSource)
	if s.speaker {
		s.Pactl(t, "load-module", "module-null-sink", "sink_name="+SpeakerBus,
			"sink_properties=device.description=VirtualSpeaker")
		s.Pactl(t, "set-default-sink", SpeakerBus)
	} else {
		s.Pactl(t, "set-default-sink", MicSink)
	}
}

// waitReady polls `pactl info` until the server answers or has exited.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	for {
		cmd := exec.Command("pactl", "info")
		cmd.Env = s.Env()
		out, err := cmd.CombinedOutput()
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("the server exited (%v)", s.cmd.ProcessState)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer within %v: %v: %s", startTimeout, err, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the server by its PID: TERM, then KILL if it lingers.
func (s *Server) stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// vars are the variables that send PulseAudio clients to this server.
// PULSE_SERVER is set too, so a value inherited from the user's session
// cannot send them elsewhere.
func (s *Server) vars() []string {
	return []string{
		"XDG_RUNTIME_DIR=" + s.runtime,
		"XDG_CONFIG_HOME=" + s.config,
		"PULSE_SERVER=unix:" + filepath.Join(s.runtime, "pulse", "native"),
	}
}

// Env returns this process's environment with the variables that point
// PulseAudio clients at this server, for child processes.
func (s *Server) Env() []string {
	env := os.Environ()
	out := env[:0:0]
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if k != "XDG_RUNTIME_DIR" && k != "XDG_CONFIG_HOME" && k != "PULSE_SERVER" {
			out = append(out, kv)
		}
	}
	return append(out, s.vars()...)
}

// SpeakerMonitor is the source that hears the default output: vspk.monitor
// with Options.Speaker, else the microphone's own monitor.
func (s *Server) SpeakerMonitor() string {
	if s.speaker {
		return SpeakerBus + ".monitor"
	}
	return MicSource
}

// Pactl runs pactl against this server and fails the test on error.
func (s *Server) Pactl(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command("pactl", args...)
	cmd.Env = s.Env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pactl %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Play plays the sound file at path into the microphone and returns when
// it has been played.
func (s *Server) Play(path string) error {
	return <-s.PlayAsync(path)
}

// PlayAsync starts playing path into the microphone and returns a channel
// that receives paplay's result. The test's cleanup waits for it.
func (s *Server) PlayAsync(path string) <-chan error {
	done := make(chan error, 1)
	var out bytes.Buffer
	cmd := exec.Command("paplay", "--device="+MicSink, path)
	cmd.Env = s.Env()
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		done <- fmt.Errorf("paplay: %w", err)
		return done
	}
	finished := make(chan struct{})
	go func() {
		err := cmd.Wait()
		if err != nil {
			err = fmt.Errorf("paplay %s: %w: %s", path, err, bytes.TrimSpace(out.Bytes()))
		}
		done <- err
		close(finished)
	}()
	s.t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-finished
	})
	return done
}

// SourceOutputs counts the recording streams connected to the server, so a
// test can wait until a recorder is really listening before it plays.
func (s *Server) SourceOutputs(t testing.TB) int {
	t.Helper()
	out := strings.TrimSpace(s.Pactl(t, "list", "short", "source-outputs"))
	if out == "" {
		return 0
	}
	return len(strings.Split(out, "\n"))
}

// settleTime is how long after a recording stream connects the null sink
// is ready to hear a sound whole.
const settleTime = 500 * time.Millisecond

// WaitRecording waits (bounded) until at least n recording streams are
// connected, then settleTime more: the null sink's recipe. Measured on this
// rig: playing at once can lose the sound's first ~25 ms, and waiting for
// the first captured data instead is worse (it comes as one 2 s block from
// the idle sink, and a sound played after it correlates 0.59–0.99 with its
// source instead of 0.999).
func (s *Server) WaitRecording(t testing.TB, n int) {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	for s.SourceOutputs(t) < n {
		if time.Now().After(deadline) {
			t.Fatalf("no %d recording stream(s) connected within %v", n, startTimeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(settleTime)
}
