package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// mediaFake is one OpenAI-compatible server for the media tests: chat
// completions (answered by a fakeOpenAI, which records each request),
// transcriptions (multipart, recorded) and image generations (streaming
// partial images, or an error).
type mediaFake struct {
	chat *fakeOpenAI
	srv  *httptest.Server

	transcript string // what /v1/audio/transcriptions answers
	images     [][]byte
	// imageErr, when set, is the HTTP status and message /v1/images/generations fails with.
	imageStatus int
	imageErr    string

	mu          sync.Mutex
	transcribed []transcription
	imageReqs   []map[string]any
}

// transcription is one request the transcription endpoint received.
type transcription struct {
	model, filename string
	file            []byte
}

func newMediaFake(t *testing.T, reply ...string) *mediaFake {
	f := &mediaFake{chat: &fakeOpenAI{key: "test-key", reply: reply}}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/chat/completions", f.chat.serve)
	mux.HandleFunc("/v1/audio/transcriptions", f.transcribe)
	mux.HandleFunc("/v1/images/generations", f.generate)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the base URL to give --base-url.
func (f *mediaFake) URL() string { return f.srv.URL + "/v1" }

// transcribe speaks POST /v1/audio/transcriptions: multipart with file and
// model, answered with {"text": ...}.
func (f *mediaFake) transcribe(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	data, _ := io.ReadAll(file)
	f.mu.Lock()
	f.transcribed = append(f.transcribed, transcription{model: r.FormValue("model"), filename: hdr.Filename, file: data})
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"text":%q,"usage":{"type":"tokens","input_tokens":12,"output_tokens":8,"total_tokens":20}}`, f.transcript)
}

// generate speaks the streaming Images API of PROVIDERS.md: one
// image_generation.partial_image event per partial, then
// image_generation.completed with the final picture.
func (f *mediaFake) generate(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.imageReqs = append(f.imageReqs, body)
	f.mu.Unlock()
	if f.imageStatus != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.imageStatus)
		fmt.Fprintf(w, `{"error":{"message":%q,"type":"image_generation_user_error","param":null,"code":"moderation_blocked"}}`, f.imageErr)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	event := func(name, data string) {
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
		w.(http.Flusher).Flush()
	}
	last := len(f.images) - 1
	for i, img := range f.images[:last] {
		event("image_generation.partial_image", fmt.Sprintf(`{"type":"image_generation.partial_image","b64_json":%q,"background":"opaque","created_at":1735000000,"output_format":"png","partial_image_index":%d,"quality":"medium","size":"1024x1024"}`,
			base64.StdEncoding.EncodeToString(img), i))
	}
	event("image_generation.completed", fmt.Sprintf(`{"type":"image_generation.completed","b64_json":%q,"background":"opaque","created_at":1735000001,"output_format":"png","quality":"medium","size":"1024x1024","usage":{"input_tokens":50,"input_tokens_details":{"image_tokens":0,"text_tokens":50},"output_tokens":4160,"total_tokens":4210}}`,
		base64.StdEncoding.EncodeToString(f.images[last])))
}

// contentPart is one part of a chat message's content as the wire has it.
type contentPart struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	ImageURL struct {
		URL string `json:"url"`
	} `json:"image_url"`
	InputAudio struct {
		Data   string `json:"data"`
		Format string `json:"format"`
	} `json:"input_audio"`
}

// userParts returns the content parts of the last user message of chat
// request i.
func (f *mediaFake) userParts(t *testing.T, i int) []contentPart {
	t.Helper()
	return f.chat.userParts(t, i)
}

// chatRequests is how many chat requests the server got.
func (f *mediaFake) chatRequests() int { return f.chat.requestCount() }

// noisyPNG encodes a w×h PNG with varied pixels (a flat image would be
// too easy to fit).
func noisyPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(x*7 + y), G: uint8(y * 3), B: uint8(x ^ y), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// runDetached runs parley in a session of its own, with no controlling
// terminal (so /dev/tty cannot be opened), stdin empty and output captured.
func runDetached(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runParley(t, env, "", &syscall.SysProcAttr{Setsid: true}, args...)
}

// pngFile writes a w×h noisyPNG to dir/name and returns its path.
func pngFile(t *testing.T, dir, name string, w, h int) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, noisyPNG(t, w, h), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
