// Package speechtest runs fake speech servers that speak the real wire
// formats, for tests of the speech backends and of everything that uses
// them: OpenAI's POST /audio/speech answered with chunked raw PCM, and
// Gemini's streamGenerateContent answered with SSE events carrying
// audio/L16 inlineData parts. The audio for a text is deterministic
// (PCMFor), so a test can check what was played against what was sent.
package speechtest

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Rate is the rate of the fake audio: what both real services send.
const Rate = 24000

// Request is one speech request as the fake received it.
type Request struct {
	Path   string
	Header http.Header
	// Text is what was to be spoken (OpenAI "input"; Gemini's text part).
	Text string
	// Model, Voice, Format, Instructions and Speed as sent (Gemini: model
	// from the path, voice from speechConfig; the rest empty).
	Model, Voice, Format, Instructions string
	Speed                              float64
	Modalities                         []string // Gemini responseModalities
	Body                               []byte
}

// Server is a fake speech service. Fail, when set, may answer request n
// (1-based) itself: it returns true when it did.
type Server struct {
	*httptest.Server
	// Chunk is how many bytes of audio go in each chunk or part (default 4800: 100 ms).
	Chunk int
	Fail  func(w http.ResponseWriter, n int, req Request) bool

	mu   sync.Mutex
	reqs []Request
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Texts returns the text of each request, in order.
func (s *Server) Texts() []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.Text)
	}
	return out
}

func (s *Server) record(r Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r)
	return len(s.reqs)
}

func newServer(t testing.TB, handle func(s *Server, w http.ResponseWriter, r *http.Request)) *Server {
	t.Helper()
	s := &Server{Chunk: 4800}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handle(s, w, r) }))
	t.Cleanup(func() {
		s.CloseClientConnections()
		s.Close()
	})
	return s
}

// NewOpenAI starts an OpenAI-shaped speech server: POST /v1/audio/speech
// with {"model","input","voice","response_format","instructions","speed"},
// answered with the audio of PCMFor(input) as chunked raw PCM
// (response_format "pcm") or a streamed WAV ("wav", sizes left at
// 0xFFFFFFFF as streaming servers do). Its base URL is URL + "/v1".
func NewOpenAI(t testing.TB) *Server {
	return newServer(t, func(s *Server, w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in struct {
			Model, Input, Voice, Instructions string
			Format                            string  `json:"response_format"`
			Speed                             float64 `json:"speed"`
		}
		_ = json.Unmarshal(body, &in)
		req := Request{Path: r.URL.Path, Header: r.Header.Clone(), Text: in.Input, Model: in.Model, Voice: in.Voice,
			Format: in.Format, Instructions: in.Instructions, Speed: in.Speed, Body: body}
		n := s.record(req)
		if s.Fail != nil && s.Fail(w, n, req) {
			return
		}
		if r.Method != http.MethodPost || r.URL.Path != "/v1/audio/speech" {
			http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
			return
		}
		pcm := Bytes(PCMFor(in.Input))
		if in.Format == "wav" {
			w.Header().Set("Content-Type", "audio/wav")
			pcm = append(wavHeader(), pcm...)
		} else {
			w.Header().Set("Content-Type", "audio/pcm")
		}
		s.stream(w, pcm)
	})
}

// stream writes b in chunks, flushing each: chunked transfer encoding.
func (s *Server) stream(w http.ResponseWriter, b []byte) {
	f, _ := w.(http.Flusher)
	for len(b) > 0 {
		n := min(s.Chunk, len(b))
		if _, err := w.Write(b[:n]); err != nil {
			return
		}
		if f != nil {
			f.Flush()
		}
		b = b[n:]
	}
}

