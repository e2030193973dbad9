package filetype

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestDetectKinds(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		kind Kind
		mime string
		lang string
	}{
		{"report.pdf", []byte("%PDF-1.7\n%...\n"), PDF, MIMEPDF, ""},
		{"junk-before.pdf", append(bytes.Repeat([]byte{' '}, 100), "%PDF-1.4\n"...), PDF, MIMEPDF, ""},
		{"main.go", []byte("package main\n\nfunc main() {}\n"), Text, MIMEText, "go"},
		{"app.log", []byte("2026-12-01 INFO started\n"), Text, MIMEText, "log"},
		{"data.csv", []byte("a,b\n1,2\n"), Text, MIMEText, "csv"},
		{"x.json", []byte(`{"a":"é"}`), Text, MIMEText, "json"},
		{"README.md", []byte("# Hi\n"), Text, MIMEText, "markdown"},
		{"Makefile", []byte("all:\n\techo\n"), Text, MIMEText, "makefile"},
		{"noext", []byte("plain"), Text, MIMEText, ""},
		{"clip.mp4", append([]byte{0, 0, 0, 0x20}, "ftypisom\x00\x00\x02\x00"...), Video, MIMEMP4, ""},
		{"clip.mov", append([]byte{0, 0, 0, 0x14}, "ftypqt  \x00\x00\x00\x00"...), Video, MIMEMOV, ""},
		{"clip.webm", append([]byte{0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84}, "webm"...), Video, MIMEWebM, ""},
		{"clip.mkv", append([]byte{0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x82, 0x88}, "matroska"...), Video, MIMEMKV, ""},
	}
	for _, c := range cases {
		got, err := Detect(c.data, c.name)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.Kind != c.kind || got.MIME != c.mime || got.Lang != c.lang {
			t.Errorf("%s: got %+v, want kind %d %s lang %q", c.name, got, c.kind, c.mime, c.lang)
		}
	}
}

func TestDetectRefusesBinaries(t *testing.T) {
	zipWith := func(entry string) []byte {
		return append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), ("xxxxxxxxxxxxxxxx" + entry + "...")...)
	}
	cases := []struct {
		name string
		data []byte
		want string
		is   error
	}{
		{"report.docx", zipWith("word/document.xml"), "a Word document; save it as PDF", ErrBinary},
		{"sheet.xlsx", zipWith("xl/workbook.xml"), "an Excel workbook", ErrBinary},
		{"deck.pptx", zipWith("ppt/presentation.xml"), "a PowerPoint presentation", ErrBinary},
		{"a.zip", zipWith("src/main.go"), "a ZIP archive", ErrBinary},
		{"a.exe", []byte("MZ\x90\x00\x03\x00"), "a Windows program", ErrBinary},
		{"a.out", []byte("\x7fELF\x02\x01\x01"), "a Linux program (ELF executable)", ErrBinary},
		{"old.doc", []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0}, "old Microsoft Office", ErrBinary},
		{"x.gz", []byte{0x1f, 0x8b, 8, 0}, "a gzip archive", ErrBinary},
		{"db.sqlite", []byte("SQLite format 3\x00...."), "an SQLite database", ErrBinary},
		{"nul.txt", []byte("abc\x00def"), "NUL byte at offset 3", ErrNotText},
		{"latin1.txt", []byte("caf\xe9 au lait"), "invalid UTF-8 at byte 3", ErrNotText},
		{"utf16.txt", []byte("\xff\xfeh\x00i\x00"), "UTF-16", ErrNotText},
		{"report.pdf", []byte("<!DOCTYPE html>\n<html><body>Sign in</body></html>"), "web page (HTML)", ErrFakePDF},
	}
	for _, c := range cases {
		_, err := Detect(c.data, c.name)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, c.is) {
			t.Errorf("%s: got %v, want %q matching %v", c.name, err, c.want, c.is)
		}
	}
	if _, err := Detect(nil, "x"); err == nil || err.Error() != "file is empty" {
		t.Errorf("empty: %v", err)
	}
	// HTML named .html is a text file to attach, not a fake PDF.
	if got, err := Detect([]byte("<html></html>"), "page.html"); err != nil || got.Kind != Text || got.Lang != "html" {
		t.Errorf("page.html: %+v %v", got, err)
	}
	// HEIC and M4A share the ftyp box but are not video.
	for _, brand := range []string{"heic", "M4A ", "avif"} {
		if got, _ := Detect(append([]byte{0, 0, 0, 0x18}, ("ftyp"+brand+"\x00\x00\x00\x00")...), "x"); got.Kind == Video {
			t.Errorf("brand %q taken as video", brand)
		}
	}
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte("%PDF-1.4"), "a.pdf")
	f.Add([]byte("PK\x03\x04word/"), "a.docx")
	f.Add([]byte("hello"), "a.txt")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		typ, err := Detect(data, name)
		if err == nil && typ.Kind == Unknown {
			t.Fatalf("no error and no kind for %q", data)
		}
	})
}
