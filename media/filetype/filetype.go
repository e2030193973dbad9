// Package filetype tells, from a file's bytes, what kind of document an
// attachment is when it is neither an image nor audio (those have their own
// sniffers in media/imaging and media/audio): a PDF, a UTF-8 text file
// (source, logs, CSV, JSON, Markdown) or a video, and it names the binary
// types parley does not take ("a Word document") so that the refusal can
// say what to do instead. The name is used only for a text file's language
// tag and to notice a ".pdf" that is really a web page; the type itself is
// always read from the bytes.
package filetype

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// Kind is what an attachment is.
type Kind int

// The kinds Detect tells apart.
const (
	Unknown Kind = iota
	PDF
	Text
	Video
)

// MIME types of the kinds Detect returns.
const (
	MIMEPDF  = "application/pdf"
	MIMEText = "text/plain"
	MIMEMP4  = "video/mp4"
	MIMEMOV  = "video/quicktime"
	MIMEWebM = "video/webm"
	MIMEMKV  = "video/x-matroska"
)

// Type is the result of Detect.
type Type struct {
	Kind Kind
	MIME string
	// Lang is a text file's fence language tag from its extension ("go",
	// "python", "csv"; "" when unknown).
	Lang string
}

// ErrBinary matches (errors.Is) the refusal of a binary file parley does
// not take; the error's text names the type and what to do.
var ErrBinary = errors.New("binary file")

// ErrNotText matches the refusal of a file that looked like text but is
// not valid UTF-8 or holds NUL bytes.
var ErrNotText = errors.New("not a text file")

// ErrFakePDF matches a file named .pdf whose bytes are a web page.
var ErrFakePDF = errors.New("not a PDF")

// binaryError is an ErrBinary (or ErrNotText, ErrFakePDF) with its line.
type binaryError struct {
	msg    string
	target error
}

func (e *binaryError) Error() string        { return e.msg }
func (e *binaryError) Is(target error) bool { return target == e.target }

// Detect reads data's kind. A file it cannot place is refused with an
// error naming its type when known ("a Word document; save it as PDF"),
// else saying it is binary; a file that is almost text (invalid UTF-8, a
// NUL byte) says so with the byte offset. Images and audio are not
// recognised here: callers sniff those first.
func Detect(data []byte, name string) (Type, error) {
	if len(data) == 0 {
		return Type{}, errors.New("file is empty")
	}
	if isPDF(data) {
		return Type{Kind: PDF, MIME: MIMEPDF}, nil
	}
	if mime, ok := sniffVideo(data); ok {
		return Type{Kind: Video, MIME: mime}, nil
	}
	if what, ok := knownBinary(data); ok {
		return Type{}, &binaryError{msg: what, target: ErrBinary}
	}
	if strings.EqualFold(path.Ext(name), ".pdf") && looksHTML(data) {
		return Type{}, &binaryError{msg: "not a PDF: the file is a web page (HTML), perhaps a download that saved an error or login page", target: ErrFakePDF}
	}
	if err := checkText(data); err != nil {
		return Type{}, err
	}
	return Type{Kind: Text, MIME: MIMEText, Lang: Lang(name)}, nil
}

// isPDF reports a PDF header in the first KiB, where readers look for it
// (a few producers put junk before it).
func isPDF(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-"))
}

// looksHTML reports a web page's start, past whitespace and a BOM.
func looksHTML(data []byte) bool {
	head := bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 512)], []byte("\xef\xbb\xbf")), " \t\r\n")
	head = bytes.ToLower(head)
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.HasPrefix(head, []byte("<head")) || bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("<html"))
}

// checkText accepts valid UTF-8 without NUL bytes (a UTF-16 file has them
// on every other byte, a binary almost surely somewhere).
func checkText(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		if len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) {
			return &binaryError{msg: "not a text file parley can read: it is UTF-16; convert it to UTF-8", target: ErrNotText}
		}
		return &binaryError{msg: fmt.Sprintf("not a text file: a binary file (NUL byte at offset %d)", i), target: ErrNotText}
	}
	if !utf8.Valid(data) {
		off := invalidAt(data)
		return &binaryError{msg: fmt.Sprintf("not a text file: invalid UTF-8 at byte %d; convert it to UTF-8", off), target: ErrNotText}
	}
	return nil
}

// invalidAt is the offset of the first invalid UTF-8 sequence.
func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}
