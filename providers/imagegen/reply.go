package imagegen

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"parley/providers"
	"parley/providers/openai"
)

// reading is one OpenAI reply being turned into events.
type reading struct {
	g        *openaiGen
	ctx      context.Context
	yield    func(Event, error) bool
	partials int // partial images yielded
	finals   int // final images yielded
	stopped  bool
}

// emit yields ev and remembers whether the consumer wants more.
func (r *reading) emit(ev Event) bool {
	if !r.stopped && !r.yield(ev, nil) {
		r.stopped = true
	}
	return !r.stopped
}

// fail yields the one error that ends the sequence.
func (r *reading) fail(err *providers.Error) {
	if !r.stopped {
		r.stopped = true
		r.yield(Event{}, err)
	}
}

// streamEvent is the part of an image stream event parley reads. The
// generation (image_generation.*) and edit (image_edit.*) events share it;
// reading the SDK's unions would decode every multi-megabyte payload twice
// just to look for an "error" member they do not have.
type streamEvent struct {
	Type              string          `json:"type"`
	B64JSON           string          `json:"b64_json"`
	PartialImageIndex int             `json:"partial_image_index"`
	OutputFormat      string          `json:"output_format"`
	Error             json.RawMessage `json:"error"`
}

// readStream reads an SSE reply: partial images, then the completed one.
func (r *reading) readStream(raw *http.Response) {
	dec := ssestream.NewDecoder(raw)
	for dec.Next() {
		ev := dec.Event()
		if bytes.HasPrefix(ev.Data, []byte("[DONE]")) {
			continue
		}
		var se streamEvent
		if err := json.Unmarshal(ev.Data, &se); err != nil {
			r.fail(providers.Errorf(providers.ErrStream, 0, err, "%s sent a malformed image stream %s", r.g.display(), r.stage()))
			return
		}
		if se.Type == "" {
			se.Type = ev.Type // the SSE event name says the same
		}
		if !r.handle(se, ev.Data) {
			return
		}
	}
	if err := dec.Err(); err != nil {
		r.fail(r.readFailure(err))
		return
	}
	if r.ctx.Err() != nil {
		r.fail(providers.Canceled(r.ctx.Err()))
		return
	}
	if r.finals == 0 {
		r.fail(providers.Errorf(providers.ErrIncomplete, 0, nil, "%s's image stream ended before the final image (%s)", r.g.display(), r.stage()))
	}
}

// handle turns one stream event into events; false ends the reading.
func (r *reading) handle(se streamEvent, data []byte) bool {
	switch {
	case se.Type == "error" || (len(se.Error) > 0 && string(se.Error) != "null"):
		r.fail(r.streamError(data))
		return false
	case strings.HasSuffix(se.Type, ".partial_image"):
		img, err := r.decode(se.B64JSON, se.OutputFormat, "partial image")
		if err != nil {
			r.fail(err)
			return false
		}
		img.Index = se.PartialImageIndex
		r.partials++
		return r.emit(Event{Kind: Partial, Image: img, Index: se.PartialImageIndex})
	case strings.HasSuffix(se.Type, ".completed"):
		return r.final(se.B64JSON, se.OutputFormat)
	}
	return true // an event kind this version does not know: skip it
}

// final decodes and yields one finished picture.
func (r *reading) final(b64, format string) bool {
	img, err := r.decode(b64, format, "image")
	if err != nil {
		r.fail(err)
		return false
	}
	img.Index = r.finals
	r.finals++
	return r.emit(Event{Kind: Final, Image: img, Index: img.Index})
}

// decode turns a b64_json payload into image bytes, exactly as encoded.
func (r *reading) decode(b64, format, what string) (providers.Image, *providers.Error) {
	if b64 == "" {
		return providers.Image{}, providers.Errorf(providers.ErrStream, 0, nil, "%s sent an empty %s", r.g.display(), what)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return providers.Image{}, providers.Errorf(providers.ErrStream, 0, err, "%s sent an undecodable %s: %v", r.g.display(), what, err)
	}
	return providers.Image{MIME: imageMIME(format, data), Data: data}, nil
}

// streamError reports an error event inside the stream in the provider's words.
func (r *reading) streamError(data []byte) *providers.Error {
	msg, code := openai.ErrorBody(data)
	if msg == "" {
		var top struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(data, &top)
		msg = top.Message
	}
	msg = providers.OneLine(providers.Redact(msg, r.g.s.APIKey), 200)
	if refusalCode(code) {
		return providers.Errorf(providers.ErrBadRequest, 0, nil, "%s refused the prompt: %s", r.g.display(), msg)
	}
	if msg == "" {
		msg = "error event"
	}
	return providers.Errorf(providers.ErrStream, 0, nil, "%s failed mid-stream %s: %s", r.g.display(), r.stage(), msg)
}

// readJSON reads a non-streaming reply: {"data":[{"b64_json":…}, …]}.
func (r *reading) readJSON(body io.Reader) {
	data, err := io.ReadAll(io.LimitReader(body, maxJSONReply+1))
	if err != nil {
		r.fail(r.readFailure(err))
		return
	}
	if len(data) > maxJSONReply {
		r.fail(providers.Errorf(providers.ErrOther, 0, nil, "%s sent a reply over %d MB", r.g.display(), maxJSONReply>>20))
		return
	}
	var resp oai.ImagesResponse
	if err := json.Unmarshal(data, &resp); err != nil {
		r.fail(providers.Errorf(providers.ErrStream, 0, err, "%s sent a reply that is not image JSON", r.g.display()))
		return
	}
	if msg, _ := openai.ErrorBody(data); len(resp.Data) == 0 && msg != "" {
		r.fail(r.streamError(data)) // an error body sent with status 200
		return
	}
	if len(resp.Data) == 0 {
		r.fail(providers.Errorf(providers.ErrIncomplete, 0, nil, "%s replied without an image", r.g.display()))
		return
	}
	for i, d := range resp.Data {
		if d.RevisedPrompt != "" && !r.emit(Event{Kind: Revised, Text: d.RevisedPrompt, Index: i}) {
			return
		}
		if d.B64JSON == "" && d.URL != "" {
			r.fail(providers.Errorf(providers.ErrOther, 0, nil, "%s sent an image link instead of image data", r.g.display()))
			return
		}
		if !r.final(d.B64JSON, string(resp.OutputFormat)) {
			return
		}
	}
}

// readFailure classifies an error that cut the reply short, naming how far
// it had got in pictures rather than tokens.
func (r *reading) readFailure(err error) *providers.Error {
	pe := providers.StreamFailure(r.ctx, err, 0, r.g.s.IdleTimeout)
	switch pe.Kind {
	case providers.ErrStalled:
		pe.Message = fmt.Sprintf("image stream stalled: no data for %s %s", r.g.s.IdleTimeout, r.stage())
	case providers.ErrConnection:
		pe.Message = fmt.Sprintf("connection to %s lost %s", r.g.display(), r.stage())
	}
	return pe
}

// stage says how far the reply got, for error lines.
func (r *reading) stage() string {
	switch {
	case r.finals > 0:
		return fmt.Sprintf("after %d finished image(s)", r.finals)
	case r.partials == 1:
		return "after 1 partial image"
	case r.partials > 1:
		return fmt.Sprintf("after %d partial images", r.partials)
	}
	return "before the first image"
}
