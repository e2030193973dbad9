package providers

import (
	"testing"

	"github.com/BurntSushi/toml"
)

func TestDocumentCaps(t *testing.T) {
	a := LookupCaps(ProtocolAnthropic, "claude-sonnet-4-5")
	if !a.PDF || a.MaxPDFPages != 100 || a.MaxPDFBytes <= 20<<20 || a.MaxPDFBytes >= 24<<20 || a.Video {
		t.Fatalf("claude: %+v", a)
	}
	o := LookupCaps(ProtocolOpenAI, "gpt-4o")
	if !o.PDF || o.MaxPDFPages != 100 || o.Video {
		t.Fatalf("gpt-4o: %+v", o)
	}
	if d := LookupCaps(ProtocolOpenAI, "some-new-model"); d.PDF {
		t.Fatal("unknown OpenAI model reads PDFs")
	}
	g := LookupCaps(ProtocolGemini, "gemini-2.5-flash")
	// 20 MB inline per request, base64: the raw file must stay under 15 MB.
	if !g.PDF || !g.Video || g.MaxVideoBytes >= 15<<20 || g.MaxPDFBytes != g.MaxVideoBytes {
		t.Fatalf("gemini: %+v", g)
	}
	if l := LookupCaps(ProtocolOllama, "llava"); l.PDF || l.Video {
		t.Fatalf("llava: %+v", l)
	}
}

func TestDocOverrideFromTOML(t *testing.T) {
	var o CapsOverride
	if _, err := toml.Decode("pdf = true\nmax_pdf_pages = 50\nvideo = true\nmax_video_bytes = 1000\n", &o); err != nil {
		t.Fatal(err)
	}
	c := Caps{}.Apply(o)
	if !c.PDF || c.MaxPDFPages != 50 || !c.Video || c.MaxVideoBytes != 1000 || c.MaxPDFBytes != 0 {
		t.Fatalf("applied %+v", c)
	}
	bad := CapsOverride{DocOverride: DocOverride{MaxPDFPages: new(-1)}}
	if key, err := bad.Validate(); key != "max_pdf_pages" || err == nil {
		t.Fatalf("validate: %q %v", key, err)
	}
}
