package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"parley/providers"
)

// TranscriptPrefix frames a voice note's transcript in the text sent to a
// model that cannot take audio, so the model knows the words were spoken
// (and may be mis-heard) rather than typed: "[voice note transcript] …".
const TranscriptPrefix = "[voice note transcript] "

// RefusalError is a turn refused before anything was stored or sent: a
// part of the message cannot go to the chosen model as it is (an image to
// a model without vision, HEIC to a model that does not take it, a voice
// note without a transcription service, a failed transcription). Nothing
// is lost: the caller keeps its input. Error is one line for the user;
// Unwrap gives the cause, if there was one.
type RefusalError struct {
	Msg string
	Err error
	// Switch marks a refusal another model would not make (this model
	// cannot read images): the caller adds how to switch in its own terms
	// with WithHint.
	Switch bool
	// Override is how to tell parley the model can after all, when the
	// refusal comes from its caps ("set images = true under
	// [models."local/llava"] in the config"): the built-in table may not
	// know a local or new model. WithHint adds it after the switch hint.
	Override string
}

// Error returns Msg, the one line shown to the user.
func (e *RefusalError) Error() string { return e.Msg }

// WithHint returns err's text, followed by "; "+hint when err is a refusal
// that choosing another model would avoid. The TUI says "switch with
// Ctrl+P", print mode names the -m flag.
func WithHint(err error, hint string) string {
	var r *RefusalError
	switch {
	case errors.As(err, &r) && r.Switch && r.Override != "":
		return r.Msg + "; " + hint + ", or if it can, " + r.Override
	case r != nil && r.Switch:
		return r.Msg + "; " + hint
	}
	return err.Error()
}

// Unwrap returns the cause (nil for a plain capability refusal).
func (e *RefusalError) Unwrap() error { return e.Err }

// refuse makes a RefusalError whose line is msg, or err's text when msg is
// empty.
func refuse(msg string, err error) *RefusalError {
	if msg == "" {
		msg = oneLine(err.Error())
	}
	return &RefusalError{Msg: msg, Err: err}
}

// Prepare checks, before anything is stored or sent, that history plus a
// new message of parts can go to t's model as Run would send it: it fits
// every image (the fitted copies are cached, so Run reuses them) and checks
// that every voice note can be sent as audio or has, or can get, a
// transcript. It calls no transcription service; see TranscribeAudio. It
// returns nil or a *RefusalError. The UI calls it when the user sends, and
// may call it earlier (on a model switch) to warn.
func (t *Turn) Prepare(ctx context.Context, history []Message, parts []Part) error {
	_, err := t.prepare(ctx, history, parts)
	return err
}

// TranscribeAudio fills in a.Transcript if it is empty: from a transcript
// already stored for the same recording (any message, any conversation),
// else by calling tr once. It lets the UI show the transcript, and the
// user edit it, before sending. s holds the recording's blob. Errors say
// why in one line; a.Transcript is then unchanged.
func TranscribeAudio(ctx context.Context, tr Transcriber, s *Store, a *Audio) error {
	if a.Transcript != "" {
		return nil
	}
	if s == nil {
		return errors.New("transcribe: no store holds the recording")
	}
	if text := s.storedTranscript(a.Blob); text != "" {
		a.Transcript = text
		return nil
	}
	if tr == nil {
		return errors.New("no transcription service is configured ([transcription] in config)")
	}
	data, err := s.Blob(a.Blob)
	if err != nil {
		return fmt.Errorf("transcribe %s: %w", a.Name, err)
	}
	text, err := tr.Transcribe(ctx, data, a.MIME)
	if err != nil {
		return fmt.Errorf("transcribing %s failed: %w", a.Name, err)
	}
	if text = strings.TrimSpace(text); text == "" {
		return fmt.Errorf("transcribing %s found no speech", a.Name)
	}
	a.Transcript = text
	return nil
}

// storedTranscript returns the newest transcript stored with an audio part
// of the recording sha, or "".
func (s *Store) storedTranscript(sha string) string {
	return s.latestTranscript(kindAudio, sha)
}

// preparedMsg is one message as the model will receive it.
type preparedMsg struct {
	src   *Message // the history message; nil for the new one
	role  providers.Role
	parts []providers.Part
	orig  []Part // the message's parts, with transcripts filled in by jobs
	dirty bool   // orig gained a transcript that must be stored
}

// transcriptJob is a voice note whose transcript must be made before the
// request can go: msgs[msg].parts[part] is its text, from orig[orig].
type transcriptJob struct {
	msg, part, orig int
	video           bool // the audio track of a Video (prepare_video.go)
}

