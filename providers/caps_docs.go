package providers

import "fmt"

// DocOverride is the part of a model's config entry about documents and
// video; CapsOverride embeds it, so the keys sit beside the others:
//
//	[models."local/qwen-vl"]
//	pdf = false
//	max_pdf_pages = 50
//	video = true
type DocOverride struct {
	MaxPDFBytes   *int64 `toml:"max_pdf_bytes"`
	MaxPDFPages   *int   `toml:"max_pdf_pages"`
	Video         *bool  `toml:"video"`
	MaxVideoBytes *int64 `toml:"max_video_bytes"`
}

// apply sets the fields o sets.
func (o DocOverride) apply(c Caps) Caps {
	setIf(&c.MaxPDFBytes, o.MaxPDFBytes)
	setIf(&c.MaxPDFPages, o.MaxPDFPages)
	setIf(&c.Video, o.Video)
	setIf(&c.MaxVideoBytes, o.MaxVideoBytes)
	return c
}

// validate refuses negative limits, naming the key.
func (o DocOverride) validate() (string, error) {
	switch {
	case o.MaxPDFBytes != nil && *o.MaxPDFBytes < 0:
		return "max_pdf_bytes", fmt.Errorf("%d is negative", *o.MaxPDFBytes)
	case o.MaxPDFPages != nil && *o.MaxPDFPages < 0:
		return "max_pdf_pages", fmt.Errorf("%d is negative", *o.MaxPDFPages)
	case o.MaxVideoBytes != nil && *o.MaxVideoBytes < 0:
		return "max_video_bytes", fmt.Errorf("%d is negative", *o.MaxVideoBytes)
	}
	return "", nil
}
