// Package pdf reads and draws PDF files with PDFium compiled to
// WebAssembly (github.com/klippa-app/go-pdfium run by wazero): pure Go, no
// cgo, nothing to install. It gives a document's page count, page sizes
// and text layer, renders pages to images bounded by pixels (a page that
// claims 20000×20000 points is drawn no larger than the caller allows),
// and parses page ranges ("1-5", "2,4-6").
//
// The WebAssembly module takes seconds to compile the first time (about
// 10 s on a 2-core machine); with a cache directory the compiled code is
// kept on disk and later starts take about 150 ms. Start it early, off the
// UI goroutine.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// MaxPixels bounds any rendered page, whatever the caller asks: 25 MP is
// already past what any model looks at.
const MaxPixels = 25_000_000

// Errors for documents PDFium cannot open; match with errors.Is.
var (
	// ErrEncrypted: the document needs a password.
	ErrEncrypted = errors.New("the PDF is encrypted (password-protected); remove the password and attach it again")
	// ErrCorrupt: the file is not a readable PDF (truncated or damaged).
	ErrCorrupt = errors.New("the PDF is damaged or truncated and cannot be read")
	// ErrWrongPassword: the password given does not open the document.
	ErrWrongPassword = errors.New("the password does not open this PDF")
	// ErrClosed: the renderer was closed.
	ErrClosed = errors.New("the PDF renderer is closed")
)

// Renderer owns one PDFium instance. Its methods are safe for concurrent
// use; calls are serialized (PDFium is single-threaded).
type Renderer struct {
	cacheDir string

	mu     sync.Mutex
	done   chan struct{} // closed when starting finished (ok or not)
	pool   pdfium.Pool
	inst   pdfium.Pdfium
	err    error
	closed bool
}

// NewRenderer returns a Renderer that keeps compiled code in cacheDir
// ("" keeps none: every process compiles again). Nothing starts until
// Start or the first Open.
func NewRenderer(cacheDir string) *Renderer { return &Renderer{cacheDir: cacheDir} }

// Compiled reports whether the cache directory holds compiled code from an
// earlier start, so that Start only loads it (about 0.15 s and 40 MB)
// instead of compiling PDFium (seconds of CPU, 300 MB at its peak): what
// decides whether a program may start the renderer before it is needed.
// False without a cache directory. It reads the directory: call it off
// any UI goroutine.
func (r *Renderer) Compiled() bool {
	if r.cacheDir == "" {
		return false
	}
	entries, err := os.ReadDir(r.cacheDir)
	return err == nil && len(entries) > 0
}

// Start compiles and instantiates PDFium once; later calls return at once
// with the first outcome. If ctx ends first, Start returns ctx's error and
// the work goes on in the background, so a later call can find it done.
func (r *Renderer) Start(ctx context.Context) error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	if r.done == nil {
		r.done = make(chan struct{})
		go r.start()
	}
	done := r.done
	r.mu.Unlock()
	select {
	case <-done:
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.err
	case <-ctx.Done():
		return fmt.Errorf("starting the PDF renderer: %w", ctx.Err())
	}
}

// start runs in its own goroutine: wazero's compile cannot be interrupted.
func (r *Renderer) start() {
	pool, inst, err := newInstance(r.cacheDir)
	r.mu.Lock()
	defer r.mu.Unlock()
	defer close(r.done)
	if r.closed && err == nil {
		_ = inst.Close()
		_ = pool.Close()
		r.err = ErrClosed
		return
	}
	r.pool, r.inst, r.err = pool, inst, err
}

// newInstance builds the wazero runtime with no file system mounted (PDFs
// are passed as bytes) and PDFium's output discarded: nothing may write to
// the terminal behind the UI's back.
func newInstance(cacheDir string) (pdfium.Pool, pdfium.Pdfium, error) {
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	if cacheDir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(cacheDir); err == nil {
			rc = rc.WithCompilationCache(cache)
		}
	}
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1,
		RuntimeConfig: rc, FSConfig: wazero.NewFSConfig(), Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		return nil, nil, fmt.Errorf("starting the PDF renderer: %w", err)
	}
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		_ = pool.Close()
		return nil, nil, fmt.Errorf("starting the PDF renderer: %w", err)
	}
	return pool, inst, nil
}

// Close releases PDFium. Open documents become unusable.
func (r *Renderer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	var err error
	if r.inst != nil {
		err = r.inst.Close()
		err = errors.Join(err, r.pool.Close())
		r.inst, r.pool = nil, nil
	}
	return err
}

// Doc is an open document. Close it when done.
type Doc struct {
	r     *Renderer
	ref   references.FPDF_DOCUMENT
	data  []byte // PDFium reads from it while the document is open
	Pages int    // page count
}

// Open starts the renderer if needed (see Start; ctx bounds the wait) and
// opens data. An encrypted document fails with ErrEncrypted, anything
// PDFium cannot parse with ErrCorrupt.
func (r *Renderer) Open(ctx context.Context, data []byte) (*Doc, error) {
	return r.OpenWithPassword(ctx, data, "")
}

