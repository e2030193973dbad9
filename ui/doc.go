// Package ui is parley's Bubble Tea v2 program: a root Model that composes
// components. It holds no turn logic: it runs session.Turn (and
// session.GenerateImage) and shows what they emit.
//
// # Start here
//
// update.go is the map: Update → route, the only message switch, grouped
// by where messages come from; handleKey, the key precedence as one
// commented list; handleAction, the one switch over what dialogs ask.
// model.go has the Model, New, Init, View, the layout and Run;
// commands.go the slash-command table, the typed actions its rows (and
// the root keys that do the same) produce, and run, the one switch over
// them; apply.go applies what components report (chat.Outcome,
// voice.Result, speech.Result, tray.Outcome, convo.Outcome); dialogs.go
// opens dialogs and does what their actions change. keys.go is the
// root's KeyMap, turns.go what the root asks of the model in use.
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
//	ui/chat      the conversation as it is shown and driven: the entries
//	             (messages, notices, the system prompt) and how each
//	             draws itself — markdown, reasoning line, images and
//	             hand-off lines in order, voice notes, documents'
//	             previews, kept speech —; the streaming reply (Send,
//	             Start for /image, the stream's frames, refusal, stop);
//	             the message queued while a reply streams; the loop on
//	             the stored branches (Retry, Edit, Branch, the selected
//	             message's keys); the media selection over images and
//	             voice notes (HandleMediaKey); copying and reading aloud
//	             pick their message here; a resumed conversation opens
//	             lazily (LoadOutline: placeholders, pages loaded by
//	             Want's Cmds as they come into view). It reaches the status bar,
//	             reading aloud, images and voice notes through small
//	             interfaces it defines (Status, Speaker, Images, Voices)
//	             and reports what the composer, the tray and the notice
//	             line must do with a chat.Outcome (applyChat); chat.Msg
//	ui/status    the status bar, a state machine driven by BeginTurn,
//	             Thinking, Streaming/Rate, Drawing, Usage, Finish, Refused
//	ui/stream    one reply's lifecycle for chat turns and /image alike: the
//	             pump (events coalesced to one stream.Msg per frame), the
//	             active stream, cancelled streams draining, the turns —
//	             started only by the Cmd Start returns; Queue, the message
//	             typed while a reply streams (ui/chat says when it is
//	             sent, held or taken back)
//	ui/composer  the editor: textarea, Tab completion's cycle, input
//	             history (↑/↓ on the edge lines, ctrl+↑/↓; the stored
//	             history loaded by LoadHistory's Cmd), ctrl+u clearing the
//	             draft, $EDITOR through tea.ExecProcess (OpenEditor), its
//	             KeyMap; composer.Msg goes to Apply
//	ui/paste     the paste guard: keys arriving right after a paste are
//	             held for a moment and given back, or, when another paste
//	             marker shows the paste was split (a paste-end marker in
//	             the pasted text), turned into pasted text; paste.Msg
//	ui/convo     the conversation as a whole: its system prompt and
//	             persona (what the next turn sends), rename, delete, its
//	             cost; Cmds answer with convo.Msg, and a convo.Outcome
//	             says what the root changes (applyConvo, apply.go)
//	ui/clip      copying: OSC 52 through tea.SetClipboard (and tea.Raw
//	             wrapped for tmux), the OS tool in a Cmd whose clip.Copied
//	             says what was copied; a reply's code blocks
//	ui/tray      the chips and the notice line: selection, labels for the
//	             current model, a voice note's transcript and playback as
//	             shown; storing attachments from files, pasted paths and
//	             the clipboard (images and audio, and through Store.Attach
//	             PDFs, text files and videos), fitting chips for the model
//	             (Cmds whose tray.Msg comes back to Update); documents'
//	             chips labelled from the Turn's SendPlan (tray.Planner) and
//	             a PDF's page renders ahead of sending, with progress
//	             (turns.go's chipPlanner); tray.KeyMap and HandleKey
//	             are the selected chip's keys; a tray.Outcome says what the
//	             root must do (inspect, composer text, relabel, fit)
//	ui/transcript the entry list and its scrolling view: the entries in
//	             order, following the bottom or an anchor, which entries
//	             are on screen (Start, Visible), its KeyMap; the selected
//	             message and SelectKeyMap (HandleSelect returns what the
//	             chat must do: edit, switch branch); it lays an
//	             entry out only through the Layout it defines, which
//	             ui/chat implements with a Cache (its rendered lines
//	             under a budget) over its draw. Of what an entry shows it has
//	             so far the entry kinds (Kind), the header line (Header),
//	             the reasoning line (Thinking) and image captions
//	             (ImageCaption); the header's Tags (branch ‹ i/n ›, cost);
//	             the selected message (SelectKeyMap, HandleSelect,
//	             Selected, drawn with ui/chat's mark)
//	ui/voice     voice notes: Notes coordinates the microphone (Recording:
//	             idle → starting → running → stopping, the recording bar),
//	             the speaker (Player), the transcript's selected note, a
//	             recorded note's transcript and voice.KeyMap; generic over
//	             how the root names a note, it finds audio through the
//	             Library it defines and answers with a voice.Result the
//	             root applies in applyVoice; voice.Msg
//	ui/images    inline images: the detection burst and the terminal's
//	             replies, the encodes in a bounded worker pool (newest
//	             visible first, cancelled once scrolled away), the encode
//	             cache, placement after the frame, image blocks' drawing,
//	             the viewer, exporting for `c`; images.Msg. The media
//	             selection is ui/chat's: it spans images and voice notes
//	             over the chat's entries
//	ui/speech    reading aloud and voice mode: the Speaker owns the one
//	             reading at a time (a reply as it streams, fed by Write and
//	             End from ui/chat; a message on demand; kept speech
//	             replayed), its stop and pause keys, the status bar's label,
//	             keeping the audio with the message (session.Spoken); and
//	             voice mode (off → starting → listening → sending →
//	             thinking → speaking → listening; its bar, barge-in,
//	             push-to-talk). Generic over how the root names a message;
//	             answers with a speech.Result the root applies in
//	             applySpeech (apply.go); speech.Msg
//	ui/dialog    the dialogs and their stack (dialog.Overlay): help
//	             (built from the root's KeyMap), model picker, history
//	             (with its rename and costs), file picker, inspect, save,
//	             transcript editor, a yes/no question (Ask). Each
//	             returns a typed dialog.Action that handleAction
//	             (update.go) handles in one switch; their Cmds' results
//	             are one dialog.Msg routed to the Overlay. dialogs.go is
//	             the root's side: openDialog, what the actions change
//	             (switchModel, handleHistoryOpen) and dialog.Images over
//	             the image pipeline for the inspect dialog
//	ui/graphics  terminal graphics detection and the protocol decision,
//	             the encode cache
//	ui/markdown  the streaming markdown renderer
//
// Why one chat component, not entries in ui/transcript and the reply in
// ui/stream: an entry, the reply streaming into it, the queue that
// waits for that reply's end and the branches a retry or an edit makes
// are one state — a stream frame changes an entry, the end of a reply
// sends the queued message and reads the branch again, a branch switch
// replaces the entries and the media selection that pointed into them.
// Split across packages, each would reach into the others' fields.
// ui/transcript stays the generic list (scrolling, visibility, the
// selected message) and ui/stream the generic lifecycle; ui/chat is the
// conversation built on them. What it does not own — the composer, the
// tray, the notice line — it names in its Outcome for the root to apply.
//
// ui/cli (the cobra command tree) and ui/printmode (print mode) are user
// interfaces too, but not the TUI; the composition root that builds
// providers and services from the config is session/app. ui/termtest is
// the real-terminal test rig.
//
// # How a message is routed
//
// A component's Cmds return its sealed Msg (stream.Msg, chat.Msg,
// voice.Msg, images.Msg, speech.Msg, …). route has one case per message
// type: `case stream.Msg, chat.Msg:` hands it to Chat.Update, which
// applies a reply's frame to its entries (and drives the status bar and
// reading aloud through its interfaces) and returns a chat.Outcome that
// applyChat carries out on the composer and the tray. Components report
// outward with small result values (chat.Outcome, voice.Result,
// tray.Outcome, speech.Result, convo.Outcome), never by reaching into
// the root. What route does not know goes to the open dialog and the
// composer.
//
// A slash command's row parses its argument into a typed action
// (actModel, actRetry, actSpeakSet, …; actNotice when the argument is
// refused); run, in commands.go, is the one switch over them and hands
// each to the component that owns what it changes. The root keys that
// do what a command does (keyMap.actions) produce the same actions.
//
// # Key precedence
//
// Before any layer, route holds the keys that arrive within paste.Window
// of a paste's end (ui/paste) and hands them to handleKey once the paste
// surely ended. handleKey tries, in order: quit; the image viewer; an
// open dialog; ui/chat's media selection (HandleMediaKey), then its
// message selection (HandleSelectKey: shift+↑/↓, e, ←/→, x, esc); voice
// notes (recording, playback, the voice chip); voice mode and speech
// being read aloud (ui/speech: esc, space); the selected chip
// (tray.KeyMap); the root's keys (rootKey: first the keys that run a
// command's action, then the rest; it hands the scrolling keys to
// ui/chat); the composer (input history, ctrl+u). Every key is matched
// with key.Matches on a KeyMap — no key strings compared by hand — and
// TestEveryBindingHasHelp fails when a binding has no help entry or an
// entry has no binding.
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
//  2. Give it tests through its API (see ui/chat, ui/voice, ui/tray,
//     ui/stream, ui/transcript), with the shared fakes of
//     providers/providertest and providers/imagegen/imagegentest rather
//     than new copies, and ui/internal/cmdtest to run its Cmds.
//  3. In the root: a Model field, one case in route, its layer in
//     handleKey (and in the list above), its KeyMap in allKeyMaps
//     (keys_test.go) and, if its keys belong in ? help, in keyMap.FullHelp;
//     an apply function in apply.go for its result type, and, if a slash
//     command drives it, a row and an action in commands.go with its
//     case in run. Add no other Model method: the root stays at ~40
//     methods in 5 files (uicount).
//  4. Keep the goldens (ui/testdata, testdata/e2e) byte-identical, or say
//     in the commit why a screen changes.
//
// Count the structure with `go run ./ui/internal/uicount`.
package ui
