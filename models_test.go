package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModelsCommand runs `parley models` on the built binary: a local
// OpenAI-compatible server and an Ollama server answer, a third configured
// endpoint is down, and the built-ins without keys say what to set. The
// exit status follows whether anything is usable.
func TestModelsCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/models":
			io.WriteString(w, `{"object":"list","data":[{"id":"qwen3-vl","object":"model","created":1,"owned_by":"llamacpp"}]}`)
		case "/api/tags":
			io.WriteString(w, `{"models":[{"name":"gemma3:4b","model":"gemma3:4b","modified_at":"2025-01-01T00:00:00Z","size":1,"digest":"ab","details":{"family":"gemma3"}}]}`)
		case "/api/show":
			io.WriteString(w, `{"capabilities":["completion","vision"],"model_info":{"general.architecture":"gemma3","gemma3.context_length":131072}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String() + "/v1"
	l.Close()

	sb := newSandbox(t)
	cfgPath := filepath.Join(sb.home, "parley.toml")
	cfg := fmt.Sprintf("[providers.local]\nbase_url = %q\n[providers.down]\nbase_url = %q\n[models.\"local/qwen3-vl\"]\nimages = true\n",
		srv.URL+"/v1", down)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := sb.env("OLLAMA_HOST="+srv.URL, "PARLEY_CONFIG="+cfgPath)

	code, out, errOut := runPrint(t, env, "", "models")
	if code != 0 {
		t.Fatalf("exit %d with usable providers; stderr %s", code, errOut)
	}
	for _, want := range []string{
		"local: openai protocol, reachable at " + srv.URL + "/v1\n",
		"  qwen3-vl ", "png,jpeg",
		"down: openai protocol, cannot reach " + down + ": connection refused\n",
		"openai: no key: set OPENAI_API_KEY",
		"gemini: no key: set GEMINI_API_KEY or GOOGLE_API_KEY",
		"ollama: reachable at " + srv.URL + "\n",
		"  gemma3:4b ", "131k",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runPrint(t, env, "", "models", "--provider", "down")
	if code != 1 || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("only an unreachable provider: exit %d, want 1 and one line:\n%s", code, out)
	}
	code, _, errOut = runPrint(t, env, "", "models", "extra")
	if code != 2 || !strings.Contains(errOut, "parley -- models") {
		t.Errorf("models with an argument: exit %d, stderr %q", code, errOut)
	}
}
