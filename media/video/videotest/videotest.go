// Package videotest makes short clips with ffmpeg for tests, and skips the
// test, naming ffmpeg, where it is not installed.
package videotest

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Clip writes a 320×240, 10 fps test pattern of the given length to a file
// named name in a temporary directory (the extension picks the container:
// .mp4, .webm, .mkv, .mov), with a 440 Hz tone when audio is set. It skips
// tb when ffmpeg is not on PATH.
func Clip(tb testing.TB, name string, seconds int, audio bool) string {
	tb.Helper()
	ff, err := exec.LookPath("ffmpeg")
	if err != nil {
		tb.Skip("ffmpeg is not installed (apt-get install ffmpeg): skipping the video test")
	}
	out := filepath.Join(tb.TempDir(), name)
	args := []string{"-v", "error", "-nostdin", "-f", "lavfi", "-i",
		fmt.Sprintf("testsrc=duration=%d:size=320x240:rate=10", seconds)}
	if audio {
		args = append(args, "-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:duration=%d", seconds))
	}
	if filepath.Ext(name) == ".webm" {
		args = append(args, "-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus")
	}
	args = append(args, "-shortest", out)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if b, err := exec.CommandContext(ctx, ff, args...).CombinedOutput(); err != nil {
		tb.Fatalf("ffmpeg making %s: %v\n%s", name, err, b)
	}
	return out
}

// AudioOnly writes an audio-only MP4 (a video container with no video
// stream), skipping like Clip.
func AudioOnly(tb testing.TB) string {
	tb.Helper()
	ff, err := exec.LookPath("ffmpeg")
	if err != nil {
		tb.Skip("ffmpeg is not installed (apt-get install ffmpeg): skipping the video test")
	}
	out := filepath.Join(tb.TempDir(), "sound.mp4")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, ff, "-v", "error", "-nostdin", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("ffmpeg: %v\n%s", err, b)
	}
	return out
}
