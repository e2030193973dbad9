package transcript

import (
	"testing"

	"parley/session"
)

// TestStoppedPartialCaptions: each way a generation can stop has its word;
// a final image or a live stage keeps its usual caption.
func TestStoppedPartialCaptions(t *testing.T) {
	img := session.Image{Generated: true, Partial: true, Width: 64, Height: 32, GeneratedBy: "openai/gpt-image-1"}
	cases := []struct {
		status  session.Status
		partial bool
		want    string
	}{
		{session.StatusStreaming, true, "generating image… · 64×32 · openai/gpt-image-1"},
		{session.StatusCancelled, true, "cancelled · partial image · 64×32 · openai/gpt-image-1"},
		{session.StatusError, true, "failed · partial image · 64×32 · openai/gpt-image-1"},
		{session.StatusInterrupted, true, "interrupted · partial image · 64×32 · openai/gpt-image-1"},
		{session.StatusCancelled, false, "generated image · 64×32 · openai/gpt-image-1"},
		{session.StatusDone, false, "generated image · 64×32 · openai/gpt-image-1"},
	}
	for _, c := range cases {
		img.Partial = c.partial
		if got := ImageCaption(img, c.status, ""); got != "▣ "+c.want {
			t.Errorf("%s partial=%v: %q, want %q", c.status, c.partial, got, "▣ "+c.want)
		}
	}
}

// TestImageCaption: an attached image is named with its sizes, and a
// reason it is not drawn comes last.
func TestImageCaption(t *testing.T) {
	img := session.Image{Name: "ref.jpg", Width: 640, Height: 480, Bytes: 2048}
	if got := ImageCaption(img, session.StatusDone, ""); got != "▣ ref.jpg · 640×480 · 2 KB" {
		t.Errorf("caption %q", got)
	}
	if got := ImageCaption(session.Image{}, session.StatusDone, "blob missing"); got != "▣ image · blob missing" {
		t.Errorf("caption %q", got)
	}
}
