package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"parley/media/imaging"
	"parley/media/sanitize"
	"parley/session"
	"parley/ui/printmode"
)

// imageOptions is one `parley image` run.
type imageOptions struct {
	// Store keeps the prompt and the picture as a conversation; nil
	// (--no-save) uses an ephemeral store, deleted when image returns.
	Store   *session.Store
	Backend session.ImageBackend
	Prompt  string
	// Inputs are images to edit or draw from (-a), stored with the prompt.
	Inputs []printmode.File
	// Output is the file to write (-o); "" writes ./parley-<id>.<ext>
	// and an existing directory gets that name inside it. <id> is the
	// start of the image's SHA-256, so the same picture keeps its name.
	Output string
}

// image is `parley image`: it draws opts.Prompt with the image backend,
// writes the final picture's bytes exactly as the provider sent them to
// the output file, prints that file's path on stdout and returns 0. A
// failed or refused generation prints the provider's reason on stderr and
// returns 1 (the prompt stays in the history, with the reason). Text the
// model wrote alongside (Gemini) or a prompt the provider rewrote goes to
// stderr.
func image(ctx context.Context, opts imageOptions, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "parley: %s\n", oneLine(err.Error()))
		return 1
	}
	if opts.Store == nil {
		eph, err := session.OpenEphemeral()
		if err != nil {
			return fail(err)
		}
		defer eph.Close()
		opts.Store = eph
	}
	inputs, err := addImages(opts.Store, opts.Inputs)
	if err != nil {
		return fail(err)
	}
	var finals []session.Image
	var text strings.Builder
	var end *session.TurnEvent
	for ev := range session.GenerateImage(ctx, opts.Store, 0, opts.Backend, opts.Prompt, inputs) {
		switch ev.Kind {
		case session.TurnImage:
			if ev.Image != nil && !ev.Image.Partial {
				finals = append(finals, *ev.Image)
			}
		case session.TurnDelta:
			text.WriteString(ev.Text)
		case session.TurnFinished:
			end = &ev
		}
	}
	if t := strings.TrimSpace(sanitize.String(text.String())); t != "" {
		fmt.Fprintln(stderr, t)
	}
	switch {
	case end == nil:
		return fail(errors.New("the generation ended without a result"))
	case end.Err != nil:
		return fail(end.Err)
	case end.Message != nil && end.Message.Status != session.StatusDone:
		return fail(fmt.Errorf("generation %s", end.Message.Status))
	case len(finals) == 0:
		return fail(fmt.Errorf("%s finished without an image", opts.Backend.Name()))
	}
	for i, img := range finals {
		path, err := writeImage(opts.Store, img, outputPath(opts.Output, img, i))
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, path)
	}
	return 0
}

// addImages stores the input images; anything else is refused.
func addImages(store *session.Store, files []printmode.File) ([]session.Image, error) {
	var out []session.Image
	for _, f := range files {
		img, err := store.AddImage(f.Data, f.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, img)
	}
	return out, nil
}

// outputPath is where picture i goes: -o for the first (a directory gets
// the default name inside it), -o with "-2", "-3" before the extension for
// further pictures of the same reply.
func outputPath(out string, img session.Image, i int) string {
	if out == "" || isDir(out) {
		return filepath.Join(out, fmt.Sprintf("parley-%s.%s", shortID(img.Blob, i), extension(img.MIME)))
	}
	if i == 0 {
		return out
	}
	ext := filepath.Ext(out)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(out, ext), i+1, ext)
}

// writeImage copies the stored picture, bit for bit, to path.
func writeImage(store *session.Store, img session.Image, path string) (string, error) {
	data, err := store.Blob(img.Blob)
	if err != nil {
		return "", fmt.Errorf("reading the generated image: %w", err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil { // private like every export (issue 15, item 11)
		return "", fmt.Errorf("writing the image: %w", err)
	}
	return path, nil
}

// shortID names a picture by the start of its content hash (or its number
// when the store did not keep it).
func shortID(sha string, i int) string {
	if len(sha) >= 12 {
		return sha[:12]
	}
	return fmt.Sprintf("image-%d", i+1)
}

// extension is the usual file extension for an image MIME type.
func extension(mime string) string {
	if f, ok := imaging.FormatForMIME(mime); ok {
		if f == imaging.JPEG {
			return "jpg"
		}
		return string(f)
	}
	return "png"
}

// isDir reports whether path is an existing directory.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// oneLine squeezes an error (which may carry a provider's body) onto one
// safe line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(sanitize.String(s)), " ")
	if s == "" {
		return "unknown error"
	}
	return s
}
