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

// Document limits from the providers' docs (PROVIDERS.md, checked
// 2026-12-01). Byte limits are for the raw file: the request carries it as
// base64 (4/3 larger) and needs room for the rest of the conversation.
const (
	// Anthropic: a request is at most 32 MB; 100 pages for 200k-context models.
	anthropicMaxPDFBytes = 32 << 20 * 3 / 4 * 15 / 16
	anthropicMaxPDFPages = 100
	// OpenAI Chat Completions file inputs: 100 pages and 32 MB of content
	// per request.
	openAIMaxPDFBytes = 32 << 20 * 3 / 4 * 15 / 16
	openAIMaxPDFPages = 100
	// Gemini inline data: 20 MB per request; documents of up to 1,000 pages.
	geminiMaxInlineDocBytes = geminiMaxInlineBytes * 3 / 4 * 15 / 16
	geminiMaxPDFPages       = 1000
)