// NewGemini starts a Gemini-shaped server: POST
// /v1beta/models/{model}:streamGenerateContent?alt=sse answered with one
// SSE event per chunk of PCMFor(text), each an inlineData part of type
// audio/L16;codec=pcm;rate=24000, the last with finishReason STOP.
func NewGemini(t testing.TB) *Server {
	return newServer(t, func(s *Server, w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req := geminiRequest(r, body)
		n := s.record(req)
		if s.Fail != nil && s.Fail(w, n, req) {
			return
		}
		if !strings.HasSuffix(r.URL.Path, ":streamGenerateContent") {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":{"code":404,"message":"not found","status":"NOT_FOUND"}}`)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		pcm := Bytes(PCMFor(req.Text))
		f, _ := w.(http.Flusher)
		for len(pcm) > 0 {
			n := min(s.Chunk, len(pcm))
			finish := ""
			if n == len(pcm) {
				finish = `,"finishReason":"STOP"`
			}
			fmt.Fprintf(w, "data: {\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"audio/L16;codec=pcm;rate=24000\",\"data\":%q}}],\"role\":\"model\"},\"index\":0%s}]}\n\n",
				base64.StdEncoding.EncodeToString(pcm[:n]), finish)
			if f != nil {
				f.Flush()
			}
			pcm = pcm[n:]
		}
	})
}

// geminiRequest reads what a generateContent request asks.
func geminiRequest(r *http.Request, body []byte) Request {
	var in struct {
		Contents []struct {
			Parts []struct{ Text string }
		}
		GenerationConfig struct {
			ResponseModalities []string
			SpeechConfig       struct {
				VoiceConfig struct {
					PrebuiltVoiceConfig struct{ VoiceName string }
				}
			}
		}
	}
	_ = json.Unmarshal(body, &in)
	var text strings.Builder
	for _, c := range in.Contents {
		for _, p := range c.Parts {
			text.WriteString(p.Text)
		}
	}
	model := strings.TrimPrefix(r.URL.Path, "/v1beta/models/")
	model, _, _ = strings.Cut(model, ":")
	return Request{Path: r.URL.Path, Header: r.Header.Clone(), Text: text.String(), Model: model,
		Voice:      in.GenerationConfig.SpeechConfig.VoiceConfig.PrebuiltVoiceConfig.VoiceName,
		Modalities: in.GenerationConfig.ResponseModalities, Body: body}
}

// PCMFor is the fake audio for text: band-limited noise seeded by the
// text, 15 ms per byte (at least 200 ms), so each sentence sounds (and
// correlates) unlike any other.
func PCMFor(text string) []int16 {
	h := fnv.New64a()
	h.Write([]byte(text))
	rng := rand.New(rand.NewPCG(h.Sum64(), 7))
	n := max(len(text)*Rate*15/1000, Rate/5)
	out := make([]int16, n)
	var a, b float64
	for i := range out {
		x := rng.Float64()*2 - 1
		a += 0.5 * (x - a) // a gentle low-pass: noise, but not harsh
		b += 0.5 * (a - b)
		out[i] = int16(b * 12000)
	}
	return out
}

// Bytes encodes samples as little-endian bytes.
func Bytes(pcm []int16) []byte {
	out := make([]byte, 2*len(pcm))
	for i, s := range pcm {
		binary.LittleEndian.PutUint16(out[2*i:], uint16(s))
	}
	return out
}

// wavHeader is a streaming WAV header (sizes unknown) for Rate mono s16.
func wavHeader() []byte {
	h := make([]byte, 44)
	le := binary.LittleEndian
	copy(h, "RIFF")
	le.PutUint32(h[4:], 0xFFFFFFFF)
	copy(h[8:], "WAVEfmt ")
	le.PutUint32(h[16:], 16)
	le.PutUint16(h[20:], 1)
	le.PutUint16(h[22:], 1)
	le.PutUint32(h[24:], Rate)
	le.PutUint32(h[28:], Rate*2)
	le.PutUint16(h[32:], 2)
	le.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	le.PutUint32(h[40:], 0xFFFFFFFF)
	return h
}
