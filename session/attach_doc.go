package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"parley/media/audio"
	"parley/media/filetype"
	"parley/media/imaging"
	"parley/media/pdf"
	"parley/media/video"
)

// Defaults of the [files] config keys.
const (
	// DefaultMaxTextBytes bounds a text file sent whole: 1 MB is ~250k
	// tokens, already more than most context windows.
	DefaultMaxTextBytes = 1 << 20
	// DefaultVideoFrames is how many keyframes a video becomes.
	DefaultVideoFrames = 8
	// MaxPDFBytes and MaxVideoBytes bound what Attach reads into memory.
	MaxPDFBytes   = 200 << 20
	MaxVideoBytes = 500 << 20
)

// DocTools are the engines and limits documents and videos need; one value
// serves the whole process (the PDF renderer is expensive to start).
type DocTools struct {
	// PDF reads and renders PDFs; nil refuses them.
	PDF *pdf.Renderer
	// Video runs ffmpeg; nil when it is not installed, VideoErr then says
	// so (and names the package to install).
	Video    *video.Tools
	VideoErr error
	// MaxTextBytes bounds a text file (0: DefaultMaxTextBytes), MaxPages
	// the PDF pages rendered as images when no range is chosen (0:
	// pdf.DefaultMaxPages), Frames the keyframes of a video (0:
	// DefaultVideoFrames).
	MaxTextBytes int64
	MaxPages     int
	Frames       int
}

// PDFCacheDir is where PDFium's compiled code is kept in a data
// directory: derived, safe to delete, and saving ~10 s at every start.
func PDFCacheDir(dataDir string) string { return filepath.Join(dataDir, "cache", "pdfium") }

// NewDocTools makes the tools with PDFium's compiled code cached in
// cacheDir ("" caches nothing) and ffmpeg looked up on PATH. Call
// Prewarm in a Cmd to compile PDFium before the first PDF arrives.
func NewDocTools(cacheDir string) *DocTools {
	d := &DocTools{PDF: pdf.NewRenderer(cacheDir)}
	d.Video, d.VideoErr = video.Find()
	return d
}

// Prewarm starts the PDF renderer (about 10 s the first time on a machine,
// about 0.15 s once its cache is filled); ctx bounds the wait, not the work.
func (d *DocTools) Prewarm(ctx context.Context) error {
	if d == nil || d.PDF == nil {
		return nil
	}
	return d.PDF.Start(ctx)
}

// Close releases the PDF renderer.
func (d *DocTools) Close() error {
	if d == nil || d.PDF == nil {
		return nil
	}
	return d.PDF.Close()
}

func (d *DocTools) maxText() int64 {
	if d == nil || d.MaxTextBytes <= 0 {
		return DefaultMaxTextBytes
	}
	return d.MaxTextBytes
}

func (d *DocTools) maxPages() int {
	if d == nil || d.MaxPages <= 0 {
		return pdf.DefaultMaxPages
	}
	return d.MaxPages
}

func (d *DocTools) frames() int {
	if d == nil || d.Frames <= 0 {
		return DefaultVideoFrames
	}
	return d.Frames
}

// AttachOptions are the user's choices for one attachment.
type AttachOptions struct {
	// Pages is a PDF page range ("1-5", "2,4-6"; "" = all): --pages.
	Pages string
	// Tail sends only a text file's last Tail lines (0 = all): --tail.
	Tail int
	// Password opens an encrypted PDF (the UI asks for it after a
	// refusal matching pdf.ErrEncrypted). The copy stored and sent has
	// the password removed: no model reads encrypted PDFs.
	Password string
}

