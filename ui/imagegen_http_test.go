package ui

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/imagegen"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/dialog"
	"parley/ui/graphics"
)

// imagesServer speaks the streaming OpenAI Images API of PROVIDERS.md
// (POST /v1/images/generations with "stream":true): one
// image_generation.partial_image event per partial, then
// image_generation.completed. Before every event but the first it waits
// for a token on step, so the test sees each stage on screen.
type imagesServer struct {
	srv      *httptest.Server
	partials [][]byte
	final    []byte
	step     chan struct{}

	mu     sync.Mutex
	bodies []map[string]any
	auth   []string
}

func newImagesServer(t *testing.T, final []byte, partials ...[]byte) *imagesServer {
	s := &imagesServer{partials: partials, final: final, step: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
	return s
}

func (s *imagesServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/images/generations" {
		http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.bodies = append(s.bodies, body)
	s.auth = append(s.auth, r.Header.Get("Authorization"))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	event := func(i int, name, data string) bool {
		if i > 0 {
			select {
			case <-s.step:
			case <-r.Context().Done():
				return false
			}
		}
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
		w.(http.Flusher).Flush()
		return true
	}
	for i, p := range s.partials {
		data := fmt.Sprintf(`{"type":"image_generation.partial_image","b64_json":%q,"background":"opaque","created_at":1735000000,"output_format":"png","partial_image_index":%d,"quality":"medium","size":"1024x1024"}`,
			base64.StdEncoding.EncodeToString(p), i)
		if !event(i, "image_generation.partial_image", data) {
			return
		}
	}
	event(len(s.partials), "image_generation.completed", fmt.Sprintf(`{"type":"image_generation.completed","b64_json":%q,"background":"opaque","created_at":1735000001,"output_format":"png","quality":"medium","size":"1024x1024","usage":{"input_tokens":50,"input_tokens_details":{"image_tokens":0,"text_tokens":50},"output_tokens":4160,"total_tokens":4210}}`,
		base64.StdEncoding.EncodeToString(s.final)))
}

// TestImageCommandRealGeneratorOverHTTP: /image with the real OpenAI image
// generator (providers/imagegen) against the wire format. Each stage
// replaces the previous one in the same block, in order; the final image
// is stored bit-exact and `s` on it saves a byte-identical file.
func TestImageCommandRealGeneratorOverHTTP(t *testing.T) {
	p1, p2, final := providertest.SolidPNG(t, 24, 24, red), providertest.SolidPNG(t, 24, 24, green), providertest.SolidPNG(t, 24, 24, blue)
	srv := newImagesServer(t, final, p1, p2)
	gen, err := imagegen.New(providers.Settings{Name: "openai", Type: "openai", BaseURL: srv.srv.URL + "/v1",
		APIKey: "sk-test-ui-images", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	m := newTestModel(t, &providertest.Provider{}, Options{Store: st, ImageProtocol: graphics.Blocks,
		Images: func() (*session.ImageBackend, error) {
			return &session.ImageBackend{Generator: gen, Provider: "openai", Model: "gpt-image-1", Partials: 2}, nil
		}})
	d := newGenDriver(t, m)
	d.typeText("/image a square in three colours")
	d.press(tea.KeyEnter)
	reply := lastEntry(t, m)

	line := -1
	for i, stage := range [][]byte{p1, p2, final} {
		if i > 0 {
			srv.step <- struct{}{}
		}
		d.until(fmt.Sprintf("stage %d", i+1), func() bool {
			b := imageBlocks(m, reply)
			return len(b) == 1 && b[0].Img.Blob == shaOf(stage) && m.img.Drawable(b[0])
		})
		b := imageBlocks(m, reply)[0]
		if line >= 0 && b.Line != line {
			t.Errorf("stage %d at line %d, want in place at %d", i+1, b.Line, line)
		}
		line = b.Line
		if partial := i < 2; b.Img.Partial != partial {
			t.Errorf("stage %d partial=%v", i+1, b.Img.Partial)
		}
		if v := plainView(m); !strings.Contains(v, "▀") {
			t.Errorf("stage %d not drawn:\n%s", i+1, v)
		}
	}
	d.until("the reply to end", func() bool { return !m.chat.Busy() })
	if v := plainView(m); !strings.Contains(v, "generated image · 24×24 · openai/gpt-image-1") || strings.Contains(v, "generating") {
		t.Errorf("final caption missing:\n%s", v)
	}
	srv.mu.Lock()
	body, auth := srv.bodies, srv.auth
	srv.mu.Unlock()
	if len(body) != 1 || body[0]["prompt"] != "a square in three colours" || body[0]["model"] != "gpt-image-1" ||
		body[0]["stream"] != true || auth[0] != "Bearer sk-test-ui-images" {
		t.Fatalf("requests %v (auth %q)", body, auth)
	}
	if n, _ := body[0]["partial_images"].(float64); n != 2 {
		t.Errorf("partial_images = %v, want the 2 configured", body[0]["partial_images"])
	}
	if data, err := st.Blob(shaOf(final)); err != nil || !bytes.Equal(data, final) {
		t.Fatalf("the final image is not stored bit-exact: %v", err)
	}

	// Select it and save it.
	d.press(tea.KeyTab)
	if sel, ok := m.chat.SelectedImage(); !ok || sel.Blob != shaOf(final) {
		t.Fatalf("tab selected %+v", sel)
	}
	d.typeText("s")
	if _, ok := m.dialogs.Top().(*dialog.Save); !ok {
		t.Fatalf("no save dialog:\n%s", plainView(m))
	}
	path := filepath.Join(t.TempDir(), "square.png")
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.typeText(path)
	d.press(tea.KeyEnter)
	d.until("the save", func() bool { return m.dialogs.Top() == nil })
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, final) {
		t.Fatalf("saved file is not the final image byte for byte (%v)", err)
	}
	m.chat.Wait(5 * time.Second)
}