// preparation is history plus the new message, ready but for transcripts.
type preparation struct {
	t    *Turn
	ctx  context.Context // bounds PDF rendering and ffmpeg
	msgs []preparedMsg
	jobs []transcriptJob
	// drawnBy is the image backend the last message added asked to draw
	// (its Text.PromptFor), "" if it asked none: the next message is that
	// generation's reply.
	drawnBy string
	// fit is what images are fitted to: the model's caps, with the
	// many-image rule applied when the request carries more images than the
	// model takes at full size (images counts them).
	fit    providers.Caps
	images int
	// tiles is set when screenshots may go as tiles (Turn.ImageTiles).
	tiles bool
	// notices are the changes made on the way (see PrepareNotices).
	notices []Notice
}

// newPreparation starts the preparation of history and the new parts:
// the images of the whole request are counted first, since the
// many-image rule and the tile plans depend on all of them.
func (t *Turn) newPreparation(ctx context.Context, history []Message, parts []Part) *preparation {
	p := &preparation{t: t, ctx: ctx, images: countImages(history, parts)}
	p.planTiles(history, parts)
	p.fit = t.capsOrZero().ForImageCount(p.images)
	return p
}

// prepare builds the request parts of history and the new message, fitting
// images; voice notes that need a transcript become jobs. It stores and
// sends nothing.
func (t *Turn) prepare(ctx context.Context, history []Message, parts []Part) (*preparation, error) {
	p := t.newPreparation(ctx, history, parts)
	for i := range history {
		m := &history[i]
		if err := p.add(m, m.Parts, false); err != nil {
			return nil, err
		}
	}
	if err := p.add(nil, parts, true); err != nil {
		return nil, err
	}
	return p, nil
}

// add prepares one message. An assistant message sends its text, with a
// note in place of each generated image (see assistantParts); a user
// message sends its text, images and voice notes, the prompt of an image
// generation as a note saying so (see drawRequest).
func (p *preparation) add(src *Message, parts []Part, isNew bool) error {
	pm := preparedMsg{src: src, role: providers.RoleUser, orig: slices.Clone(parts)}
	if src != nil && src.Role == RoleAssistant {
		pm.role = providers.RoleAssistant
		pm.parts = assistantParts(src, parts, p.drawnBy)
		p.drawnBy = ""
		p.msgs = append(p.msgs, pm)
		return nil
	}
	p.drawnBy = ""
	for i, part := range parts {
		switch part := part.(type) {
		case Text:
			if part.PromptFor != "" {
				p.drawnBy = part.PromptFor
				part = drawRequest(part)
			}
			if tp, ok := textPart(part); ok {
				pm.parts = append(pm.parts, tp)
			}
		case Image:
			ips, err := p.image(part, isNew, i)
			if err != nil {
				return err
			}
			pm.parts = append(pm.parts, ips...)
		case Audio:
			ap, job, err := p.audio(&part, isNew, i)
			if err != nil {
				return err
			}
			if part.Transcript != "" && part.Transcript != pm.orig[i].(Audio).Transcript {
				pm.orig[i], pm.dirty = part, true // found stored for the same recording
			}
			if job {
				p.jobs = append(p.jobs, transcriptJob{msg: len(p.msgs), part: len(pm.parts), orig: i})
			}
			pm.parts = append(pm.parts, ap)
		default:
			if err := p.addDocument(&pm, i, part, isNew); err != nil {
				return err
			}
		}
	}
	p.msgs = append(p.msgs, pm)
	return nil
}

// drawRequest is how the prompt of an image generation reaches a chat
// model: as a note of what was asked of whom, not as words to it.
func drawRequest(t Text) Text {
	return Text{Text: fmt.Sprintf("[asked %s to draw: %s]", t.PromptFor, t.Text)}
}

// assistantParts is what an assistant message sends: its text, and a note
// in place of each generated image. Providers take no images in the
// assistant role, but the chat model must know a picture was made, or
// follow-ups ("make it bluer") make no sense to it. drawnBy is set when the
// message is the reply to an image prompt; if it holds no image, a note
// says why, so the prompt does not look unanswered.
func assistantParts(src *Message, parts []Part, drawnBy string) []providers.Part {
	var out []providers.Part
	drew := false
	for _, part := range parts {
		switch part := part.(type) {
		case Text:
			if tp, ok := textPart(part); ok {
				out = append(out, tp)
			}
		case Image:
			if part.Generated {
				out = append(out, providers.TextPart{Text: imageNote(part, src)})
				drew = true
			}
		}
	}
	if drawnBy != "" && !drew {
		out = append(out, providers.TextPart{Text: fmt.Sprintf("[%s did not draw it: %s]",
			drawnBy, cmp.Or(stopReason(src), "no image came back"))})
	}
	return out
}

// imageNote stands for a generated image in a chat request: "[generated
// image 1024×1024 by openai/gpt-image-1]", or for the last stage of one
// that never finished, "[unfinished image 1024×1024 by …: cancelled]".
func imageNote(img Image, m *Message) string {
	by := cmp.Or(img.GeneratedBy, "an image model")
	var size string
	if img.Width > 0 && img.Height > 0 {
		size = fmt.Sprintf(" %d×%d", img.Width, img.Height)
	}
	if img.Partial {
		return fmt.Sprintf("[unfinished image%s by %s: %s]", size, by, cmp.Or(stopReason(m), "not finished"))
	}
	return fmt.Sprintf("[generated image%s by %s]", size, by)
}