// Attach checks data, whatever it is, and stores it once as a blob,
// returning the part to attach: an Image, an Audio, a Document (PDF or
// text file) or a Video, its type read from the bytes (name gives only the
// display name and a text file's language). Anything else is refused in
// one line naming the file and its type ("report.docx: a Word document;
// save it as PDF"). Nothing is stored when it fails. ctx bounds the PDF
// renderer's start and ffmpeg.
func (s *Store) Attach(ctx context.Context, data []byte, name string, tools *DocTools, opt AttachOptions) (Part, error) {
	name = cleanName(name)
	if opt.Tail < 0 {
		return nil, nameErr(name, fmt.Errorf("--tail %d: the line count must be positive", opt.Tail))
	}
	if _, ok := audio.Sniff(data); ok {
		return s.withoutOptions(name, opt, "an audio file", func() (Part, error) { return s.AddAudio(data, name) })
	}
	if _, err := imaging.Sniff(data); err == nil {
		return s.withoutOptions(name, opt, "an image", func() (Part, error) { return s.AddImage(data, name) })
	}
	typ, err := filetype.Detect(data, name)
	if err != nil {
		return nil, nameErr(name, err)
	}
	switch typ.Kind {
	case filetype.PDF:
		if opt.Tail > 0 {
			return nil, nameErr(name, errors.New("--tail applies to text files; this is a PDF (choose pages with --pages)"))
		}
		return s.AddPDF(ctx, data, name, tools, opt)
	case filetype.Video:
		return s.withoutOptions(name, opt, "a video", func() (Part, error) {
			return s.AddVideo(ctx, data, name, typ.MIME, tools)
		})
	}
	if opt.Pages != "" {
		return nil, nameErr(name, errors.New("--pages applies to PDFs; this is a text file (send its end with --tail N)"))
	}
	return s.AddTextFile(data, name, typ.Lang, tools.maxText(), opt.Tail)
}

// withoutOptions refuses page and tail options for media they do not fit.
func (s *Store) withoutOptions(name string, opt AttachOptions, what string, add func() (Part, error)) (Part, error) {
	if opt.Pages != "" || opt.Tail > 0 {
		return nil, nameErr(name, fmt.Errorf("--pages and --tail apply to PDFs and text files; this is %s", what))
	}
	return add()
}

// AddPDF checks data as a PDF with the renderer (encrypted files without
// opt.Password, damaged and truncated files are refused, opt.Pages is
// checked against the page count) and stores it, without its password
// when one was given. The first pages of the range are read for a text
// layer, so that a scan is known as one before anything is sent.
func (s *Store) AddPDF(ctx context.Context, data []byte, name string, tools *DocTools, opt AttachOptions) (Document, error) {
	pages := opt.Pages
	if name == "" {
		name = "document.pdf"
	}
	if len(data) > MaxPDFBytes {
		return Document{}, nameErr(name, fmt.Errorf("the PDF is %s, the limit is %d MB", mb(int64(len(data))), MaxPDFBytes>>20))
	}
	if tools == nil || tools.PDF == nil {
		return Document{}, nameErr(name, errors.New("PDFs cannot be read: no PDF renderer is set up"))
	}
	doc, err := tools.PDF.OpenWithPassword(ctx, data, opt.Password)
	if err != nil {
		return Document{}, nameErr(name, err)
	}
	defer doc.Close()
	unlocked := false
	if opt.Password != "" {
		if data, err = doc.Decrypted(); err != nil {
			return Document{}, nameErr(name, err)
		}
		unlocked = true
	}
	sel, err := pdf.ParseRange(pages, doc.Pages)
	if err != nil {
		return Document{}, nameErr(name, err)
	}
	d := Document{MIME: mimePDF, Name: name, Bytes: int64(len(data)), Pages: doc.Pages,
		PageRange: strings.TrimSpace(pages), Unlocked: unlocked}
	for _, p := range sel[:min(len(sel), 5)] {
		if text, err := doc.Text(p - 1); err == nil && text != "" {
			d.HasText = true
			break
		}
	}
	if d.Blob, err = s.PutBlob(data); err != nil {
		return Document{}, nameErr(name, err)
	}
	return d, nil
}

