package session

import (
	"fmt"
	"strings"

	"parley/media/audioconv"
	"parley/providers"
)

// countImages is how many images a request of history plus parts carries:
// the user messages' images (an assistant's generated images go as notes).
// It decides the many-image rule (providers.Caps.ForImageCount), which is
// why it counts before anything is fitted.
func countImages(history []Message, parts []Part) int {
	n := 0
	count := func(ps []Part) {
		for _, p := range ps {
			if _, ok := p.(Image); ok {
				n++
			}
		}
	}
	for _, m := range history {
		if m.Role != RoleAssistant {
			count(m.Parts)
		}
	}
	count(parts)
	return n
}

// fitImage gets img's bytes as the model takes them, noting each change:
// all of them for the new message's images; for an older image only a refit
// to the many-image limit, since the rest was shown when it was sent.
func (p *preparation) fitImage(img Image, isNew bool, idx int) ([]providers.Part, error) {
	t, model := p.t, p.t.modelName()
	if t.Caps != nil && !t.Caps.Images {
		r := refuse(fmt.Sprintf("%s cannot read images", model), nil)
		r.Switch, r.Override = true, t.capsOverride("images")
		return nil, r
	}
	if undecodable(img.MIME) && t.Caps != nil && !acceptsUndecodable(*t.Caps, img.MIME) {
		return nil, refuse(unsupportedFormat(img.MIME, model), nil)
	}
	if t.Store == nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: attachments need a store", img.Name), nil)
	}
	if parts, ok := p.tiledImage(img, isNew, idx); ok {
		return parts, nil
	}
	f, err := t.Store.FittedImage(img, p.fit)
	if err != nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: %s", img.Name, oneLine(err.Error())), err)
	}
	switch {
	case isNew:
		for _, n := range f.Notes {
			n.Part = idx
			p.notices = append(p.notices, n)
		}
	case p.refitForMany(img):
		p.notices = append(p.notices, Notice{Name: img.Name, Kind: "scaled", Part: -1, History: true,
			Text: fmt.Sprintf("scaled to %d×%d: this request carries %d images, over %d each must fit %d×%d",
				f.Width, f.Height, p.images, p.fit.ManyImagesOver, p.fit.ManyImagesEdge, p.fit.ManyImagesEdge)})
	}
	return []providers.Part{p.imagePart(img, f)}, nil
}

// imagePart is one fitted image (or tile) as the provider takes it. The
// media_resolution level goes only to models that price by it (Gemini 3):
// Gemini 2 refuses a per-part level.
func (p *preparation) imagePart(img Image, f FittedImage) providers.Part {
	ip := providers.ImagePart{MIME: f.MIME, Data: f.Data, Detail: img.Detail}
	if len(p.fit.ResolutionTokens) > 0 {
		ip.Resolution = p.fit.MediaResolution
	}
	return ip
}

// refitForMany reports whether the many-image rule makes img smaller than
// the model's usual fit.
func (p *preparation) refitForMany(img Image) bool {
	base := p.t.capsOrZero()
	if p.fit.MaxImageEdge == base.MaxImageEdge || img.Width <= 0 {
		return false
	}
	w1, h1 := providers.FitSize(base, img.Width, img.Height)
	w2, h2 := providers.FitSize(p.fit, img.Width, img.Height)
	return w1 != w2 || h1 != h2
}

// mimeOpus is how the capability table names Ogg Opus, which sniffs as
// audio/ogg like Ogg Vorbis but is not what "audio/ogg" means to Gemini.
const mimeOpus = "audio/opus"

// audio prepares one voice note: the recording itself for a model that
// takes its format; converted to WAV for a model that takes audio but not
// that format; else its transcript. A missing transcript is looked up by
// recording and otherwise becomes a job (job true; the returned part is a
// placeholder Run fills in). a gets a transcript found in the store.
func (p *preparation) audio(a *Audio, isNew bool, idx int) (providers.Part, bool, error) {
	t := p.t
	if t.Caps == nil || t.Caps.Audio {
		part, reason, err := p.audioAsAudio(a, isNew, idx)
		if part != nil || err != nil {
			return part, false, err
		}
		return p.transcriptPart(a, isNew, idx, reason)
	}
	return p.transcriptPart(a, isNew, idx, t.modelName()+" cannot take audio")
}

