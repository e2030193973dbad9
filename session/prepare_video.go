package session

import (
	"context"
	"fmt"
	"time"

	"parley/media/audio"
	"parley/media/video"
	"parley/providers"
)

// keyframeVersion names the keyframe rules in derived-blob keys.
const keyframeVersion = "keyframe1"

// AudioTrackPrefix frames a video's audio transcript in what a model
// reads, as TranscriptPrefix does a voice note's.
const AudioTrackPrefix = "[audio track transcript] "

// video sends a Video as its plan says: the file itself, or keyframes
// with their times and the audio track (audio, a stored transcript, or a
// transcription job that Run fills in; i is the part's index in the
// message, for the job).
func (p *preparation) video(pm *preparedMsg, i int, v Video) ([]providers.Part, error) {
	t := p.t
	if t.Store == nil {
		return nil, refuse(fmt.Sprintf("cannot send %s: attachments need a store", v.Name), nil)
	}
	plan := t.Plan(v)
	if plan.Err != nil {
		return nil, plan.Err
	}
	if plan.Mode == SendNative {
		data, err := t.Store.Blob(v.Blob)
		if err != nil {
			return nil, refuse(fmt.Sprintf("cannot send %s: %s", v.Name, oneLine(err.Error())), err)
		}
		return []providers.Part{providers.VideoPart{MIME: v.MIME, Data: data}}, nil
	}
	out, err := p.keyframes(v, plan)
	if err != nil {
		return nil, err
	}
	if v.AudioBlob == "" {
		return out, nil
	}
	if plan.Audio == "audio" {
		data, err := t.Store.Blob(v.AudioBlob)
		if err != nil {
			return nil, refuse(fmt.Sprintf("cannot send the audio of %s: %s", v.Name, oneLine(err.Error())), err)
		}
		return append(out, providers.AudioPart{MIME: audio.MIMEWAV, Data: data}), nil
	}
	if tr := t.storedVideoTranscript(v); tr != "" {
		if v.Transcript == "" {
			v.Transcript = tr
			pm.orig[i], pm.dirty = v, true
		}
		return append(out, providers.TextPart{Text: AudioTrackPrefix + tr}), nil
	}
	p.jobs = append(p.jobs, transcriptJob{msg: len(p.msgs), part: len(pm.parts) + len(out), orig: i, video: true})
	return append(out, providers.TextPart{}), nil
}

// keyframes are plan.Images frames spread over the video, each after a
// line with its time, fitted like any image and cached as derived blobs.
func (p *preparation) keyframes(v Video, plan SendPlan) ([]providers.Part, error) {
	t, ctx := p.t, p.context()
	path := t.Store.BlobPath(v.Blob)
	dur := v.Duration
	if dur <= 0 {
		info, err := t.Docs.Video.Probe(ctx, path)
		if err != nil {
			return nil, refuse(fmt.Sprintf("cannot send %s: %s", v.Name, oneLine(err.Error())), err)
		}
		dur = info.Duration
	}
	edge := t.capsOrZero().MaxImageEdge
	if edge <= 0 {
		edge = defaultPageEdge
	}
	head := fmt.Sprintf("[%s: a %s video shown as %d keyframes, each after its time", v.Name, video.Clock(dur), plan.Images)
	if v.AudioBlob != "" {
		head += ", then its audio track"
	}
	out := []providers.Part{providers.TextPart{Text: head + "]"}}
	for k, at := range video.Timestamps(dur, plan.Images) {
		img, err := p.keyframe(ctx, v, path, k, plan.Images, at, edge)
		if err != nil {
			return nil, refuse(fmt.Sprintf("cannot send %s: %s", v.Name, oneLine(err.Error())), err)
		}
		part, err := p.fitImage(img, false, -1)
		if err != nil {
			return nil, err
		}
		out = append(out, providers.TextPart{Text: fmt.Sprintf("[%s at %s]", v.Name, video.Clock(at))})
		out = append(out, part...)
	}
	return out, nil
}

// keyframe is frame k of n, at time at.
func (p *preparation) keyframe(ctx context.Context, v Video, path string, k, n int, at time.Duration, edge int) (Image, error) {
	key := fmt.Sprintf("%s;n=%d;k=%d;edge=%d", keyframeVersion, n, k, edge)
	name := fmt.Sprintf("%s at %s", v.Name, video.Clock(at))
	return p.t.Store.derivedImage(v.Blob, key, name, func() ([]byte, error) {
		frames, err := p.t.Docs.Video.Frames(ctx, path, []time.Duration{at}, edge)
		if err != nil {
			return nil, err
		}
		return frames[0].PNG, nil
	})
}

// transcribeVideo runs a video's transcription job: the audio track is
// transcribed like a voice note, and the transcript kept with the video.
func (p *preparation) transcribeVideo(ctx context.Context, j transcriptJob) error {
	t := p.t
	pm := &p.msgs[j.msg]
	v := pm.orig[j.orig].(Video)
	a := Audio{Blob: v.AudioBlob, MIME: audio.MIMEWAV, Name: v.Name + " (audio track)", Duration: v.Duration}
	if err := TranscribeAudio(ctx, t.Transcriber, t.Store, &a); err != nil {
		return refuse("", err)
	}
	v.Transcript = a.Transcript
	pm.orig[j.orig], pm.dirty = v, true
	pm.parts[j.part] = providers.TextPart{Text: AudioTrackPrefix + a.Transcript}
	return nil
}
