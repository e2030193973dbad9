package providers

import (
	"context"
	"errors"
	"fmt"
)

// ErrorKind classifies a provider failure so callers can decide what the
// message status becomes and what to tell the user.
type ErrorKind int

// The kinds of provider failure.
const (
	ErrOther       ErrorKind = iota // anything else
	ErrAuth                         // 401/403: the key is missing or rejected
	ErrRateLimited                  // 429 after retries
	ErrOverloaded                   // 529 or 503: the service is busy
	ErrServer                       // other 5xx after retries
	ErrBadRequest                   // 400/404/422: the request was refused
	ErrStream                       // an error event inside the stream
	ErrConnection                   // the connection dropped or could not be made
	ErrStalled                      // no bytes for the idle timeout
	ErrIncomplete                   // the stream ended without its final event
	ErrCanceled                     // the user (context) cancelled
)

// Error is a provider failure reduced to one clear line for the user.
// Message never contains an API key.
type Error struct {
	Kind    ErrorKind
	Status  int    // HTTP status, 0 if none
	Message string // one line, e.g. "OPENAI_API_KEY was rejected (401)"
	Err     error  // the underlying error, for errors.Is/As
}

// Error returns Message: the one line shown to the user, never the
// underlying error's text, which may quote a response body.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error of the given kind.
func Errorf(kind ErrorKind, status int, err error, format string, args ...any) *Error {
	return &Error{Kind: kind, Status: status, Message: fmt.Sprintf(format, args...), Err: err}
}

// KindOf returns the kind of err: ErrCanceled for context cancellation,
// the Kind of an *Error, else ErrOther.
func KindOf(err error) ErrorKind {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Kind
	}
	if errors.Is(err, context.Canceled) {
		return ErrCanceled
	}
	return ErrOther
}

// MissingKeyError is a provider that cannot be used because it has no
// key. Error is the full hint (what to set, and where); Sources are the
// env vars the key may come from, so a one-line place such as the chat's
// status bar can say "no key: set OPENAI_API_KEY" without parsing it.
type MissingKeyError struct {
	Provider string
	Sources  []string // env var names, in the order they are read; may be empty
	Hint     string
}

// Error returns the full hint.
func (e *MissingKeyError) Error() string { return e.Hint }
