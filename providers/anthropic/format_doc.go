package anthropic

import (
	"encoding/base64"
	"fmt"

	"github.com/anthropics/anthropic-sdk-go/v2"

	"parley/providers"
)

// documentBlock sends a PDF as a base64 document block titled with its
// file name, so the model can tell several documents apart.
func documentBlock(p providers.DocumentPart) (anthropic.ContentBlockParamUnion, error) {
	if p.MIME != "application/pdf" {
		return anthropic.ContentBlockParamUnion{}, fmt.Errorf("Anthropic models read PDF documents only, not %q", p.MIME)
	}
	if len(p.Data) == 0 {
		return anthropic.ContentBlockParamUnion{}, fmt.Errorf("the document %s is empty", p.Name)
	}
	b := anthropic.NewDocumentBlock(anthropic.Base64PDFSourceParam{Data: base64.StdEncoding.EncodeToString(p.Data)})
	if p.Name != "" {
		b.OfDocument.Title = anthropic.String(p.Name)
	}
	return b, nil
}
