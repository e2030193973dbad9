//go:build cgo

package audio

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoMicrophone runs the recorder with the platform's default backends
// in a child process that can reach no sound server (PULSE_SERVER points at
// a socket that does not exist, no /dev/snd in a container), and checks the
// child's real file descriptor 2: C libraries write there directly, so
// swapping os.Stderr in-process would not see them.
func TestNoMicrophone(t *testing.T) {
	if os.Getenv("PARLEY_AUDIO_NOMIC_CHILD") == "1" {
		noMicrophoneChild(t)
		return
	}
	if _, err := os.Stat("/dev/snd"); err == nil {
		t.Skip("this machine has ALSA sound cards (/dev/snd): a microphone may really exist")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoMicrophone$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(),
		"PARLEY_AUDIO_NOMIC_CHILD=1",
		"PULSE_SERVER=unix:"+dir+"/no-such-socket",
		"XDG_RUNTIME_DIR="+dir,
		"XDG_CONFIG_HOME="+dir,
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		t.Fatalf("child failed: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "error: no microphone found: ") {
		t.Errorf("child did not report the error:\n%s", stdout.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("audio libraries wrote to fd 2:\n%s", stderr.String())
	}
}

func noMicrophoneChild(t *testing.T) {
	r := NewRecorder(Options{})
	err := r.Start(context.Background())
	if err == nil {
		r.Discard()
		t.Fatal("Start succeeded with no sound server")
	}
	var nm *ErrNoMicrophone
	if !errors.As(err, &nm) {
		t.Fatalf("err = %T %v, want *ErrNoMicrophone", err, err)
	}
	if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "no microphone found: ") {
		t.Errorf("err = %q, want one line starting with %q", err, "no microphone found: ")
	}
	t.Logf("error: %v", err)
	// The recorder stays usable: a second attempt fails the same way.
	if err2 := r.Start(context.Background()); !errors.As(err2, &nm) {
		t.Errorf("second Start = %v", err2)
	}
}
