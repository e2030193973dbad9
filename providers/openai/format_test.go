package openai

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// wirePart is one element of a user message's content list on the wire.
type wirePart struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	ImageURL *struct {
		URL    string `json:"url"`
		Detail string `json:"detail"`
	} `json:"image_url"`
	InputAudio *struct {
		Data   string `json:"data"`
		Format string `json:"format"`
	} `json:"input_audio"`
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImageAndAudioPartsOnTheWire(t *testing.T) {
	pngData := testPNG(t)
	jpegData := []byte{0xff, 0xd8, 0xff, 0xe0, 'J', 'F', 'I', 'F', 0, 1, 2, 3}
	wav := append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), make([]byte, 32)...)
	mp3 := []byte("ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb")
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "a red dot") })
	req := providers.Request{Model: "gpt-4o-audio-preview", Messages: []providers.Message{{
		Role: providers.RoleUser,
		Parts: []providers.Part{
			providers.TextPart{Text: "What is in these?"},
			providers.ImagePart{MIME: "image/png", Data: pngData, Detail: "high"},
			providers.ImagePart{MIME: "image/jpeg", Data: jpegData},
			providers.AudioPart{MIME: "audio/wav", Data: wav},
			providers.AudioPart{MIME: "audio/mpeg", Data: mp3},
		},
	}}}
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req))
	if r.Err != nil || r.Text != "a red dot" {
		t.Fatalf("text %q, err %v", r.Text, r.Err)
	}

	var body struct {
		Messages []struct {
			Role    string     `json:"role"`
			Content []wirePart `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(f.request(0).Body, &body); err != nil {
		t.Fatalf("request body: %v", err)
	}
	if len(body.Messages) != 1 || len(body.Messages[0].Content) != 5 {
		t.Fatalf("messages = %+v, want one user message with 5 parts", body.Messages)
	}
	parts := body.Messages[0].Content
	if parts[0].Type != "text" || parts[0].Text != "What is in these?" {
		t.Errorf("part 0 = %+v", parts[0])
	}
	checkImage := func(i int, mime string, data []byte, detail string) {
		t.Helper()
		p := parts[i]
		if p.Type != "image_url" || p.ImageURL == nil {
			t.Fatalf("part %d = %+v, want image_url", i, p)
		}
		if want := "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data); p.ImageURL.URL != want {
			t.Errorf("part %d url = %.60q…, want %.60q…", i, p.ImageURL.URL, want)
		}
		if p.ImageURL.Detail != detail {
			t.Errorf("part %d detail = %q, want %q", i, p.ImageURL.Detail, detail)
		}
	}
	checkImage(1, "image/png", pngData, "high")
	checkImage(2, "image/jpeg", jpegData, "")
	// The PNG must arrive byte-exact: decode what the server got.
	raw, _ := base64.StdEncoding.DecodeString(parts[1].ImageURL.URL[len("data:image/png;base64,"):])
	if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() != 4 {
		t.Errorf("server could not decode the PNG it received: %v", err)
	}
	checkAudio := func(i int, format string, data []byte) {
		t.Helper()
		p := parts[i]
		if p.Type != "input_audio" || p.InputAudio == nil || p.InputAudio.Format != format ||
			p.InputAudio.Data != base64.StdEncoding.EncodeToString(data) {
			t.Errorf("part %d = %+v, want input_audio %s", i, p, format)
		}
	}
	checkAudio(3, "wav", wav)
	checkAudio(4, "mp3", mp3)
}

func TestBadPartsFailBeforeSending(t *testing.T) {
	cases := map[string]struct {
		part providers.Part
		want string
	}{
		"ogg audio":  {providers.AudioPart{MIME: "audio/ogg", Data: []byte("OggS")}, `message 1: input_audio takes wav or mp3, not "audio/ogg"`},
		"no mime":    {providers.ImagePart{Data: []byte{1}}, `message 1: image has no valid MIME type ("")`},
		"bad detail": {providers.ImagePart{MIME: "image/png", Data: []byte{1}, Detail: "ultra"}, `message 1: image detail "ultra": want low, high or auto`},
		"empty":      {providers.ImagePart{MIME: "image/png"}, "message 1: image is empty"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "x") })
			req := providers.Request{Model: "m", Messages: []providers.Message{{
				Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "hi"}, c.part},
			}}}
			r := providertest.Collect(t, f.provider(t).Stream(context.Background(), req))
			wantErr(t, r.Err, providers.ErrBadRequest, c.want)
			if f.count() != 0 {
				t.Errorf("a bad request was sent anyway")
			}
		})
	}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "x") })
	r := providertest.Collect(t, f.provider(t).Stream(context.Background(), providers.Request{}))
	wantErr(t, r.Err, providers.ErrBadRequest, "no model given")
}

func TestNoMaxTokensWhenUnset(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeReply(w, "x") })
	if r := providertest.Collect(t, f.provider(t).Stream(context.Background(), textRequest("q"))); r.Err != nil {
		t.Fatal(r.Err)
	}
	var body map[string]any
	if err := json.Unmarshal(f.request(0).Body, &body); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"max_completion_tokens", "max_tokens"} {
		if _, ok := body[k]; ok {
			t.Errorf("%s sent although MaxTokens is 0", k)
		}
	}
}
