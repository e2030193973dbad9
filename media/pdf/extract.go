package pdf

import (
	"fmt"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// Extract writes a new PDF holding only pages (1-based, in that order), so
// that a page range reaches a model that reads PDFs natively as a document
// of just those pages.
func (d *Doc) Extract(pages []int) ([]byte, error) {
	idx := make([]int, len(pages))
	for i, p := range pages {
		if err := d.checkIndex(p - 1); err != nil {
			return nil, err
		}
		idx[i] = p - 1
	}
	var out []byte
	err := d.use(func(inst pdfium.Pdfium) error {
		nd, err := inst.FPDF_CreateNewDocument(&requests.FPDF_CreateNewDocument{})
		if err != nil {
			return fmt.Errorf("extracting pages: %w", err)
		}
		defer func() { _, _ = inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: nd.Document}) }()
		if _, err := inst.FPDF_ImportPagesByIndex(&requests.FPDF_ImportPagesByIndex{Source: d.ref,
			Destination: nd.Document, PageIndices: idx}); err != nil {
			return fmt.Errorf("extracting pages: %w", err)
		}
		res, err := inst.FPDF_SaveAsCopy(&requests.FPDF_SaveAsCopy{Document: nd.Document})
		if err != nil || res.FileBytes == nil {
			return fmt.Errorf("extracting pages: saving failed: %v", err)
		}
		out = *res.FileBytes
		return nil
	})
	return out, err
}

// Decrypted is the open document saved without its security handler: a
// PDF that needs no password, for models that read PDFs (none takes an
// encrypted one).
func (d *Doc) Decrypted() ([]byte, error) {
	var out []byte
	err := d.use(func(inst pdfium.Pdfium) error {
		res, err := inst.FPDF_SaveAsCopy(&requests.FPDF_SaveAsCopy{Document: d.ref, Flags: requests.SaveFlagRemoveSecurity})
		if err != nil || res.FileBytes == nil {
			return fmt.Errorf("removing the password failed: %v", err)
		}
		out = *res.FileBytes
		return nil
	})
	return out, err
}
