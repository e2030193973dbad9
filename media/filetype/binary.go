package filetype

import (
	"bytes"
	"encoding/binary"
)

// sniffVideo recognises MP4 and QuickTime (an ISO base media "ftyp" box
// whose brand is a video one: HEIC, AVIF and M4A share the box) and
// Matroska/WebM (an EBML header whose DocType says which).
func sniffVideo(data []byte) (string, bool) {
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		brand := string(data[8:12])
		switch brand {
		case "qt  ":
			return MIMEMOV, true
		case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis",
			"M4A ", "M4B ", "M4P ", "F4A ":
			return "", false
		}
		return MIMEMP4, true
	}
	// QuickTime files without ftyp start with a moov, mdat, wide or free atom.
	if len(data) >= 8 && binary.BigEndian.Uint32(data[:4]) >= 8 {
		switch string(data[4:8]) {
		case "moov", "mdat", "wide":
			return MIMEMOV, true
		}
	}
	if bytes.HasPrefix(data, []byte{0x1a, 0x45, 0xdf, 0xa3}) {
		head := data[:min(len(data), 64)]
		if bytes.Contains(head, []byte("webm")) {
			return MIMEWebM, true
		}
		return MIMEMKV, true
	}
	return "", false
}

// knownBinary names binary file types by their magic bytes, with what to do
// instead: the refusal line is "NAME: WHAT".
func knownBinary(data []byte) (string, bool) {
	for _, m := range magics() {
		if bytes.HasPrefix(data, m.prefix) {
			if m.prefix[0] == 'P' && m.prefix[1] == 'K' {
				return zipKind(data), true
			}
			return m.what, true
		}
	}
	if len(data) >= 262 && string(data[257:262]) == "ustar" {
		return "a tar archive; unpack it and attach the files", true
	}
	return "", false
}

type magic struct {
	prefix []byte
	what   string
}

// magics are the binary types refused by name. ZIP-based formats are told
// apart by zipKind.
func magics() []magic {
	return []magic{
		{[]byte("PK\x03\x04"), ""},
		{[]byte("PK\x05\x06"), ""},
		{[]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, "an old Microsoft Office document (.doc, .xls or .ppt); save it as PDF"},
		{[]byte("\x7fELF"), "a Linux program (ELF executable); parley does not send programs"},
		{[]byte("MZ"), "a Windows program (.exe or .dll); parley does not send programs"},
		{[]byte{0xcf, 0xfa, 0xed, 0xfe}, "a macOS program (Mach-O); parley does not send programs"},
		{[]byte{0xca, 0xfe, 0xba, 0xbe}, "a Java class or macOS universal program; parley does not send programs"},
		{[]byte{0x1f, 0x8b}, "a gzip archive; unpack it and attach the file"},
		{[]byte("BZh"), "a bzip2 archive; unpack it and attach the file"},
		{[]byte{0xfd, '7', 'z', 'X', 'Z', 0x00}, "an xz archive; unpack it and attach the file"},
		{[]byte{0x28, 0xb5, 0x2f, 0xfd}, "a zstd archive; unpack it and attach the file"},
		{[]byte{'7', 'z', 0xbc, 0xaf, 0x27, 0x1c}, "a 7-Zip archive; unpack it and attach the files"},
		{[]byte("Rar!\x1a\x07"), "a RAR archive; unpack it and attach the files"},
		{[]byte("SQLite format 3\x00"), "an SQLite database; export the rows you need as CSV"},
		{[]byte("\x00asm"), "a WebAssembly module; parley does not send programs"},
		{[]byte("{\\rtf"), "an RTF document; save it as PDF or plain text"},
		{[]byte("wOFF"), "a web font; parley does not send fonts"},
		{[]byte("wOF2"), "a web font; parley does not send fonts"},
	}
}

// zipKind names a ZIP file by the entries its first local headers list:
// Office Open XML keeps word/, xl/ or ppt/ near the start, OpenDocument
// and EPUB a "mimetype" entry first.
func zipKind(data []byte) string {
	head := data[:min(len(data), 64<<10)]
	switch {
	case bytes.Contains(head, []byte("word/")):
		return "a Word document; save it as PDF"
	case bytes.Contains(head, []byte("xl/")):
		return "an Excel workbook; save the sheet as CSV or PDF"
	case bytes.Contains(head, []byte("ppt/")):
		return "a PowerPoint presentation; save it as PDF"
	case bytes.Contains(head, []byte("application/vnd.oasis.opendocument")):
		return "an OpenDocument file; save it as PDF"
	case bytes.Contains(head, []byte("application/epub+zip")):
		return "an EPUB book; save it as PDF"
	case bytes.Contains(head, []byte("AndroidManifest.xml")):
		return "an Android app (APK); parley does not send programs"
	case bytes.Contains(head, []byte("META-INF/MANIFEST.MF")):
		return "a Java archive (JAR); parley does not send programs"
	}
	return "a ZIP archive; unpack it and attach the files"
}
