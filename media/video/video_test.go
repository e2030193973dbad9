package video

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/media/video/videotest"
)

func tools(t *testing.T) *Tools {
	t.Helper()
	tl, err := Find()
	if err != nil {
		t.Skip("ffmpeg is not installed (apt-get install ffmpeg): skipping the video test")
	}
	return tl
}

func TestProbeFramesAudio(t *testing.T) {
	path := videotest.Clip(t, "clip.mp4", 3, true)
	tl := tools(t)
	ctx := context.Background()
	info, err := tl.Probe(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Width != 320 || info.Height != 240 || !info.HasAudio || info.Duration < 2900*time.Millisecond || info.Duration > 3200*time.Millisecond {
		t.Fatalf("info %+v", info)
	}
	at := Timestamps(info.Duration, 4)
	frames, err := tl.Frames(ctx, path, at, 160)
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 4 {
		t.Fatalf("%d frames", len(frames))
	}
	for _, f := range frames {
		img, err := png.Decode(bytes.NewReader(f.PNG))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 160 || b.Dy() != 120 {
			t.Fatalf("frame at %s is %v, want 160×120", Clock(f.At), b)
		}
	}
	wav, err := tl.AudioWAV(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// 3 s of 16 kHz mono s16 is 96000 bytes plus the header.
	if !bytes.HasPrefix(wav, []byte("RIFF")) || len(wav) < 90000 {
		t.Fatalf("audio track: %d bytes", len(wav))
	}
}

func TestNoVideoStream(t *testing.T) {
	path := videotest.AudioOnly(t)
	if _, err := tools(t).Probe(context.Background(), path); !errors.Is(err, ErrNoVideoStream) {
		t.Fatalf("got %v", err)
	}
}

func TestCorruptFile(t *testing.T) {
	tl := tools(t)
	path := filepath.Join(t.TempDir(), "bad.mp4")
	if err := os.WriteFile(path, []byte("\x00\x00\x00\x20ftypisom garbage garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := tl.Probe(context.Background(), path)
	if err == nil || !strings.HasPrefix(err.Error(), "ffprobe failed: ") {
		t.Fatalf("got %v", err)
	}
}

// A hung ffmpeg is killed at the timeout and says so.
func TestHungFFmpegTimesOut(t *testing.T) {
	dir := t.TempDir()
	hang := filepath.Join(dir, "ffmpeg")
	if err := os.WriteFile(hang, []byte("#!/bin/sh\nexec sleep 60\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	tl := &Tools{FFmpeg: hang, FFprobe: hang, Timeout: 300 * time.Millisecond}
	_, err := tl.AudioWAV(context.Background(), "x.mp4")
	if err == nil || err.Error() != "ffmpeg did not finish within 300ms and was stopped" {
		t.Fatalf("got %v", err)
	}
}

func TestFindWithoutFFmpeg(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Find()
	if !errors.Is(err, ErrNoFFmpeg) || !strings.Contains(err.Error(), "install the ffmpeg package") {
		t.Fatalf("got %v", err)
	}
}

func TestTimestampsAndClock(t *testing.T) {
	got := Timestamps(8*time.Second, 4)
	want := []time.Duration{time.Second, 3 * time.Second, 5 * time.Second, 7 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v", got)
		}
	}
	if Timestamps(0, 3) != nil || Timestamps(time.Second, 0) != nil {
		t.Fatal("empty cases")
	}
	if c := Clock(7500 * time.Millisecond); c != "0:07.5" {
		t.Fatal(c)
	}
	if c := Clock(time.Hour + 2*time.Minute + 3*time.Second); c != "1:02:03.0" {
		t.Fatal(c)
	}
}
