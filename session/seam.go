package session

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"parley/providers"
	"parley/providers/imagegen"
)

// ImageToolName is the function a chat model that cannot make images
// calls to have Turn.Images draw one.
const ImageToolName = "generate_image"

// maxToolRounds bounds the tool loop of one reply: a model that keeps
// calling tools would otherwise draw (and bill) forever.
const maxToolRounds = 3

// imageToolSizes are the sizes the tool offers, in the OpenAI Images API's
// spelling (square, landscape, portrait).
func imageToolSizes() []string { return []string{"1024x1024", "1536x1024", "1024x1536"} }

// offersImageTool reports whether the request offers generate_image: an
// image backend is configured and the model is known to call tools but
// not to make images itself. Unknown caps (nil) offer nothing, since a
// model without function calling may reject a request with tools.
func (t *Turn) offersImageTool() bool {
	return t.Images != nil && t.Images.Generator != nil && t.Caps != nil &&
		!t.Caps.ImageOutput && t.Caps.Tools
}

// imageTool is the generate_image declaration.
func imageTool(b *ImageBackend) providers.Tool {
	return providers.Tool{
		Name: ImageToolName,
		Description: fmt.Sprintf("Draw a picture with the image model %s and show it to the user. "+
			"Use it when the user wants an image; the picture appears in the conversation.", b.Name()),
		Parameters: map[string]any{
			"type": "object",
			"properties": map[string]any{
				"prompt": map[string]any{"type": "string",
					"description": "A complete description of the picture to draw."},
				"size": map[string]any{"type": "string", "enum": imageToolSizes(),
					"description": "Width x height in pixels: square, landscape or portrait."},
			},
			"required": []string{"prompt"},
		},
	}
}

// imageArgs are generate_image's arguments.
type imageArgs struct {
	Prompt string `json:"prompt"`
	Size   string `json:"size"`
}

// parseImageArgs reads and checks a call's arguments; its errors are
// written for the model, which may correct itself.
func parseImageArgs(raw string) (imageArgs, error) {
	var a imageArgs
	if err := json.Unmarshal([]byte(cmp.Or(strings.TrimSpace(raw), "{}")), &a); err != nil {
		return a, fmt.Errorf("invalid arguments for %s: %v", ImageToolName, err)
	}
	if strings.TrimSpace(a.Prompt) == "" {
		return a, fmt.Errorf("%s needs a prompt: describe the picture", ImageToolName)
	}
	if a.Size != "" && !slices.Contains(imageToolSizes(), a.Size) {
		return a, fmt.Errorf("size %q is not one of %s", a.Size, strings.Join(imageToolSizes(), ", "))
	}
	return a, nil
}

// converse streams the reply, running the tools the model calls and
// sending their results back, until the model answers without calls (at
// most maxToolRounds rounds of calls). Everything goes into the same
// assistant message.
func (r *turnRun) converse(ctx context.Context, req providers.Request) outcome {
	for round := 0; ; round++ {
		r.calls = nil
		r.roundText.Reset()
		o := r.consume(ctx, req)
		r.usedSoFar = r.asst.Usage
		if !o.done || len(r.calls) == 0 {
			return o
		}
		if round == maxToolRounds {
			return outcome{err: fmt.Errorf("stopped after %d rounds of tool calls: the model kept calling tools", maxToolRounds)}
		}
		results, o := r.runTools(ctx)
		if !o.done {
			return o
		}
		req = r.followUp(req, results)
	}
}

// followUp is req plus this round's assistant message (its text and
// calls) and a user message with the calls' results.
func (r *turnRun) followUp(req providers.Request, results []providers.Part) providers.Request {
	asst := providers.Message{Role: providers.RoleAssistant}
	if s := r.roundText.String(); s != "" {
		asst.Parts = append(asst.Parts, providers.TextPart{Text: s})
	}
	for _, c := range r.calls {
		asst.Parts = append(asst.Parts, c)
	}
	// A fresh slice: the request already sent must not change under the
	// provider that may still hold it.
	msgs := make([]providers.Message, 0, len(req.Messages)+2)
	msgs = append(msgs, req.Messages...)
	req.Messages = append(msgs, asst, providers.Message{Role: providers.RoleUser, Parts: results})
	return req
}

// runTools runs this round's calls in order. It ends early (not done) only
// when the consumer stopped or the turn was cancelled; a failed tool is a
// result for the model.
func (r *turnRun) runTools(ctx context.Context) ([]providers.Part, outcome) {
	results := make([]providers.Part, 0, len(r.calls))
	for _, c := range r.calls {
		res, o := r.runTool(ctx, c)
		if !o.done {
			return nil, o
		}
		results = append(results, res)
	}
	return results, outcome{done: true}
}

// runTool answers one call. generate_image shows the hand-off, draws into
// the reply and returns a short description of the picture, or the
// failure (also shown in the reply) with IsError.
func (r *turnRun) runTool(ctx context.Context, c providers.ToolCallPart) (providers.ToolResultPart, outcome) {
	res := providers.ToolResultPart{CallID: c.ID, Name: c.Name}
	done := outcome{done: true}
	if c.Name != ImageToolName || !r.t.offersImageTool() {
		res.Content, res.IsError = fmt.Sprintf("unknown tool %q", c.Name), true
		if r.t.offersImageTool() {
			res.Content += "; the only tool is " + ImageToolName
		}
		return res, done
	}
	args, err := parseImageArgs(c.Arguments)
	if err != nil {
		res.Content, res.IsError = err.Error(), true
		return res, done
	}
	b := *r.t.Images
	if !r.handoff(fmt.Sprintf("%s asked %s to draw: %s", r.t.fullName(), b.Name(), args.Prompt), nil) {
		return res, outcome{stopped: true}
	}
	finals, o := r.draw(ctx, b, imagegen.Request{Model: b.Model, Prompt: args.Prompt,
		Size: cmp.Or(args.Size, b.Size), Partials: b.Partials})
	switch {
	case o.stopped || (o.err != nil && (isCanceled(o.err) || ctx.Err() != nil)):
		return res, o
	case o.err != nil:
		reason := oneLine(o.err.Error())
		if !r.handoff(fmt.Sprintf("%s could not draw it: %s", b.Name(), reason), o.err) {
			return res, outcome{stopped: true}
		}
		res.Content, res.IsError = "image generation failed: "+reason, true
		return res, done
	}
	res.Content = describeFinals(finals)
	return res, done
}

// handoff stores a seam line as a note and yields TurnHandoff; false
// means the consumer stopped.
func (r *turnRun) handoff(line string, err error) bool {
	r.addNote(line)
	return r.yield(TurnEvent{Kind: TurnHandoff, Text: strings.Join(strings.Fields(line), " "), Err: err})
}

// describeFinals is the tool result for drawn pictures: what the model
// needs to talk about them, e.g. "image generated: 1024×1024 PNG, shown to
// the user".
func describeFinals(finals []Image) string {
	descs := make([]string, len(finals))
	for i, img := range finals {
		format := strings.ToUpper(imageExt(img.MIME))
		if img.Width > 0 {
			descs[i] = fmt.Sprintf("%d×%d %s", img.Width, img.Height, format)
		} else {
			descs[i] = format
		}
	}
	what := "image generated: "
	if len(finals) > 1 {
		what = fmt.Sprintf("%d images generated: ", len(finals))
	}
	return what + strings.Join(descs, ", ") + ", shown to the user"
}
