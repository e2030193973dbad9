package providers

// DocumentPart is a whole document for a model that reads it natively
// (Caps.PDF): today only PDFs. Adapters send it as their protocol's
// document: an Anthropic document block, an OpenAI file part, a Gemini
// inline blob. Models that cannot read PDFs never get one: session sends
// them page images and the text layer instead.
type DocumentPart struct {
	MIME string // application/pdf
	Name string // file name shown to the model where the protocol has one
	Data []byte // the file's bytes, never base64
}

// VideoPart is a whole video for a model that takes video (Caps.Video:
// Gemini, inline). Other models get keyframes and the audio track from
// session instead.
type VideoPart struct {
	MIME string // video/mp4, video/webm, video/quicktime, video/x-matroska
	Data []byte
}

func (DocumentPart) isPart() {}
func (VideoPart) isPart()    {}

// Document limits live in caps.toml ([family.pdf_limits], video and
// max_video_bytes), with the source and the date each was checked.
