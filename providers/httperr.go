package providers

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// maxProviderMessage bounds how much of a provider's own message goes into
// one of our lines; longer messages are cut with an ellipsis.
const maxProviderMessage = 200

// shortProviderMessage is the longest provider message appended to a
// rate-limit line; longer ones (quota essays with links) add noise there.
const shortProviderMessage = 120

// keyLike matches strings shaped like API keys (OpenAI/Anthropic "sk-…",
// Google "AIza…"), which some servers echo back in error messages.
var keyLike = regexp.MustCompile(`\b(sk-[A-Za-z0-9_\-*.]{6,}|AIza[0-9A-Za-z_\-]{20,})`)

// DisplayName returns the user-facing name of a configured provider:
// "OpenAI" for "openai" and so on for the built-in names, else name itself
// (a user's own name such as "local" is shown as written).
func DisplayName(name string) string {
	switch strings.ToLower(name) {
	case "openai":
		return "OpenAI"
	case "anthropic":
		return "Anthropic"
	case "gemini":
		return "Gemini"
	case "ollama":
		return "Ollama"
	case "":
		return "the provider"
	}
	return name
}

// Redact returns msg with every occurrence of secret, anything shaped
// like an API key, and the credentials URLs carry (see RedactURLs)
// replaced by "[redacted]". Adapters pass the provider's error text
// through it before it can reach a message, log or database.
func Redact(msg, secret string) string {
	if secret != "" {
		msg = strings.ReplaceAll(msg, secret, "[redacted]")
	}
	return RedactURLs(keyLike.ReplaceAllString(msg, "[redacted]"))
}

// OneLine collapses whitespace (newlines included) in msg, strips key-shaped
// strings, and cuts it to at most n runes with an ellipsis.
func OneLine(msg string, n int) string {
	msg = strings.Join(strings.Fields(Redact(msg, "")), " ")
	if r := []rune(msg); len(r) > n {
		msg = string(r[:n-1]) + "…"
	}
	return msg
}

// HTTPError turns a failed HTTP call into one clear line. status is the HTTP
// status, retries how many times the SDK retried (see Attempts), keySource
// where the key came from ("OPENAI_API_KEY"), provider the configured name
// (shown through DisplayName), msg the provider's own error message (may be
// empty; redact it first if it could hold the key) and err the underlying
// error. The lines:
//
//	401/403  "OPENAI_API_KEY was rejected (401)"
//	429      "rate limited, retried 3 times: <short msg>"
//	503/529  "OpenAI is overloaded (529), retried 3 times: <msg>"
//	5xx      "OpenAI server error (500) after 3 retries: <msg>"
//	4xx      "<msg> (400)"
func HTTPError(status, retries int, keySource, provider, msg string, err error) *Error {
	msg = OneLine(msg, maxProviderMessage)
	name := DisplayName(provider)
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		who := keySource
		if who == "" {
			who = "the API key"
		}
		return Errorf(ErrAuth, status, err, "%s was rejected (%d)", who, status)
	case status == http.StatusTooManyRequests:
		line := "rate limited"
		if retries > 0 {
			line += ", retried " + plural(retries, "time")
		}
		if msg != "" && len(msg) <= shortProviderMessage {
			line += ": " + msg
		}
		return Errorf(ErrRateLimited, status, err, "%s", line)
	case status == http.StatusServiceUnavailable || status == 529:
		line := fmt.Sprintf("%s is overloaded (%d)", name, status)
		if retries > 0 {
			line += ", retried " + plural(retries, "time")
		}
		return Errorf(ErrOverloaded, status, err, "%s", withMsg(line, msg))
	case status >= 500:
		line := fmt.Sprintf("%s server error (%d)", name, status)
		if retries > 0 {
			line += " after " + plural(retries, "retry")
		}
		return Errorf(ErrServer, status, err, "%s", withMsg(line, msg))
	case status >= 400:
		if msg == "" {
			msg = strings.ToLower(http.StatusText(status))
			if msg == "" {
				msg = "request refused"
			}
		}
		return Errorf(ErrBadRequest, status, err, "%s (%d)", msg, status)
	}
	return Errorf(ErrOther, status, err, "%s", withMsg(fmt.Sprintf("unexpected reply from %s (%d)", name, status), msg))
}

func withMsg(line, msg string) string {
	if msg == "" {
		return line
	}
	return line + ": " + msg
}

// plural formats n with word, adding "s" (or "ies" for "retry") when n != 1.
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// CannotReach reports a request that never got an HTTP response:
// "cannot reach http://localhost:8080/v1: connection refused".
func CannotReach(baseURL string, err error) *Error {
	return Errorf(ErrConnection, 0, err, "cannot reach %s: %s", RedactURLs(baseURL), ShortReason(err))
}

// Canceled reports a call stopped by its context; it wraps the context's
// error so errors.Is(err, context.Canceled) holds.
func Canceled(ctxErr error) *Error {
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		return Errorf(ErrCanceled, 0, ctxErr, "timed out")
	}
	return Errorf(ErrCanceled, 0, ctxErr, "cancelled")
}

// Incomplete reports a stream that ended cleanly at the byte level but
// without the protocol's final event.
func Incomplete(tokens int, err error) *Error {
	return Errorf(ErrIncomplete, 0, err, "stream ended early after %s", plural(tokens, "token"))
}

// StreamFailure classifies err, which ended a stream after its response
// began, given how many tokens had arrived and the idle timeout in force:
// a done ctx → Canceled; ErrIdleTimeout → ErrStalled "stream stalled: no
// data for 60s after N tokens"; anything else → ErrConnection "connection
// lost after N tokens". Errors the adapter can read a provider message from
// (mid-stream error events) should be handled before calling this.
func StreamFailure(ctx context.Context, err error, tokens int, idle time.Duration) *Error {
	if ctx.Err() != nil {
		return Canceled(ctx.Err())
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Canceled(err)
	}
	if errors.Is(err, ErrIdleTimeout) {
		return Errorf(ErrStalled, 0, err, "stream stalled: no data for %s after %s", idle, plural(tokens, "token"))
	}
	return Errorf(ErrConnection, 0, err, "connection lost after %s", plural(tokens, "token"))
}

// ShortReason names why a connection failed in a few words ("connection
// refused", "no such host", "timed out", "TLS handshake failed: …"), for
// messages where the full Go error chain would be noise.
func ShortReason(err error) string {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	switch {
	case err == nil:
		return "unknown error"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "no such host"
		}
		return "DNS lookup failed"
	case errors.Is(err, ErrIdleTimeout):
		return "no response"
	case errors.As(err, &certErr):
		return "TLS certificate not trusted"
	case errors.As(err, &recErr):
		return "server does not speak TLS (try http://)"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by server"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	// Fall back on the innermost message: url.Error and OpError prefixes
	// repeat the method and URL the caller already shows.
	for {
		next := errors.Unwrap(err)
		if next == nil {
			break
		}
		err = next
	}
	return OneLine(err.Error(), 80)
}
