package session

import (
	"fmt"
	"strings"

	"parley/media/pdf"
	"parley/media/video"
	"parley/providers"
)

// SendMode says how a document or a video reaches the model.
type SendMode string

// The ways a document or video is sent.
const (
	// SendNative sends the file itself: a PDF as the provider's document
	// (a subset of its pages when a range or the model's page limit
	// applies), a video inline.
	SendNative SendMode = "native"
	// SendPages sends rendered PDF pages as images, fitted like any
	// image, plus the text layer when the PDF has one.
	SendPages SendMode = "pages"
	// SendText sends text only: a PDF's text layer, or a text file as a
	// fenced block with its name and language.
	SendText SendMode = "text"
	// SendFrames sends a video as keyframes with their times, plus its
	// audio track as a voice note (audio, or its transcript).
	SendFrames SendMode = "keyframes"
)

// pageTextTokens is the guess for a page's text layer: ~2,000 characters.
const pageTextTokens = 500

// letterPx is a US Letter page at 2 px per point, the size pages are
// rendered at before fitting: token estimates of pages use it.
const letterW, letterH = 1224, 1584

// SendPlan is what will be sent for one document or video to the Turn's
// model: what the attachment chip shows (pages or lines, ≈tokens) and the
// inspect dialog says ("native PDF" / "20 page images + text layer" /
// "text only"). It is cheap: facts stored with the part and the model's
// caps only, no rendering.
type SendPlan struct {
	Mode SendMode
	// Pages are the PDF pages sent (1-based, in order); Omitted those of
	// the chosen range a cap left out.
	Pages   []int
	Omitted int
	// Images is how many images go: page images or keyframes.
	Images int
	// WithText: a PDF's text layer goes too (SendPages).
	WithText bool
	// Audio is a video's audio track: "audio", "transcript" or "" (none).
	Audio string
	// Lines is a text file's lines sent.
	Lines int
	// Tokens is the estimated input tokens (rough: "≈").
	Tokens int
	// Summary is one line for the inspect dialog and print mode's -v:
	// "native PDF · 12 pages · ≈9.6k tokens".
	Summary string
	// Notice, when set, is a line the user must see before sending: what
	// a cap left out and how to choose otherwise.
	Notice string
	// Err is a *RefusalError when the part cannot go to this model; the
	// other fields are then zero.
	Err error
}

// Plan says what Run would send for a Document or a Video to t's model
// (the zero SendPlan for other parts, which have their own helpers:
// ImageTokens, the audio transcript).
func (t *Turn) Plan(p Part) SendPlan {
	switch p := p.(type) {
	case Document:
		if !p.IsPDF() {
			return t.planText(p)
		}
		return t.planPDF(p)
	case Video:
		return t.planVideo(p)
	}
	return SendPlan{}
}

// Notices are the notices of the plans of parts for t's model, in order:
// what caps leave out of each document. The TUI shows them above the
// composer before sending; print mode writes them to stderr.
func (t *Turn) Notices(parts []Part) []string {
	var out []string
	for _, p := range parts {
		if n := t.Plan(p).Notice; n != "" {
			out = append(out, n)
		}
	}
	return out
}

// refusePlan is a plan that refuses; switchable marks refusals another
// model would not make.
func refusePlan(msg string, switchable bool) SendPlan {
	r := refuse(msg, nil)
	r.Switch = switchable
	return SendPlan{Err: r}
}

// planPDF decides between the document itself, page images and text.
func (t *Turn) planPDF(d Document) SendPlan {
	model, c := t.modelName(), t.Caps
	if c == nil || c.PDF {
		return t.planNativePDF(d)
	}
	pages, omitted, err := pdf.Select(d.PageRange, d.Pages, t.Docs.maxPages())
	if err != nil {
		return refusePlan(fmt.Sprintf("%s: %s", d.Name, err), false)
	}
	plan := SendPlan{Pages: pages, Omitted: omitted}
	if omitted > 0 {
		plan.Notice = fmt.Sprintf("%s: pages %s of %d are sent, %d left out (at most %d unless you choose pages: --pages, or the inspect dialog)",
			d.Name, pageList(pages), d.Pages, omitted, t.Docs.maxPages())
	}
	switch {
	case c.Images:
		plan.Mode, plan.Images, plan.WithText = SendPages, len(pages), d.HasText
		plan.Tokens = len(pages) * pageImageTokens(*c)
		if d.HasText {
			plan.Tokens += len(pages) * pageTextTokens
		}
		plan.Summary = fmt.Sprintf("%d page images", len(pages))
		if d.HasText {
			plan.Summary += " + text layer"
		}
	case d.HasText:
		plan.Mode, plan.Tokens = SendText, len(pages)*pageTextTokens
		plan.Summary = fmt.Sprintf("text only (%d pages)", len(pages))
	default:
		return refusePlan(fmt.Sprintf("%s has no text layer (a scanned PDF) and %s reads neither PDFs nor images", d.Name, model), true)
	}
	plan.Summary += " · ≈" + tokenCount(plan.Tokens) + " tokens"
	return plan
}

