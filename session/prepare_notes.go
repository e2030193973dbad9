package session

import (
	"context"

	"parley/media/imaging"
	"parley/media/sanitize"
)

// Notice kinds for audio; image notices carry imaging.NoteKind values
// ("first-frame", "converted", "bit-depth", "alpha", "scaled",
// "recompressed").
const (
	NoticeAudioConverted = "audio-converted" // decoded and sent as WAV
	NoticeTranscript     = "transcript"      // the words sent in place of the sound
	NoticeTiles          = "tiles"           // a screenshot sent in 2–4 pieces
)

// Notice is one change parley makes to an attachment on its way to the
// model, for the user to see: on the attachment's chip, in the inspect
// dialog, and in print mode as one line on stderr (Line). Nothing lossy
// happens without one.
type Notice struct {
	Name string // the attachment's file name, as the user knows it
	Kind string // see the Notice kinds and imaging.NoteKind
	Text string // "animated (24 frames): sending the first frame"
	// Part is the index of the attachment in the new message's parts; -1
	// for an attachment of an earlier message (History).
	Part int
	// History marks a change to an attachment sent before: an older image
	// fitted smaller because this request carries more images than the
	// model takes at full size.
	History bool
}

// Line is the notice as print mode writes it to stderr:
// "parley: anim.gif: animated (24 frames): sending the first frame". The
// file name is untrusted and is stripped of terminal controls.
func (n Notice) Line() string {
	return "parley: " + sanitize.String(n.Name) + ": " + sanitize.String(n.Text)
}

// PrepareNotices is Prepare, also returning every change parley will make
// to attachments on the way to the model (in the order of the parts, then
// older images refit for a request of many images). The UI shows them on
// the chips and in the inspect dialog; print mode writes their Line to
// stderr before the reply. The error is Prepare's.
func (t *Turn) PrepareNotices(ctx context.Context, history []Message, parts []Part) ([]Notice, error) {
	p, err := t.prepare(ctx, history, parts)
	if err != nil {
		return nil, err
	}
	return p.notices, nil
}

// noticesOf turns imaging's notes on the image name into Notices.
func noticesOf(name string, notes []imaging.Note) []Notice {
	var out []Notice
	for _, n := range notes {
		out = append(out, Notice{Name: name, Kind: string(n.Kind), Text: n.Text, Part: -1})
	}
	return out
}

// imageNotices rebuilds the notes of a cached fit from the original's
// header, without decoding it.
func imageNotices(img Image, orig []byte, f FittedImage) []Notice {
	if f.Reused {
		return nil
	}
	info, err := imaging.Inspect(orig)
	if err != nil {
		return nil
	}
	return noticesOf(img.Name, imaging.Describe(info, f.MIME, f.Width, f.Height))
}
