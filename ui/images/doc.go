// Package images draws the transcript's inline images: it owns the
// terminal graphics detection (the query burst and the terminal's
// replies, decided by ui/graphics), the encode cache, the background
// encodes and their worker pool, the placement of sixel and iTerm2 images
// after the frame, the image blocks' rendering (half-blocks, kitty
// placeholders, blank reserved cells), the full-screen viewer and the
// side effects of the image actions (exporting a copy for `c`).
//
// # The cut
//
// The root lays entries out and knows which entries are on screen; this
// package knows what an image looks like at a size. So an entry keeps its
// images' places as a Blocks value (filled through Fit and Caption while
// the entry is laid out), and the root hands the visible part of each
// entry to EntrySlots. From those slots Sync starts the encodes and
// schedules placement, and Overlay draws over the reserved lines. The
// package never sees an entry, the tray or a dialog.
//
// The transcript's media selection (Tab over images and voice notes) is
// not here: it is one selection across images and voice notes, so it
// stays with the transcript in the root (mediasel.go); Overlay is told
// which image is selected, and the root turns the image keys into calls
// (Open, Export) and into tray and dialog changes.
//
// # Frame rate
//
// Nothing here decodes, scales or encodes on the UI goroutine. Each
// image's encode is a job: Sync returns it as a Cmd that waits for a
// place in the pool (at most runtime.NumCPU() jobs run at once; the
// newest visible image goes first) and checks, before it starts, that its
// image is still wanted. An image scrolled out of view before its job
// started is never encoded. The pool is the one piece of state Cmds touch:
// a mutex-guarded queue of tickets, which is synchronisation, not model
// state; what a job produces comes back as a Msg and is stored by Update.
//
// Until a job is done, a block draws its half-block thumbnail if that is
// cached, else blank cells: either way exactly the block's final size in
// cells, fixed by Fit from the image's known size, so layout never jumps.
// One job decodes an image once and makes its thumbnail and the
// protocol's encode from it; the decoded pixels are dropped when it ends
// (a sixel image keeps its scaled, palette-mapped frame — one byte per
// on-screen pixel — so a partly visible image is re-encoded for its
// visible rows without decoding it again). The encode cache and the kept
// frames each have a byte budget, evicting the least recently used.
package images
