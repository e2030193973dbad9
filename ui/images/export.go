package images

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// ExportsDir is the directory under the data directory where `c` puts a
// copy of an image under a name with its extension.
const ExportsDir = "exports"

// exportedMsg is the outcome of exporting an image for `c`: the path to
// copy, or why there is none.
type exportedMsg struct {
	path string
	err  error
}

func (exportedMsg) imagesMsg() {}

// Export returns the Cmd that writes img as
// DATADIR/exports/parley-<sha12>.<ext> (once) and reports the path; its
// Update copies the path to the clipboard.
//
// A blob's own file has no extension (blobs/ab/cdef…), so a path to it is
// useless to an image viewer, a browser upload dialog or a shell glob. The
// export is a copy, not a hard link: a program that edits the exported
// file in place would otherwise change the history's content-addressed
// blob under it.
func Export(st *session.Store, img session.Image) tea.Cmd {
	return func() tea.Msg {
		path, err := writeExport(st, img)
		return exportedMsg{path: path, err: err}
	}
}

// writeExport writes the export unless an identical file is there already
// (`c` pressed again), through a temporary file renamed into place so a
// reader never sees half an image.
func writeExport(st *session.Store, img session.Image) (string, error) {
	data, err := st.Blob(img.Blob)
	if err != nil {
		return "", fmt.Errorf("cannot export the image: %w", err)
	}
	dir := filepath.Join(st.Dir(), ExportsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot export the image: %w", err)
	}
	path := filepath.Join(dir, "parley-"+img.Blob[:12]+Ext(img.MIME, data))
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return path, nil
	}
	tmp, err := os.CreateTemp(dir, ".export-*")
	if err != nil {
		return "", fmt.Errorf("cannot export the image: %w", err)
	}
	_, err = tmp.Write(data)
	err = errors.Join(err, tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("cannot export the image: %w", err)
	}
	return path, nil
}

// Ext is the file extension for an image's MIME type, sniffed from its
// bytes when the type is missing or unknown.
func Ext(mime string, data []byte) string {
	exts := map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
		"image/webp": ".webp", "image/bmp": ".bmp"}
	if ext, ok := exts[mime]; ok {
		return ext
	}
	if ext, ok := exts[http.DetectContentType(data)]; ok {
		return ext
	}
	return ".img"
}