// AddTextFile stores a UTF-8 text file (filetype.Detect has checked it).
// A file over maxBytes is refused unless tail asks for its last lines, and
// those fit; then only they are stored (TailOf says how long the file
// was). Otherwise the whole file is stored and tail applies when sending,
// so it can be changed later.
func (s *Store) AddTextFile(data []byte, name, lang string, maxBytes int64, tail int) (Document, error) {
	if name == "" {
		name = "text.txt"
	}
	d := Document{MIME: "text/plain", Name: name, Lang: lang, Lines: countLines(data), Tail: tail}
	if int64(len(data)) > maxBytes {
		if tail <= 0 {
			return Document{}, nameErr(name, fmt.Errorf("the file is %s, text files are sent up to %s (files.max_text_size in config); send its end with --tail N",
				mb(int64(len(data))), mb(maxBytes)))
		}
		end := lastLines(data, tail)
		if int64(len(end)) > maxBytes {
			return Document{}, nameErr(name, fmt.Errorf("its last %d lines are %s, text files are sent up to %s (files.max_text_size in config); ask for fewer lines",
				tail, mb(int64(len(end))), mb(maxBytes)))
		}
		d.TailOf, d.Tail, data = d.Lines, 0, end
		d.Lines = countLines(end)
	}
	d.Bytes = int64(len(data))
	sha, err := s.PutBlob(data)
	if err != nil {
		return Document{}, nameErr(name, err)
	}
	d.Blob = sha
	return d, nil
}

// AddVideo probes a video with ffprobe (a file without a video stream is
// refused), extracts its audio track as a WAV voice note, and stores both.
// Without ffmpeg the video is stored with its facts unknown: models that
// watch video natively still take it, the others refuse it naming ffmpeg.
func (s *Store) AddVideo(ctx context.Context, data []byte, name, mime string, tools *DocTools) (Video, error) {
	if name == "" {
		name = "video" + videoExt(mime)
	}
	if len(data) > MaxVideoBytes {
		return Video{}, nameErr(name, fmt.Errorf("the video is %s, the limit is %d MB", mb(int64(len(data))), MaxVideoBytes>>20))
	}
	v := Video{MIME: mime, Name: name, Bytes: int64(len(data))}
	if tools != nil && tools.Video != nil {
		var wav []byte
		var err error
		if v, wav, err = probeVideo(ctx, tools.Video, data, v); err != nil {
			return Video{}, nameErr(name, err)
		}
		if wav != nil {
			if v.AudioBlob, err = s.PutBlob(wav); err != nil {
				return Video{}, nameErr(name, err)
			}
		}
	}
	sha, err := s.PutBlob(data)
	if err != nil {
		return Video{}, nameErr(name, err)
	}
	v.Blob = sha
	return v, nil
}

// probeVideo runs ffprobe and ffmpeg on a private temporary copy, so that
// nothing enters the store unless the video is good.
func probeVideo(ctx context.Context, tl *video.Tools, data []byte, v Video) (Video, []byte, error) {
	dir, err := os.MkdirTemp("", "parley-video-*")
	if err != nil {
		return v, nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "in"+videoExt(v.MIME))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return v, nil, err
	}
	info, err := tl.Probe(ctx, path)
	if err != nil {
		return v, nil, err
	}
	v.Duration, v.Width, v.Height = info.Duration, info.Width, info.Height
	if !info.HasAudio {
		return v, nil, nil
	}
	wav, err := tl.AudioWAV(ctx, path)
	if err != nil {
		return v, nil, fmt.Errorf("its audio track cannot be read: %w", err)
	}
	return v, wav, nil
}

func videoExt(mime string) string {
	switch mime {
	case filetype.MIMEMOV:
		return ".mov"
	case filetype.MIMEWebM:
		return ".webm"
	case filetype.MIMEMKV:
		return ".mkv"
	}
	return ".mp4"
}

// countLines counts lines, a last line without "\n" included.
func countLines(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	n := bytes.Count(b, []byte{'\n'})
	if b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// lastLines is the end of b holding its last n lines (all of b when it
// has no more).
func lastLines(b []byte, n int) []byte {
	i := len(b)
	if i > 0 && b[i-1] == '\n' {
		i--
	}
	for range n {
		j := bytes.LastIndexByte(b[:i], '\n')
		if j < 0 {
			return b
		}
		i = j
	}
	return b[i+1:]
}

// mb formats a size for refusals: "60 MB", "1 MB", "512 KB".
func mb(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", (n+(1<<19))>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+(1<<9))>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
