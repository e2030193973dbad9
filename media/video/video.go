// Package video reads videos with the ffprobe and ffmpeg programs: the
// streams a file holds, frames at given times, and its audio track as a
// WAV voice note. Every run has a deadline (a hung ffmpeg is killed) and
// its output is bounded; nothing it prints reaches the terminal.
package video

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeout bounds one ffprobe or ffmpeg run when Tools.Timeout is 0.
const DefaultTimeout = 60 * time.Second

// maxOutput bounds what one run may write to its stdout (a frame or the
// audio track): 256 MB is ~2 hours of 16 kHz mono WAV.
const maxOutput = 256 << 20

// ErrNoFFmpeg matches (errors.Is) the error of Find when ffmpeg or ffprobe
// is not installed.
var ErrNoFFmpeg = errors.New("ffmpeg is not installed")

// ErrNoVideoStream matches a file that holds no video stream.
var ErrNoVideoStream = errors.New("the file has no video stream")

// InstallHint names the package to install, for refusals.
const InstallHint = "install the ffmpeg package (apt install ffmpeg, brew install ffmpeg, winget install ffmpeg)"

// Tools are the two programs.
type Tools struct {
	FFmpeg, FFprobe string
	// Timeout bounds each run; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Find looks both programs up on PATH. Its error matches ErrNoFFmpeg and
// says what to install.
func Find() (*Tools, error) {
	ff, err1 := exec.LookPath("ffmpeg")
	fp, err2 := exec.LookPath("ffprobe")
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("%w (ffmpeg and ffprobe are needed on PATH): %s", ErrNoFFmpeg, InstallHint)
	}
	return &Tools{FFmpeg: ff, FFprobe: fp}, nil
}

// Info is what ffprobe says of a file.
type Info struct {
	Duration      time.Duration
	Width, Height int    // of the first video stream
	Codec         string // of the first video stream ("h264")
	HasAudio      bool
}

// Probe reads path's streams. A file with no video stream fails with
// ErrNoVideoStream.
func (t *Tools) Probe(ctx context.Context, path string) (Info, error) {
	out, err := t.run(ctx, t.FFprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", path)
	if err != nil {
		return Info{}, err
	}
	var probe struct {
		Streams []struct {
			CodecType string `json:"codec_type"`
			CodecName string `json:"codec_name"`
			Width     int    `json:"width"`
			Height    int    `json:"height"`
			Duration  string `json:"duration"`
			// Disposition marks cover art, which is a "video" stream too.
			Disposition struct {
				AttachedPic int `json:"attached_pic"`
			} `json:"disposition"`
		} `json:"streams"`
		Format struct {
			Duration string `json:"duration"`
		} `json:"format"`
	}
	if err := json.Unmarshal(out, &probe); err != nil {
		return Info{}, fmt.Errorf("ffprobe gave output parley cannot read: %w", err)
	}
	var info Info
	found := false
	for _, s := range probe.Streams {
		switch {
		case s.CodecType == "video" && s.Disposition.AttachedPic == 0 && !found:
			found = true
			info.Width, info.Height, info.Codec = s.Width, s.Height, s.CodecName
			info.Duration = seconds(s.Duration)
		case s.CodecType == "audio":
			info.HasAudio = true
		}
	}
	if !found {
		return Info{}, ErrNoVideoStream
	}
	if d := seconds(probe.Format.Duration); d > 0 {
		info.Duration = d
	}
	return info, nil
}

// seconds parses ffprobe's "3.000000".
func seconds(s string) time.Duration {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}

// Timestamps are n times spread evenly over d, each in the middle of its
// slice (a first frame is often black, a last one a fade).
func Timestamps(d time.Duration, n int) []time.Duration {
	if n <= 0 || d <= 0 {
		return nil
	}
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d * time.Duration(2*i+1) / time.Duration(2*n)
	}
	return out
}

// Frame is one picture of a video, PNG encoded.
type Frame struct {
	At  time.Duration
	PNG []byte
}

// Frames grabs one frame at each time, no larger than maxEdge on its long
// side (0 keeps the video's size).
func (t *Tools) Frames(ctx context.Context, path string, at []time.Duration, maxEdge int) ([]Frame, error) {
	vf := "null"
	if maxEdge > 0 {
		vf = fmt.Sprintf("scale='min(%d,iw)':'min(%d,ih)':force_original_aspect_ratio=decrease", maxEdge, maxEdge)
	}
	frames := make([]Frame, 0, len(at))
	for _, ts := range at {
		out, err := t.run(ctx, t.FFmpeg, "-v", "error", "-nostdin", "-ss", fmt.Sprintf("%.3f", ts.Seconds()),
			"-i", path, "-frames:v", "1", "-vf", vf, "-f", "image2pipe", "-c:v", "png", "-")
		if err != nil {
			return nil, err
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("ffmpeg gave no frame at %s", Clock(ts))
		}
		frames = append(frames, Frame{At: ts, PNG: out})
	}
	return frames, nil
}

// AudioWAV extracts the first audio track as 16 kHz mono 16-bit WAV, the
// format of parley's voice notes.
func (t *Tools) AudioWAV(ctx context.Context, path string) ([]byte, error) {
	return t.run(ctx, t.FFmpeg, "-v", "error", "-nostdin", "-i", path, "-vn", "-map", "0:a:0",
		"-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav", "-")
}

// run executes prog with a deadline, returning its stdout; a failure
// carries the last line ffmpeg wrote to stderr.
func (t *Tools) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	// A child that keeps the pipes open after the kill must not keep us.
	cmd.WaitDelay = 2 * time.Second
	var stdout limitedBuffer
	var stderr bytes.Buffer
	stdout.limit = maxOutput
	cmd.Stdout, cmd.Stderr = &stdout, &tail{buf: &stderr}
	err := cmd.Run()
	name := baseName(prog)
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return nil, fmt.Errorf("%s did not finish within %s and was stopped", name, timeout)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%s: %w", name, ctx.Err())
	case stdout.over:
		return nil, fmt.Errorf("%s wrote more than %d MB", name, maxOutput>>20)
	case err != nil:
		return nil, fmt.Errorf("%s failed: %s", name, lastLine(stderr.String(), err))
	}
	return stdout.Bytes(), nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// lastLine is the last non-empty line of ffmpeg's stderr, else err.
func lastLine(s string, err error) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if l := strings.TrimSpace(lines[len(lines)-1]); l != "" {
		return l
	}
	return err.Error()
}

// Clock formats a time in a video: "0:07.5", "1:02:03".
func Clock(d time.Duration) string {
	d = d.Round(100 * time.Millisecond)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	s := float64(d%time.Minute) / float64(time.Second)
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%04.1f", h, m, s)
	}
	return fmt.Sprintf("%d:%04.1f", m, s)
}

// limitedBuffer stops keeping output past limit.
type limitedBuffer struct {
	bytes.Buffer
	limit int
	over  bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.limit {
		b.over = true
		return 0, errors.New("output too large")
	}
	return b.Buffer.Write(p)
}

// tail keeps the last 4 KB written.
type tail struct{ buf *bytes.Buffer }

func (t *tail) Write(p []byte) (int, error) {
	t.buf.Write(p)
	if t.buf.Len() > 4096 {
		rest := t.buf.Bytes()[t.buf.Len()-4096:]
		t.buf.Reset()
		t.buf.Write(rest)
	}
	return len(p), nil
}