// OpenWithPassword is Open for an encrypted document: a wrong password
// fails with ErrWrongPassword. "" is Open.
func (r *Renderer) OpenWithPassword(ctx context.Context, data []byte, password string) (*Doc, error) {
	if err := r.Start(ctx); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	d := &Doc{r: r, data: data}
	req := &requests.OpenDocument{File: &d.data}
	if password != "" {
		req.Password = &password
	}
	res, err := r.inst.OpenDocument(req)
	if err != nil && password != "" && errors.Is(err, pdfiumerrors.ErrPassword) {
		return nil, ErrWrongPassword
	}
	if err != nil {
		return nil, openError(err)
	}
	d.ref = res.Document
	n, err := r.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: d.ref})
	if err != nil || n.PageCount <= 0 {
		_, _ = r.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.ref})
		return nil, fmt.Errorf("%w (it has no pages)", ErrCorrupt)
	}
	d.Pages = n.PageCount
	return d, nil
}

// openError maps PDFium's load errors to ours.
func openError(err error) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return ErrEncrypted
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return fmt.Errorf("%w (its encryption is not supported)", ErrEncrypted)
	}
	return ErrCorrupt
}

// Close closes the document.
func (d *Doc) Close() {
	d.r.mu.Lock()
	defer d.r.mu.Unlock()
	if d.r.inst != nil && !d.r.closed {
		_, _ = d.r.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.ref})
	}
}

// use runs f with the instance locked.
func (d *Doc) use(f func(inst pdfium.Pdfium) error) error {
	d.r.mu.Lock()
	defer d.r.mu.Unlock()
	if d.r.closed || d.r.inst == nil {
		return ErrClosed
	}
	return f(d.r.inst)
}

func (d *Doc) page(i int) requests.Page {
	return requests.Page{ByIndex: &requests.PageByIndex{Document: d.ref, Index: i}}
}

// checkIndex validates a 0-based page index.
func (d *Doc) checkIndex(i int) error {
	if i < 0 || i >= d.Pages {
		return fmt.Errorf("page %d is outside the document (1–%d)", i+1, d.Pages)
	}
	return nil
}

// PageSize is page i's (0-based) size in points.
func (d *Doc) PageSize(i int) (w, h float64, err error) {
	if err := d.checkIndex(i); err != nil {
		return 0, 0, err
	}
	err = d.use(func(inst pdfium.Pdfium) error {
		res, err := inst.FPDF_GetPageSizeByIndexF(&requests.FPDF_GetPageSizeByIndexF{Document: d.ref, Index: i})
		if err != nil {
			return fmt.Errorf("page %d: %w", i+1, ErrCorrupt)
		}
		w, h = float64(res.Size.Width), float64(res.Size.Height)
		return nil
	})
	return w, h, err
}

// Text is the text layer of page i (0-based), line ends as "\n"; "" for a
// page without one (a scan).
func (d *Doc) Text(i int) (string, error) {
	if err := d.checkIndex(i); err != nil {
		return "", err
	}
	var text string
	err := d.use(func(inst pdfium.Pdfium) error {
		res, err := inst.GetPageText(&requests.GetPageText{Page: d.page(i)})
		if err != nil {
			return fmt.Errorf("page %d: text layer unreadable: %w", i+1, ErrCorrupt)
		}
		text = res.Text
		return nil
	})
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(text, "\r", "\n")), err
}

// RenderSize is the pixel size page i is drawn at to fit maxEdge (long
// edge) and maxPixels (area; at most MaxPixels), never above 2 pixels per
// point (144 dpi): a tiny page is not blown up. A page with no usable size
// is an error.
func RenderSize(wPt, hPt float64, maxEdge, maxPixels int) (w, h int, err error) {
	if !(wPt > 0 && hPt > 0) || math.IsInf(wPt, 0) || math.IsInf(hPt, 0) {
		return 0, 0, fmt.Errorf("%w (a page has no size)", ErrCorrupt)
	}
	if maxPixels <= 0 || maxPixels > MaxPixels {
		maxPixels = MaxPixels
	}
	scale := 2.0
	if maxEdge > 0 {
		scale = min(scale, float64(maxEdge)/max(wPt, hPt))
	}
	scale = min(scale, math.Sqrt(float64(maxPixels)/(wPt*hPt)))
	w, h = max(1, int(wPt*scale)), max(1, int(hPt*scale))
	return w, h, nil
}

// Render draws page i (0-based) on white within maxEdge and maxPixels
// (see RenderSize). The image is the caller's: it does not share memory
// with PDFium.
func (d *Doc) Render(i, maxEdge, maxPixels int) (*image.RGBA, error) {
	wPt, hPt, err := d.PageSize(i)
	if err != nil {
		return nil, err
	}
	w, h, err := RenderSize(wPt, hPt, maxEdge, maxPixels)
	if err != nil {
		return nil, err
	}
	var out *image.RGBA
	err = d.use(func(inst pdfium.Pdfium) error {
		res, err := inst.RenderPageInPixels(&requests.RenderPageInPixels{Page: d.page(i), Width: w, Height: h})
		if err != nil {
			return fmt.Errorf("page %d: cannot be drawn: %w", i+1, ErrCorrupt)
		}
		defer res.Cleanup()
		src := res.Result.Image
		// PDFium leaves the page transparent where nothing is drawn;
		// models see that as black, so paint white underneath.
		out = image.NewRGBA(src.Bounds())
		draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
		draw.Draw(out, out.Bounds(), src, src.Bounds().Min, draw.Over)
		return nil
	})
	return out, err
}
