package openai

import (
	"strings"
	"testing"

	"parley/providers"
)

func TestErrorBodyShapes(t *testing.T) {
	cases := []struct {
		name, body, msg, code string
	}{
		{"openai", `{"error":{"message":"no such model","type":"invalid_request_error","code":"model_not_found"}}`, "no such model", "model_not_found"},
		{"numeric code", `{"error":{"message":"busy","code":503}}`, "busy", ""},
		{"ollama", `{"error":"model \"x\" not found"}`, `model "x" not found`, ""},
		{"top message", `{"message":"rate limited"}`, "rate limited", ""},
		{"detail", `{"detail":"Not Found"}`, "Not Found", ""},
		{"detail list", `{"detail":[{"msg":"field required"}]}`, "", ""},
		{"empty error object", `{"error":{},"message":"fallback"}`, "fallback", ""},
		{"plain text", "  upstream timed out \n", "upstream timed out", ""},
		{"html", "<html><body>502 Bad Gateway</body></html>", "", ""},
		{"dump", strings.Repeat("x", 301), "", ""},
	}
	for _, c := range cases {
		msg, code := ErrorBody([]byte(c.body))
		if msg != c.msg || code != c.code {
			t.Errorf("%s: got (%q, %q), want (%q, %q)", c.name, msg, code, c.msg, c.code)
		}
		if got := ErrorMessage([]byte(c.body)); got != c.msg {
			t.Errorf("%s: ErrorMessage %q, want %q", c.name, got, c.msg)
		}
	}
}

func TestClientOptionsBaseURL(t *testing.T) {
	s := providers.Settings{Name: "local"}.WithDefaults()
	base, opts, err := ClientOptions(s)
	if err != nil || base != DefaultBaseURL || len(opts) != 5 {
		t.Errorf("empty base URL: %q, %d options, %v", base, len(opts), err)
	}
	s.BaseURL = "  http://localhost:8080/v1 "
	if base, _, err := ClientOptions(s); err != nil || base != "http://localhost:8080/v1" {
		t.Errorf("local base URL: %q, %v", base, err)
	}
	for _, bad := range []string{"localhost:8080/v1", "ftp://example.com", "http://", "http://[::1"} {
		s.BaseURL = bad
		_, _, err := ClientOptions(s)
		if err == nil || !strings.Contains(err.Error(), "must be an http:// or https:// URL") {
			t.Errorf("base URL %q: %v", bad, err)
		}
	}
	// New names the provider in front of the shared message.
	_, err = New(providers.Settings{Name: "groq", BaseURL: "groq.com"})
	if err == nil || err.Error() != `provider "groq": base URL "groq.com" must be an http:// or https:// URL` {
		t.Errorf("New with a bad base URL: %v", err)
	}
}

func TestClientOptionsNegativeRetryWait(t *testing.T) {
	// The SDK panics on a retry bound that is not positive; a negative one
	// from a hand-made Settings must simply leave the SDK's default.
	s := providers.Settings{MaxRetryWait: -1}.WithDefaults()
	if _, opts, err := ClientOptions(s); err != nil || len(opts) != 4 {
		t.Errorf("negative MaxRetryWait: %d options, %v", len(opts), err)
	}
}
