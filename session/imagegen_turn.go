package session

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"strings"
	"time"

	"parley/providers"
	"parley/providers/imagegen"
)

// ImageBackend is the configured image model ([images] in config): what
// `/image`, `parley image` and the generate_image tool draw with.
type ImageBackend struct {
	Generator imagegen.Generator
	// Provider is the configured provider name ("openai"), stored as the
	// Provider of the messages it makes; "" takes it from Label.
	Provider string
	// Model is the model ID as the backend knows it ("gpt-image-1"); ""
	// means the backend's default.
	Model string
	// Label names the backend in the transcript ("openai/gpt-image-1") and
	// in Image.GeneratedBy; "" means Provider/Model.
	Label string
	// Size is "WIDTHxHEIGHT" ("" = the model's default); a tool call may
	// ask for another.
	Size string
	// Partials is how many partial images to ask for, 0 to
	// imagegen.MaxPartials; each is shown in place until the final image.
	Partials int
}

// Name is how the transcript names the backend: Label, else
// Provider/Model, else whichever of the two is set.
func (b ImageBackend) Name() string {
	switch {
	case b.Label != "":
		return b.Label
	case b.Provider != "" && b.Model != "":
		return b.Provider + "/" + b.Model
	}
	return cmp.Or(b.Model, b.Provider, "the image model")
}

// providerName is the Provider stored with messages the backend makes.
func (b ImageBackend) providerName() string {
	if b.Provider != "" {
		return b.Provider
	}
	if p, _, ok := strings.Cut(b.Label, "/"); ok && p != "" {
		return p
	}
	return cmp.Or(b.Label, "images")
}

// GenerateImage draws prompt with b into the conversation convID (0
// creates one titled from the prompt), for `/image PROMPT` and `parley
// image`. It stores a user message (the prompt as Text with PromptFor set
// to b.Name(), which later chat requests send as "[asked … to draw: …]";
// then the input images, which make it an edit of them) and an assistant
// message whose Provider and Model are the backend's. Each partial image
// replaces the previous one in place (a TurnImage event each,
// Image.Partial set); the final one, stored as a blob bit-exact, replaces
// the last partial, with Generated, Prompt (the prompt as asked) and
// GeneratedBy (b.Name()) set. Text the model writes becomes TurnDelta and
// Text parts; a prompt the provider revised becomes an italic Text part
// "revised prompt: …" before the picture (Image.Prompt stays what was
// asked).
//
// A failed or refused generation ends with StatusError and the provider's
// reason in Message.Error and TurnFinished.Err; the prompt is kept in the
// user message. Cancelling ctx ends with StatusCancelled (Error
// "cancelled"), the partial stage on show kept and still marked Partial.
// The last event is always TurnFinished. Generated images need a blob
// store, so store is required (print mode without saving uses
// OpenEphemeral); an empty prompt, a missing store or backend, or an
// input image the store cannot give refuse the request before anything is
// stored (TurnFinished with Message nil and a *RefusalError).
func GenerateImage(ctx context.Context, store *Store, convID int64, b ImageBackend, prompt string, input []Image) iter.Seq[TurnEvent] {
	return func(yield func(TurnEvent) bool) {
		in, err := checkGenerate(store, b, prompt, input)
		if err != nil {
			yield(TurnEvent{Kind: TurnFinished, Err: err})
			return
		}
		t := &Turn{Store: store, Model: b.Model}
		parts := []Part{Text{Text: prompt, PromptFor: b.Name()}}
		for _, img := range input {
			parts = append(parts, img)
		}
		user, err := t.saveUser(convID, parts)
		if err != nil {
			yield(TurnEvent{Kind: TurnFinished, Err: err})
			return
		}
		u := *user
		if !yield(TurnEvent{Kind: TurnUserSaved, Message: &u}) {
			return
		}
		r := newTurnRun(t, yield)
		if !r.start(user.ConversationID, b.providerName(), cmp.Or(b.Model, b.Name())) {
			return
		}
		_, o := r.draw(ctx, b, imagegen.Request{Model: b.Model, Prompt: prompt, Size: b.Size,
			Partials: b.Partials, Input: in})
		r.finish(o)
	}
}