// stopReason says why a reply stopped short: its error line, else its
// status; "" for a reply that finished (or is still streaming).
func stopReason(m *Message) string {
	if m.Status == StatusDone || m.Status == StatusStreaming {
		return ""
	}
	return cmp.Or(m.Error, string(m.Status))
}

// image prepares one image: fitted for the model. In the new message a
// problem refuses the turn; in history it becomes a short note in place of
// the image, so that a conversation that once held an image can go on with
// a model that cannot see it (the user cannot take a sent image back).
func (p *preparation) image(img Image, isNew bool, idx int) ([]providers.Part, error) {
	parts, err := p.fitImage(img, isNew, idx)
	if err == nil {
		return parts, nil
	}
	if isNew {
		return nil, err
	}
	reason := "the model cannot read images"
	if p.t.Caps == nil || p.t.Caps.Images {
		reason = err.Error()
		if r := (*RefusalError)(nil); errors.As(err, &r) && r.Err != nil {
			reason = oneLine(r.Err.Error())
		}
	}
	return []providers.Part{providers.TextPart{Text: fmt.Sprintf("[image %s not shown: %s]", img.Name, reason)}}, nil
}

// transcribe runs the jobs, fills in their text and stores the transcripts
// of history voice notes in their messages. Any failure refuses the turn:
// the message is not sent half-made.
func (p *preparation) transcribe(ctx context.Context) error {
	t := p.t
	for _, j := range p.jobs {
		if j.video {
			if err := p.transcribeVideo(ctx, j); err != nil {
				return err
			}
			continue
		}
		pm := &p.msgs[j.msg]
		a := pm.orig[j.orig].(Audio)
		if err := TranscribeAudio(ctx, t.Transcriber, t.Store, &a); err != nil {
			return refuse("", err)
		}
		pm.orig[j.orig], pm.dirty = a, true
		pm.parts[j.part] = providers.TextPart{Text: TranscriptPrefix + a.Transcript}
	}
	for i := range p.msgs {
		pm := &p.msgs[i]
		if pm.src == nil || !pm.dirty || t.Store == nil || pm.src.ID == 0 {
			continue
		}
		m := *pm.src
		m.Parts = pm.orig
		// Best effort: if this fails the transcript is made again next time.
		_ = t.Store.UpdateMessage(&m)
	}
	return nil
}

// request assembles the provider request. Messages with nothing to send
// (such as a reply that failed before any text) are left out, and
// neighbours of the same role are then merged, because several APIs insist
// that roles alternate. Partial text of cancelled, interrupted or failed
// replies is kept: it is what the user saw.
func (p *preparation) request() providers.Request {
	req := providers.Request{Model: p.t.Model, System: p.t.System,
		ImageOutput: p.t.Caps != nil && p.t.Caps.ImageOutput}
	for _, pm := range p.msgs {
		if len(pm.parts) == 0 {
			continue
		}
		if n := len(req.Messages); n > 0 && req.Messages[n-1].Role == pm.role {
			req.Messages[n-1].Parts = append(req.Messages[n-1].Parts, pm.parts...)
			continue
		}
		req.Messages = append(req.Messages, providers.Message{Role: pm.role, Parts: slices.Clone(pm.parts)})
	}
	return req
}

// newParts returns the new message's parts with any transcript made.
func (p *preparation) newParts() []Part { return p.msgs[len(p.msgs)-1].orig }

// fullName names the chat model in the transcript as PROVIDER/MODEL
// ("openai/gpt-4o"), the way image backends are named, so a hand-off line
// says which endpoint is on each side; a model ID that already starts with
// its provider's name is not prefixed twice.
func (t *Turn) fullName() string {
	if t.Provider == nil || t.Model == "" {
		return t.modelName()
	}
	p := t.Provider.Name()
	if p == "" || strings.HasPrefix(t.Model, p+"/") {
		return t.Model
	}
	return p + "/" + t.Model
}

// modelName names the model in refusals.
// capsOverride says where the config overrides caps key for this model:
// `set KEY = true under [models."PROVIDER/MODEL"] in the config`.
func (t *Turn) capsOverride(key string) string {
	name := t.Model
	if t.Provider != nil && t.Provider.Name() != "" {
		name = t.Provider.Name() + "/" + t.Model
	}
	return fmt.Sprintf("set %s = true under [models.%q] in the config", key, name)
}

func (t *Turn) modelName() string {
	if t.Model == "" {
		return "this model"
	}
	return t.Model
}

// capsOrZero is t.Caps for FittedImage, which takes the zero Caps as "not
// known" and passes the image through.
func (t *Turn) capsOrZero() providers.Caps {
	if t.Caps == nil {
		return providers.Caps{}
	}
	return *t.Caps
}
