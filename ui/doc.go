// Package ui is parley's Bubble Tea v2 program: a root Model that composes
// components. It holds no turn logic: it runs session.Turn (and
// session.GenerateImage) and shows what they emit.
//
// # Start here
//
// update.go is the map: Update → route, the only message switch, grouped
// by where messages come from; handleKey, the key precedence as one
// commented list; handleAction, the one switch over what dialogs ask.
// model.go has the Model, New, View and the layout; commands.go the slash
// command table.
//
// # Components
//
// Each component is a package that owns its state, its KeyMap (a
// help.KeyMap, so help is generated from the bindings), its sealed
// message type and its Update/View. The root drives it only through
// methods: it never reads or writes a component's fields and never
// type-asserts one.
//
//	ui/common    what every component draws with: the markdown renderer's
//	             construction, line helpers, the formatters (sizes, clock
//	             times, token counts), the playback view value
//	ui/status    the status bar, a state machine driven by BeginTurn,
//	             Thinking, Streaming/Rate, Drawing, Usage, Finish, Refused
//	ui/stream    one reply's lifecycle for chat turns and /image alike: the
//	             pump (events coalesced to one stream.Msg per frame), the
//	             active stream, cancelled streams draining, the turns —
//	             started only by the Cmd Start returns
//	ui/composer  the editor: textarea, Tab completion's cycle, its KeyMap
//	ui/tray      the chips and the notice line: selection, labels for the
//	             current model, a voice note's transcript and playback as
//	             shown; storing attachments from files, pasted paths and
//	             the clipboard (images and audio, and through Store.Attach
//	             PDFs, text files and videos), fitting chips for the model
//	             (Cmds whose tray.Msg comes back to Update); documents'
//	             chips labelled from the Turn's SendPlan (tray.Planner) and
//	             a PDF's page renders ahead of sending, with progress
//	             (docs.go); tray.KeyMap and HandleKey
//	             are the selected chip's keys; a tray.Outcome says what the
//	             root must do (inspect, composer text, relabel, fit)
//	ui/transcript the entry list and its scrolling view: the entries in
//	             order, following the bottom or an anchor, which entries
//	             are on screen (Start, Visible), its KeyMap; it lays an
//	             entry out only through the Layout it defines, which the
//	             root's drawCtx implements. Of what an entry shows it has
//	             so far the entry kinds (Kind), the header line (Header),
//	             the reasoning line (Thinking) and image captions
//	             (ImageCaption)
//	ui/voice     voice notes: Notes coordinates the microphone (Recording:
//	             idle → starting → running → stopping, the recording bar),
//	             the speaker (Player), the transcript's selected note, a
//	             recorded note's transcript and voice.KeyMap; generic over
//	             how the root names a note, it finds audio through the
//	             Library it defines and answers with a voice.Result the
//	             root applies in applyVoice; voice.Msg
//	ui/voice     the microphone (Recording: idle → starting → running →
//	             stopping, the recording bar) and the speaker (Player,
//	             generic over how the root names a note); voice.Msg
//	ui/images    inline images: the detection burst and the terminal's
//	             replies, the encodes in a bounded worker pool (newest
//	             visible first, cancelled once scrolled away), the encode
//	             cache, placement after the frame, image blocks' drawing,
//	             the viewer, exporting for `c`; images.Msg. The media
//	             selection stays in the root (mediasel.go): it spans
//	             images and voice notes
//	ui/graphics  terminal graphics detection and the protocol decision,
//	             the encode cache
//	ui/markdown  the streaming markdown renderer
//
// Still in the root package, each in its own files, to be cut out next
// (see "Adding a component"): what a transcript entry shows (entry.go,
// sequence.go, mediaparts.go, docpreview.go — a document's chip line, a
// PDF's first page as an inline image, a text file's first lines —:
// entry kinds and their layout; thinking.go and transcript.go adapt them
// to ui/transcript). docs.go builds the Turn that plans document chips
// and prewarms PDFium; the document inspect dialog is ui/dialog's
// DocInspect.
//
// ui/cli (the cobra command tree) and ui/printmode (print mode) are user
// interfaces too, but not the TUI; the composition root that builds
// providers and services from the config is session/app. ui/termtest is
// the real-terminal test rig.
//
// # How a message is routed
//
// A component's Cmds return its sealed Msg (stream.Msg, voice.Msg,
// images.Msg). route
// has one case per message type: `case stream.Msg:` hands it to
// Stream.Update, which returns what the root must show (a Frame); the
// root applies it to the transcript and calls the status bar's methods.
// Components report outward with small result values (stream.Frame,
// voice.Result, tray.Outcome), never by reaching into the
// root. What route does not know goes to the open dialog and the composer.
//
// # Key precedence
//
// handleKey tries, in order: quit; the image viewer; an open dialog; the
// transcript's image/voice-note selection; voice notes (recording,
// playback, the voice chip); the selected chip (tray.KeyMap); the root's
// keys (rootKey, which hands the scrolling keys to ui/transcript); the
// composer. Every key is matched with key.Matches on
// a KeyMap — no key strings compared by hand — and TestEveryBindingHasHelp
// fails when a binding has no help entry or an entry has no binding.
//
// # Side effects
//
// Only Cmds do I/O or block; state changes only in Update. A Cmd captures
// what it needs (values, not the Model) and returns a message.
//
// # Adding a component
//
//  1. Make ui/NAME with a type that owns its state, a KeyMap with
//     ShortHelp/FullHelp and a DefaultKeyMap, a sealed
//     `type Msg interface{ nameMsg() }` for its Cmds' results, and Update
//     and View methods. Report outward with a small result type.
//  2. Give it tests through its API (see ui/voice, ui/tray, ui/stream,
//     ui/transcript), with the shared fakes of providers/providertest and
//     providers/imagegen/imagegentest rather than new copies.
//  3. In the root: a Model field, one case in route, its layer in
//     handleKey (and in the list above), its KeyMap in allKeyMaps
//     (keys_test.go) and, if its keys belong in ? help, in keyMap.FullHelp.
//  4. Keep the goldens (ui/testdata, testdata/e2e) byte-identical, or say
//     in the commit why a screen changes.
//
// Count the structure with `go run ./ui/internal/uicount`.
package ui
