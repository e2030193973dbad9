package providers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// NoResponse classifies a one-shot request (transcription, speech) that
// got no HTTP response: a timeout after the connection was made is
// ErrStalled "<Name> did not answer within 60s"; anything else, a dial
// timeout included, is CannotReach.
func NoResponse(name, baseURL string, idle time.Duration, err error) *Error {
	var op *net.OpError
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() && !(errors.As(err, &op) && op.Op == "dial") {
		return Errorf(ErrStalled, 0, err, "%s did not answer within %s", DisplayName(name), idle)
	}
	return CannotReach(baseURL, err)
}

// BodyFailure classifies a one-shot reply whose body broke off while
// reading what ("the transcript", "the audio"): "<Name> stopped sending
// the audio: no data for 60s", "connection to <Name> lost while reading
// the audio", or Canceled.
func BodyFailure(ctx context.Context, name, what string, idle time.Duration, err error) *Error {
	pe := StreamFailure(ctx, err, 0, idle)
	switch pe.Kind {
	case ErrStalled:
		pe.Message = fmt.Sprintf("%s stopped sending %s: no data for %s", DisplayName(name), what, idle)
	case ErrConnection:
		pe.Message = fmt.Sprintf("connection to %s lost while reading %s", DisplayName(name), what)
	}
	return pe
}
