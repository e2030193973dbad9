// Package pdftest writes small PDF files for tests: text pages, an
// image-only ("scanned") page, many pages, an encrypted file, a page of
// absurd size. Each is built byte by byte with a correct cross-reference
// table, so a strict reader opens it without repair; tests of the packages
// that read, prepare and send documents share them.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Page is one page to write.
type Page struct {
	// Text is drawn in Helvetica, one line per "\n"; empty draws no text
	// (a page with no text layer).
	Text string
	// Gray, when > 0, paints a Gray×Gray pixel image over the page: the
	// picture of a scan, with no text layer unless Text is set too.
	Gray int
	// Width and Height are the MediaBox in points; zero gives US Letter.
	Width, Height float64
}

// Options change how the file is written.
type Options struct {
	// Encrypted adds a standard security handler whose user password is
	// not empty: readers must ask for a password.
	Encrypted bool
}

// Text returns a one-page PDF whose text layer is text.
func Text(text string) []byte { return Build([]Page{{Text: text}}, Options{}) }

// Pages returns an n-page PDF whose page i says "Page i".
func Pages(n int) []byte {
	ps := make([]Page, n)
	for i := range ps {
		ps[i] = Page{Text: fmt.Sprintf("Page %d of %d", i+1, n)}
	}
	return Build(ps, Options{})
}

// Scanned returns a one-page PDF holding only an image (no text layer).
func Scanned() []byte { return Build([]Page{{Gray: 64}}, Options{}) }

// Encrypted returns a one-page PDF that needs a password.
func Encrypted() []byte { return Build([]Page{{Text: "secret"}}, Options{Encrypted: true}) }

// Huge returns a one-page PDF whose page claims w×h points.
func Huge(w, h float64) []byte {
	return Build([]Page{{Text: "big", Width: w, Height: h}}, Options{})
}

// Build writes pages as a PDF.
func Build(pages []Page, opt Options) []byte {
	if !opt.Encrypted {
		return buildWith(pages, nil, "", "")
	}
	// A standard handler, revision 3, whose O and U entries match no
	// password: enough for a reader to refuse without one.
	return buildWith(pages, nil, "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 "+
		"/O <"+strings.Repeat("5a", 32)+"> /U <"+strings.Repeat("a5", 32)+"> >>",
		"[<"+strings.Repeat("01", 16)+"> <"+strings.Repeat("01", 16)+">]")
}

// buildWith writes pages with an optional Encrypt dictionary and ID, enc
// encrypting each stream's bytes (nil leaves them clear).
func buildWith(pages []Page, enc func(id int, data []byte) []byte, encrypt, id string) []byte {
	w := &writer{enc: enc}
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Objects: 1 catalog, 2 pages, 3 font, then per page: page, contents
	// and, for a scan, its image.
	n := len(pages)
	kids := make([]string, n)
	next := 4
	type ids struct{ page, content, image int }
	pid := make([]ids, n)
	for i, p := range pages {
		pid[i] = ids{page: next, content: next + 1}
		next += 2
		if p.Gray > 0 {
			pid[i].image = next
			next++
		}
		kids[i] = fmt.Sprintf("%d 0 R", pid[i].page)
	}
	w.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.object(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	w.object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for i, p := range pages {
		pw, ph := p.Width, p.Height
		if pw == 0 || ph == 0 {
			pw, ph = 612, 792
		}
		res := "/Font << /F1 3 0 R >>"
		var content strings.Builder
		if p.Gray > 0 {
			res += fmt.Sprintf(" /XObject << /Im1 %d 0 R >>", pid[i].image)
			fmt.Fprintf(&content, "q %g 0 0 %g 0 0 cm /Im1 Do Q\n", pw, ph)
		}
		if p.Text != "" {
			content.WriteString("BT /F1 18 Tf 72 ")
			fmt.Fprintf(&content, "%g Td 22 TL\n", ph-90)
			for _, line := range strings.Split(p.Text, "\n") {
				fmt.Fprintf(&content, "(%s) Tj T*\n", escape(line))
			}
			content.WriteString("ET\n")
		}
		w.object(pid[i].page, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << %s >> /Contents %d 0 R >>",
			pw, ph, res, pid[i].content))
		w.stream(pid[i].content, "", []byte(content.String()))
		if p.Gray > 0 {
			w.stream(pid[i].image, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
				p.Gray, p.Gray), deflate(grayPattern(p.Gray)))
		}
	}
	trailer := fmt.Sprintf("/Size %d /Root 1 0 R", next)
	if encrypt != "" {
		w.object(next, encrypt)
		trailer = fmt.Sprintf("/Size %d /Root 1 0 R /Encrypt %d 0 R /ID %s", next+1, next, id)
		next++
	}
	return w.finish(next, trailer)
}

// writer collects objects and their offsets for the xref table.
type writer struct {
	buf     bytes.Buffer
	offsets map[int]int
	enc     func(id int, data []byte) []byte
}

func (w *writer) object(id int, body string) {
	if w.offsets == nil {
		w.offsets = map[int]int{}
	}
	w.offsets[id] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", id, body)
}

func (w *writer) stream(id int, dict string, data []byte) {
	if w.offsets == nil {
		w.offsets = map[int]int{}
	}
	w.offsets[id] = w.buf.Len()
	if w.enc != nil {
		data = w.enc(id, data)
	}
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< %s /Length %d >>\nstream\n", id, dict, len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

func (w *writer) finish(size int, trailer string) []byte {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", size)
	for id := 1; id < size; id++ {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", w.offsets[id])
	}
	fmt.Fprintf(&w.buf, "trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n", trailer, xref)
	return w.buf.Bytes()
}

// escape quotes a PDF literal string.
func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(s)
}

// grayPattern is a size×size checkerboard of 8-px squares.
func grayPattern(size int) []byte {
	b := make([]byte, size*size)
	for y := range size {
		for x := range size {
			if (x/8+y/8)%2 == 0 {
				b[y*size+x] = 0x30
			} else {
				b[y*size+x] = 0xd0
			}
		}
	}
	return b
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	zw := zlib.NewWriter(&out)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}

// CacheDir is where tests keep PDFium's compiled code, shared by every
// test binary of the user: compiling it costs 4–10 s on a 2-core machine,
// loading it from the cache about 150 ms. It is in the user's own cache
// directory, not a shared temporary one, since the files are code that
// will be run.
func CacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "parley-test", "pdfium")
}