// planNativePDF sends the document: all of it, the chosen range, or the
// first pages the model takes.
func (t *Turn) planNativePDF(d Document) SendPlan {
	pages, err := pdf.ParseRange(d.PageRange, d.Pages)
	if err != nil {
		return refusePlan(fmt.Sprintf("%s: %s", d.Name, err), false)
	}
	plan := SendPlan{Mode: SendNative, Pages: pages}
	c := t.capsOrZero()
	if c.MaxPDFPages > 0 && len(pages) > c.MaxPDFPages {
		plan.Omitted = len(pages) - c.MaxPDFPages
		plan.Pages = pages[:c.MaxPDFPages]
		plan.Notice = fmt.Sprintf("%s: pages %s of %d are sent, %d left out (%s reads at most %d pages of a PDF; choose pages with --pages or the inspect dialog)",
			d.Name, pageList(plan.Pages), d.Pages, plan.Omitted, t.modelName(), c.MaxPDFPages)
	}
	whole := len(plan.Pages) == d.Pages
	if whole && c.MaxPDFBytes > 0 && d.Bytes > c.MaxPDFBytes {
		return refusePlan(fmt.Sprintf("%s is %s; %s reads PDFs of up to %s: choose fewer pages (--pages, or the inspect dialog)",
			d.Name, mb(d.Bytes), t.modelName(), mb(c.MaxPDFBytes)), false)
	}
	per := pageImageTokens(c) + pageTextTokens
	if c.ImageTokens == providers.TokensGemini {
		per = 258 // Gemini counts each document page as one image
	}
	plan.Tokens = len(plan.Pages) * per
	what := fmt.Sprintf("%d pages", len(plan.Pages))
	if !whole {
		what = "pages " + pageList(plan.Pages)
	}
	plan.Summary = fmt.Sprintf("native PDF · %s · ≈%s tokens", what, tokenCount(plan.Tokens))
	return plan
}

// pageImageTokens is a Letter page's image cost for the model.
func pageImageTokens(c providers.Caps) int {
	w, h := providers.FitSize(c, letterW, letterH)
	return providers.EstimateImageTokens(c, w, h, "")
}

// TextTokens estimates what n bytes of text cost sent as a fenced block:
// about four bytes a token, plus the fence and its heading.
func TextTokens(n int64) int { return int(n/4) + 20 }

// planText is a text file as a fenced block.
func (t *Turn) planText(d Document) SendPlan {
	lines, bytes := d.Lines, d.Bytes
	if d.Tail > 0 && d.Tail < lines {
		bytes = bytes * int64(d.Tail) / int64(max(lines, 1))
		lines = d.Tail
	}
	plan := SendPlan{Mode: SendText, Lines: lines, Tokens: TextTokens(bytes)}
	what := fmt.Sprintf("%d lines", lines)
	switch {
	case d.TailOf > 0:
		what = fmt.Sprintf("last %d of %d lines", d.Lines, d.TailOf)
	case lines < d.Lines:
		what = fmt.Sprintf("last %d of %d lines", lines, d.Lines)
	}
	plan.Summary = fmt.Sprintf("text · %s · ≈%s tokens", what, tokenCount(plan.Tokens))
	return plan
}

// planVideo decides between the video itself and keyframes plus audio.
func (t *Turn) planVideo(v Video) SendPlan {
	c, model := t.Caps, t.modelName()
	if c == nil || c.Video {
		if c != nil && c.MaxVideoBytes > 0 && v.Bytes > c.MaxVideoBytes {
			return refusePlan(fmt.Sprintf("%s is %s; %s takes videos of up to %s inline (the Files API is not supported yet): trim it, or send it to another model as keyframes",
				v.Name, mb(v.Bytes), model, mb(c.MaxVideoBytes)), true)
		}
		plan := SendPlan{Mode: SendNative, Tokens: int(v.Duration.Seconds() * 300)}
		plan.Summary = fmt.Sprintf("native video · %s · ≈%s tokens", video.Clock(v.Duration), tokenCount(plan.Tokens))
		return plan
	}
	if !c.Images {
		return refusePlan(fmt.Sprintf("%s cannot see images or video", model), true)
	}
	if t.Docs == nil || t.Docs.Video == nil {
		return refusePlan(fmt.Sprintf("%s cannot watch video, and sending it keyframes needs ffmpeg: %s", model, video.InstallHint), false)
	}
	n := t.Docs.frames()
	plan := SendPlan{Mode: SendFrames, Images: n, Tokens: n * pageImageTokensFor(*c, v.Width, v.Height)}
	plan.Summary = fmt.Sprintf("%d keyframes", n)
	if v.AudioBlob != "" {
		plan.Audio = "transcript"
		if c.AcceptsAudio("audio/wav") {
			plan.Audio = "audio"
		} else if v.Transcript == "" && t.Transcriber == nil && t.storedVideoTranscript(v) == "" {
			return refusePlan(fmt.Sprintf("%s cannot take audio and no transcription service is configured ([transcription] in config) for the audio track of %s", model, v.Name), false)
		}
		plan.Summary += " + audio " + plan.Audio
	}
	plan.Summary += " · ≈" + tokenCount(plan.Tokens) + " tokens"
	return plan
}

// pageImageTokensFor is the image cost of a w×h frame (a Letter page when
// the size is unknown).
func pageImageTokensFor(c providers.Caps, w, h int) int {
	if w <= 0 || h <= 0 {
		return pageImageTokens(c)
	}
	fw, fh := providers.FitSize(c, w, h)
	return providers.EstimateImageTokens(c, fw, fh, "")
}

// pageList writes pages compactly: "1–5, 8, 10–12".
func pageList(pages []int) string {
	var b strings.Builder
	for i := 0; i < len(pages); {
		j := i
		for j+1 < len(pages) && pages[j+1] == pages[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if j > i {
			fmt.Fprintf(&b, "%d–%d", pages[i], pages[j])
		} else {
			fmt.Fprintf(&b, "%d", pages[i])
		}
		i = j + 1
	}
	return b.String()
}

// tokenCount writes an estimate: "850", "9.6k", "120k".
func tokenCount(n int) string {
	switch {
	case n >= 100_000:
		return fmt.Sprintf("%dk", (n+500)/1000)
	case n >= 1000:
		return fmt.Sprintf("%.1fk", float64(n)/1000)
	}
	return fmt.Sprint(n)
}
