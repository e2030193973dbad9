package providers

import (
	"errors"
	"strings"
	"testing"
)

func TestRedactURLs(t *testing.T) {
	for in, want := range map[string]string{
		"cannot reach http://user:secret@host:8080/v1: connection refused": "cannot reach http://[redacted]@host:8080/v1: connection refused",
		`Post "https://tok3n@api.example.com/v1/chat": EOF`:                `Post "https://[redacted]@api.example.com/v1/chat": EOF`,
		"https://g.example/v1beta/models?key=AIzaSECRET&alt=sse":           "https://g.example/v1beta/models?key=[redacted]&alt=sse",
		"http://h/v1?api_key=s1&x=1&access_token=s2#f":                     "http://h/v1?api_key=[redacted]&x=1&access_token=[redacted]#f",
		"https://b.example/o?X-Amz-Signature=abc&sig=def&Password=p":       "https://b.example/o?X-Amz-Signature=[redacted]&sig=[redacted]&Password=[redacted]",
		"GET /v1/models?token=abc failed":                                  "GET /v1/models?token=[redacted] failed",
		"plain text with an @ sign and http://host/v1?model=x":             "plain text with an @ sign and http://host/v1?model=x",
		"mailto-ish user@example.com stays":                                "mailto-ish user@example.com stays",
	} {
		if got := RedactURLs(in); got != want {
			t.Errorf("RedactURLs(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

func TestErrorsNeverQuoteURLCredentials(t *testing.T) {
	err := CannotReach("http://user:hunter2@127.0.0.1:9/v1?key=k3y", errors.New("connection refused"))
	if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "k3y") {
		t.Errorf("CannotReach = %q: quotes a credential", err)
	}
	msg := HTTPError(400, 0, "", "local", "bad request to http://u:hunter2@h/v1?api_key=k3y", nil).Error()
	if strings.Contains(msg, "hunter2") || strings.Contains(msg, "k3y") {
		t.Errorf("HTTPError = %q: quotes a credential", msg)
	}
}