// audioAsAudio sends a as sound when the model can hear it: as stored, or
// converted to WAV. A nil part with a reason says why not.
func (p *preparation) audioAsAudio(a *Audio, isNew bool, idx int) (providers.Part, string, error) {
	t := p.t
	if t.Store == nil {
		return nil, "", refuse(fmt.Sprintf("cannot send %s: attachments need a store", a.Name), nil)
	}
	data, err := t.Store.Blob(a.Blob)
	if err != nil {
		return nil, "", refuse(fmt.Sprintf("cannot send %s: %s", a.Name, oneLine(err.Error())), err)
	}
	mime := a.MIME
	if mime == audioconv.MIMEOGG && audioconv.IsOpus(data) {
		mime = mimeOpus
	}
	if t.Caps == nil || t.Caps.AcceptsAudio(mime) {
		return providers.AudioPart{MIME: a.MIME, Data: data}, "", nil
	}
	what := fmt.Sprintf("%s does not take %s", t.modelName(), audioName(mime))
	if !t.Caps.AcceptsAudio(audioconv.MIMEWAV) {
		return nil, what, nil
	}
	wav, notes, err := p.convertAudio(a, data, isNew)
	if err != nil {
		return nil, what + " and it cannot be converted (" + oneLine(err.Error()) + ")", nil
	}
	for _, n := range notes {
		p.notices = append(p.notices, Notice{Name: a.Name, Kind: NoticeAudioConverted, Text: n, Part: idx})
	}
	return providers.AudioPart{MIME: audioconv.MIMEWAV, Data: wav}, "", nil
}

// audioVersion names the audio conversion rules in derived-table keys;
// bump it when what a conversion produces changes.
const audioVersion = "audio1"

// convertAudio returns a's recording (data) as WAV for the model, and for
// the new message the notes of the conversion. The WAV is derived once per
// (recording, target) and cached like a fitted image, since every later
// turn sends the note again; a cached copy's notes come from the
// recording's headers (audioconv.Probe), not a second decode.
func (p *preparation) convertAudio(a *Audio, data []byte, wantNotes bool) ([]byte, []string, error) {
	s, c := p.t.Store, p.t.Caps
	tg := audioconv.Target{Rate: c.AudioHearsRate, Mono: c.AudioHearsMono}
	key := fmt.Sprintf("%s;wav;rate=%d;mono=%v", audioVersion, tg.Rate, tg.Mono)
	if f, ok := s.cachedFit(Image{Blob: a.Blob}, key); ok && f.MIME == audioconv.MIMEWAV {
		if !wantNotes {
			return f.Data, nil, nil
		}
		info, err := audioconv.Probe(data)
		if err == nil {
			return f.Data, audioconv.Notes(info, tg), nil
		}
	}
	conv, err := audioconv.ToWAV(data, tg)
	if err != nil {
		return nil, nil, err
	}
	// A failed cache write only costs a second conversion next time.
	if dst, err := s.PutBlob(conv.WAV); err == nil {
		_ = s.recordFit(a.Blob, key, dst, FittedImage{MIME: audioconv.MIMEWAV, Bytes: int64(len(conv.WAV))})
	}
	if !wantNotes {
		return conv.WAV, nil, nil
	}
	return conv.WAV, conv.Notes, nil
}

// transcriptPart sends a's transcript in place of the sound, saying why.
func (p *preparation) transcriptPart(a *Audio, isNew bool, idx int, why string) (providers.Part, bool, error) {
	t := p.t
	if isNew {
		p.notices = append(p.notices, Notice{Name: a.Name, Kind: NoticeTranscript, Part: idx,
			Text: why + ": sending the transcript"})
	}
	if a.Transcript == "" && t.Store != nil {
		a.Transcript = t.Store.storedTranscript(a.Blob)
	}
	if a.Transcript != "" {
		return providers.TextPart{Text: TranscriptPrefix + a.Transcript}, false, nil
	}
	if t.Transcriber == nil {
		return nil, false, refuse(fmt.Sprintf("%s and no transcription service is configured ([transcription] in config)", why), nil)
	}
	return providers.TextPart{}, true, nil
}

// audioName names an audio MIME type in messages: "audio/flac" → "FLAC".
func audioName(mime string) string {
	switch mime {
	case mimeOpus:
		return "Ogg Opus"
	case audioconv.MIMEOGG:
		return "Ogg Vorbis"
	case audioconv.MIMEMP3:
		return "MP3"
	}
	_, sub, _ := strings.Cut(mime, "/")
	return strings.ToUpper(sub)
}