// checkGenerate refuses a request that cannot be made, before anything is
// stored, and reads the input images' bytes.
func checkGenerate(store *Store, b ImageBackend, prompt string, input []Image) ([]providers.ImagePart, error) {
	switch {
	case strings.TrimSpace(prompt) == "":
		return nil, refuse("no prompt: say what to draw", nil)
	case b.Generator == nil:
		return nil, refuse("no image backend is configured ([images] in config)", nil)
	case store == nil:
		return nil, refuse("generated images need a store", nil)
	}
	in := make([]providers.ImagePart, 0, len(input))
	for _, img := range input {
		data, err := store.Blob(img.Blob)
		if err != nil {
			return nil, refuse(fmt.Sprintf("cannot send %s to %s: %s", img.Name, b.Name(), oneLine(err.Error())), err)
		}
		in = append(in, providers.ImagePart{MIME: img.MIME, Data: data})
	}
	return in, nil
}

// drawing is one generation being applied to the reply.
type drawing struct {
	b       ImageBackend
	prompt  string
	preview int         // position of the partial stage on show; -1 none
	slots   map[int]int // picture index → position of its final image
	finals  []Image
}

// draw runs one generation with b into the reply, after what is there. It
// returns the final images and how it ended: done (at least one final
// image), stopped, or err (the generator's failure, ctx's, a final image
// that could not be stored, or no image at all).
func (r *turnRun) draw(ctx context.Context, b ImageBackend, req imagegen.Request) ([]Image, outcome) {
	d := &drawing{b: b, prompt: req.Prompt, preview: -1, slots: map[int]int{}}
	for ev, err := range b.Generator.Generate(ctx, req) {
		if err != nil {
			return d.finals, outcome{err: err}
		}
		if ctx.Err() != nil {
			return d.finals, outcome{err: ctx.Err()}
		}
		if !r.drawEvent(d, ev) {
			return d.finals, outcome{stopped: true}
		}
		if err := r.failed; err != nil {
			r.failed = nil // the seam reports it to the model and goes on
			return d.finals, outcome{err: err}
		}
	}
	if ctx.Err() != nil {
		return d.finals, outcome{err: ctx.Err()}
	}
	if len(d.finals) == 0 {
		return nil, outcome{err: providers.Errorf(providers.ErrIncomplete, 0, nil, "%s finished without an image", b.Name())}
	}
	return d.finals, outcome{done: true}
}

// drawEvent applies one generation event; false means the consumer
// stopped. Partial stages share one place (the picture being formed); a
// final picture takes that place, or a new one for a further picture.
func (r *turnRun) drawEvent(d *drawing, ev imagegen.Event) bool {
	switch ev.Kind {
	case imagegen.Partial, imagegen.Final:
		if len(ev.Image.Data) == 0 {
			return true
		}
		g := ev.Image
		g.Index = len(d.finals) // names the picture, not the stage
		final := ev.Kind == imagegen.Final
		img := describeGenerated(&g, d.b.Name(), !final)
		img.Prompt = d.prompt
		if !final {
			pos, ok := r.showImage(g.Data, img, d.preview)
			d.preview = pos
			return ok
		}
		pos, known := d.slots[ev.Index]
		if !known {
			pos, d.preview = d.preview, -1
		}
		pos, ok := r.showImage(g.Data, img, pos)
		if r.failed == nil {
			d.slots[ev.Index] = pos
			img.Blob = r.parts[pos].(Image).Blob
			d.finals = append(d.finals, img)
		}
		return ok
	case imagegen.Text:
		if ev.Text == "" {
			return true
		}
		r.text.WriteString(ev.Text)
		r.checkpoint()
		return r.yield(TurnEvent{Kind: TurnDelta, Text: ev.Text})
	case imagegen.Revised:
		if strings.TrimSpace(ev.Text) == "" {
			return true
		}
		md := r.addNote("revised prompt: " + ev.Text)
		return r.yield(TurnEvent{Kind: TurnDelta, Text: "\n\n" + md + "\n\n"})
	}
	return true
}

// addNote stores line, squeezed onto one line, as its own italic Text
// part after what came before, saves the message at once (notes mark
// moments worth keeping across a crash) and returns the markdown stored.
func (r *turnRun) addNote(line string) string {
	md := italic(strings.Join(strings.Fields(line), " "))
	r.putPart(-1, Text{Text: md})
	_ = r.save(false) // a lasting failure surfaces at the final save
	r.lastSave = time.Now()
	return md
}

// italic is s as one markdown emphasis span, its markdown punctuation
// escaped so that a prompt cannot end the span or start a link.
func italic(s string) string {
	var b strings.Builder
	b.WriteByte('*')
	for _, c := range s {
		if strings.ContainsRune("\\`*_[]<>#|~!", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	b.WriteByte('*')
	return b.String()
}
