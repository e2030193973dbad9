package session

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"parley/media/video"
	"parley/media/video/videotest"
	"parley/providers"
	"parley/providers/gemini"
	"parley/providers/openai"

	"parley/providers/providertest"
)

// attachClip makes a 3-second clip with a tone and attaches it.
func attachClip(t *testing.T, s *Store, d *DocTools) (Video, []byte) {
	t.Helper()
	data, err := os.ReadFile(videotest.Clip(t, "clip.mp4", 3, true))
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Attach(context.Background(), data, "clip.mp4", d, AttachOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p.(Video), data
}

func TestAttachVideo(t *testing.T) {
	s, d := openTest(t), docTools(t)
	v, data := attachClip(t, s, d)
	if v.MIME != "video/mp4" || v.Width != 320 || v.Height != 240 || v.Bytes != int64(len(data)) ||
		v.Duration < 2900*time.Millisecond || v.AudioBlob == "" {
		t.Fatalf("video %+v", v)
	}
	wav, err := s.Blob(v.AudioBlob)
	if err != nil || !bytes.HasPrefix(wav, []byte("RIFF")) {
		t.Fatalf("audio track: %v", err)
	}
	// A video container with no video stream is refused, and nothing stored.
	s2 := openTest(t)
	snd, _ := os.ReadFile(videotest.AudioOnly(t))
	_, err = s2.Attach(context.Background(), snd, "sound.mp4", d, AttachOptions{})
	if !errors.Is(err, video.ErrNoVideoStream) || err.Error() != "sound.mp4: the file has no video stream" {
		t.Fatalf("audio-only: %v", err)
	}
	if n := count(t, s2, `SELECT COUNT(*) FROM blobs`); n != 0 {
		t.Fatalf("%d blobs kept", n)
	}
}

func TestVideoToGeminiInline(t *testing.T) {
	ws := newWireServer(t, geminiReply)
	p, err := gemini.New(providers.Settings{Name: "gemini", Type: "gemini", APIKey: "k", BaseURL: ws.URL})
	if err != nil {
		t.Fatal(err)
	}
	s, d := openTest(t), docTools(t)
	v, data := attachClip(t, s, d)
	caps := providers.LookupCaps("gemini", "gemini-2.5-flash")
	turn := &Turn{Store: s, Provider: p, Model: "gemini-2.5-flash", Caps: &caps, Docs: d}
	if plan := turn.Plan(v); plan.Mode != SendNative {
		t.Fatalf("plan %+v", plan)
	}
	body := runParts(t, ws, turn, []Part{Text{Text: "what happens?"}, v})
	parts := geminiParts(t, body)
	if len(parts) != 2 || parts[1].InlineData.MIMEType != "video/mp4" || !bytes.Equal(parts[1].InlineData.Data, data) {
		t.Fatalf("parts %.300s", body)
	}
}

func TestVideoToOpenAIAsKeyframesAndTranscript(t *testing.T) {
	ws := newWireServer(t, openAIReply)
	p, _ := openai.New(providers.Settings{Name: "openai", Type: "openai", APIKey: "sk", BaseURL: ws.URL + "/v1", MaxRetries: -1})
	s, d := openTest(t), docTools(t)
	v, _ := attachClip(t, s, d)
	tr := &providertest.Transcriber{Text: "a steady tone"}
	caps := providers.LookupCaps("openai", "gpt-4o")
	turn := &Turn{Store: s, Provider: p, Model: "gpt-4o", Caps: &caps, Docs: d, Transcriber: tr}
	if plan := turn.Plan(v); plan.Mode != SendFrames || plan.Images != 8 || plan.Audio != "transcript" {
		t.Fatalf("plan %+v", plan)
	}
	body := runParts(t, ws, turn, []Part{Text{Text: "what happens?"}, v})
	req := providertest.ParseChatRequest(t, body)
	var images, stamps int
	var texts []string
	for _, c := range req.Messages[0].Content {
		switch {
		case c.Type == "image_url":
			images++
		case strings.HasPrefix(c.Text, "[clip.mp4 at 0:"):
			stamps++
		}
		texts = append(texts, c.Text)
	}
	if images != 8 || stamps != 8 {
		t.Fatalf("%d images, %d timestamps, want 8 each: %q", images, stamps, texts)
	}
	if texts[1] != "[clip.mp4: a 0:03.0 video shown as 8 keyframes, each after its time, then its audio track]" ||
		texts[2] != "[clip.mp4 at 0:00.2]" || texts[len(texts)-1] != AudioTrackPrefix+"a steady tone" {
		t.Fatalf("texts %q", texts)
	}
	if tr.Count() != 1 || tr.Last().MIME != "audio/wav" {
		t.Fatalf("transcriber: %d calls, %s", tr.Count(), tr.Last().MIME)
	}
	// The transcript is kept with the stored video, for the next turn.
	if u := storedUser(t, s); u.Parts[1].(Video).Transcript != "a steady tone" {
		t.Fatalf("stored %#v", u.Parts[1])
	}
}

func TestVideoWithoutFFmpegRefused(t *testing.T) {
	s, d := openTest(t), docTools(t)
	v, _ := attachClip(t, s, d)
	d.Video, d.VideoErr = nil, video.ErrNoFFmpeg
	caps := providers.LookupCaps("openai", "gpt-4o")
	turn := &Turn{Store: s, Model: "gpt-4o", Caps: &caps, Docs: d}
	err := turn.Prepare(context.Background(), nil, []Part{v})
	if err == nil || err.Error() != "gpt-4o cannot watch video, and sending it keyframes needs ffmpeg: "+video.InstallHint {
		t.Fatalf("got %v", err)
	}
	// Gemini needs no ffmpeg.
	g := providers.LookupCaps("gemini", "gemini-2.5-flash")
	turn.Caps, turn.Model = &g, "gemini-2.5-flash"
	if err := turn.Prepare(context.Background(), nil, []Part{v}); err != nil {
		t.Fatal(err)
	}
}
