package transcribe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

const testKey = "sk-test-transcribe-0123456789abcdef"

// upload is what the fake server parsed out of one multipart request.
type upload struct {
	Path, Auth       string
	File             []byte
	FileName, FileCT string
	Fields           map[string]string
}

type fake struct {
	srv     *providertest.Server
	mu      sync.Mutex
	uploads []upload
}

// newFake serves POST /v1/audio/transcriptions: it parses the multipart
// body as a real server would, records it, then answers with reply.
func newFake(t *testing.T, reply func(w http.ResponseWriter, r *http.Request, u upload)) *fake {
	t.Helper()
	f := &fake{}
	f.srv = providertest.NewServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		u := upload{Path: r.URL.Path, Auth: r.Header.Get("Authorization"), Fields: map[string]string{}}
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil {
			t.Errorf("content type %q: %v", r.Header.Get("Content-Type"), err)
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				if err != io.EOF {
					t.Errorf("multipart: %v", err)
				}
				break
			}
			b, _ := io.ReadAll(p)
			if p.FormName() == "file" {
				u.File, u.FileName, u.FileCT = b, p.FileName(), p.Header.Get("Content-Type")
			} else {
				u.Fields[p.FormName()] = string(b)
			}
		}
		f.mu.Lock()
		f.uploads = append(f.uploads, u)
		f.mu.Unlock()
		reply(w, r, u)
	})
	return f
}

func (f *fake) got() []upload {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]upload(nil), f.uploads...)
}

func newT(t *testing.T, f *fake, model string) Transcriber {
	t.Helper()
	tr, err := New(providers.Settings{Name: "openai", Type: "openai", BaseURL: f.srv.URL + "/v1", APIKey: testKey,
		KeySource: "OPENAI_API_KEY", MaxRetries: -1}, model)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestTranscribeSendsTheWAV(t *testing.T) {
	wav := providertest.ToneWAV(750)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, u upload) {
		providertest.WriteJSON(w, 200, `{"text":"  What is the capital of France?\n","usage":{"type":"duration","seconds":1}}`)
	})
	text, err := newT(t, f, "whisper-large-v3").Transcribe(context.Background(), wav, "audio/wav")
	if err != nil {
		t.Fatal(err)
	}
	if text != "What is the capital of France?" {
		t.Errorf("text = %q", text)
	}
	ups := f.got()
	if len(ups) != 1 {
		t.Fatalf("%d uploads", len(ups))
	}
	u := ups[0]
	if u.Path != "/v1/audio/transcriptions" || u.Auth != "Bearer "+testKey {
		t.Errorf("path %q auth %q", u.Path, u.Auth)
	}
	if !bytes.Equal(u.File, wav) {
		t.Errorf("file field carries %d bytes, not the %d WAV bytes sent", len(u.File), len(wav))
	}
	if !strings.HasSuffix(u.FileName, ".wav") || u.FileCT != "audio/wav" {
		t.Errorf("file name %q, type %q", u.FileName, u.FileCT)
	}
	if u.Fields["model"] != "whisper-large-v3" {
		t.Errorf("model field = %q", u.Fields["model"])
	}
}

func TestFileNameMatchesTheMIME(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, u upload) {
		providertest.WriteJSON(w, 200, `{"text":"ok"}`)
	})
	tr := newT(t, f, "")
	cases := map[string]string{"audio/mpeg": ".mp3", "audio/ogg; codecs=opus": ".ogg", "audio/flac": ".flac", "audio/x-wav": ".wav"}
	for mt, ext := range cases {
		if _, err := tr.Transcribe(context.Background(), []byte("not really audio"), mt); err != nil {
			t.Fatalf("%s: %v", mt, err)
		}
		u := f.got()[len(f.got())-1]
		if !strings.HasSuffix(u.FileName, ext) {
			t.Errorf("%s sent as %q, want *%s", mt, u.FileName, ext)
		}
		if u.Fields["model"] != DefaultModel {
			t.Errorf("default model = %q", u.Fields["model"])
		}
	}
}

func TestPlainTextReply(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, u upload) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "hello from whisper.cpp\n")
	})
	text, err := newT(t, f, "base.en").Transcribe(context.Background(), providertest.ToneWAV(100), "audio/wav")
	if err != nil || text != "hello from whisper.cpp" {
		t.Fatalf("text %q, err %v", text, err)
	}
}

func wantKind(t *testing.T, err error, k providers.ErrorKind) *providers.Error {
	t.Helper()
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Kind != k {
		t.Fatalf("error = %v (%T), want kind %v", err, err, k)
	}
	t.Logf("error line: %s", pe.Message)
	if strings.Contains(pe.Message, testKey) || strings.Contains(pe.Message, "\n") {
		t.Fatalf("bad message %q", pe.Message)
	}
	return pe
}

func TestTranscribeErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		kind   providers.ErrorKind
		want   string
	}{
		{"401", 401, `{"error":{"message":"Incorrect API key provided: ` + testKey + `","type":"invalid_request_error","code":"invalid_api_key"}}`, providers.ErrAuth, "OPENAI_API_KEY was rejected (401)"},
		{"413", 413, `{"error":{"message":"Maximum content size limit (26214400) exceeded","type":"invalid_request_error"}}`, providers.ErrBadRequest, "recording (7 KB) is too large"},
		{"400", 400, `{"error":{"message":"Audio file might be corrupted or unsupported","type":"invalid_request_error","param":"file","code":"invalid_value"}}`, providers.ErrBadRequest, "Audio file might be corrupted"},
		{"500", 500, `{"error":{"message":"The server had an error","type":"server_error"}}`, providers.ErrServer, "server error (500)"},
		{"empty", 200, `{"text":""}`, providers.ErrOther, "no speech"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, u upload) { providertest.WriteJSON(w, c.status, c.body) })
			_, err := newT(t, f, "whisper-1").Transcribe(context.Background(), providertest.ToneWAV(200), "audio/wav")
			pe := wantKind(t, err, c.kind)
			if !strings.Contains(pe.Message, c.want) {
				t.Errorf("message %q lacks %q", pe.Message, c.want)
			}
		})
	}
}

func TestTranscribeCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, u upload) {
		cancel() // the user gives up while the server works
		<-r.Context().Done()
	})
	_, err := newT(t, f, "whisper-1").Transcribe(ctx, providertest.ToneWAV(200), "audio/wav")
	wantKind(t, err, providers.ErrCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error does not wrap context.Canceled: %v", err)
	}
}

func TestTranscribeRefusesBadInputLocally(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, u upload) { t.Error("nothing should be sent") })
	tr := newT(t, f, "whisper-1")
	for _, c := range []struct {
		audio []byte
		mime  string
	}{{nil, "audio/wav"}, {[]byte("x"), "video/mp4"}, {[]byte("x"), ""}} {
		_, err := tr.Transcribe(context.Background(), c.audio, c.mime)
		wantKind(t, err, providers.ErrBadRequest)
	}
	if _, err := New(providers.Settings{BaseURL: "localhost:8080"}, ""); err == nil {
		t.Error("a base URL without scheme was accepted")
	}
}

func TestCannotReach(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	tr, err := New(providers.Settings{Name: "local", BaseURL: url + "/v1", MaxRetries: -1, ConnectTimeout: time.Second}, "whisper-1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tr.Transcribe(context.Background(), providertest.ToneWAV(50), "audio/wav")
	pe := wantKind(t, err, providers.ErrConnection)
	if !strings.Contains(pe.Message, fmt.Sprintf("cannot reach %s/v1", url)) {
		t.Errorf("message = %q", pe.Message)
	}
}
