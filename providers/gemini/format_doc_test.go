package gemini

import (
	"bytes"
	"testing"

	"parley/providers"
)

func TestInlineDocumentAndVideo(t *testing.T) {
	for _, c := range []struct {
		part providers.Part
		mime string
		data []byte
	}{
		{providers.DocumentPart{MIME: "application/pdf", Name: "a.pdf", Data: []byte("%PDF")}, "application/pdf", []byte("%PDF")},
		{providers.VideoPart{MIME: "video/mp4", Data: []byte("mp4")}, "video/mp4", []byte("mp4")},
	} {
		p, err := toPart(c.part)
		if err != nil || p.InlineData == nil || p.InlineData.MIMEType != c.mime || !bytes.Equal(p.InlineData.Data, c.data) {
			t.Fatalf("%T: %+v %v", c.part, p, err)
		}
	}
	if _, err := toPart(providers.VideoPart{MIME: "application/pdf", Data: []byte{1}}); err == nil {
		t.Fatal("a video with a PDF MIME type was sent")
	}
	if _, err := toPart(providers.DocumentPart{MIME: "application/pdf"}); err == nil {
		t.Fatal("an empty document was sent")
	}
}
