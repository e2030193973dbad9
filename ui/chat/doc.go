// Package chat is the conversation as the TUI shows and drives it: the
// transcript's entries and how each draws itself, the reply streaming
// into the newest one, the message queued while it streams, the loop on
// the stored branches (retry, edit, switching a message's branch) and
// the media selection over the entries' images and voice notes.
//
// # Why this cut
//
// These are one state. A stream frame changes an entry; the end of a
// reply sends the queued message and, after a retry or an edit, reads
// the branch again from the store, which replaces the entries — and with
// them the selected message and the selected image that pointed into
// them. Cut along those seams, each piece would reach into another's
// fields. So ui/transcript stays the generic list (scrolling, what is on
// screen, the selected message) and ui/stream the generic reply
// lifecycle (pump, cancel, draining, the queue's rules), and this package
// is the conversation built on them.
//
// # What it reaches, and how it reports
//
// The components it needs come in through interfaces it defines, each
// as small as what it calls: Status (the status bar's turn transitions
// and the title), Speaker (a reply read aloud as it streams, a message
// read on demand), Images (the rows an image takes, its caption, the
// visible slots, the viewer) and Voices (a voice note's playback and the
// selected note). What it does not own — the composer, the tray and its
// notice line, the conversation's prompt and cost — it names in the
// Outcome every call returns; the root applies it in one place
// (ui.Model.applyChat). The root never reads or writes the chat's
// fields.
//
// Its Cmds answer with Msg (a branch read again, a draft to edit, a
// document's preview, the queued message now due); stream frames
// (stream.Msg) go to Update too. Its keys are KeyMap: message selection,
// the media keys, esc's selection and stop.
//
// # Files
//
//	chat.go      Chat, Options and the interfaces, Outcome, Msg, Update,
//	             KeyMap; loading a conversation, the system prompt's entry
//	send.go      Send, Start, the stream's frames, finishing, refusal, Stop
//	queue.go     the message typed while a reply streams
//	branch.go    Retry, Edit, Branch, the selected message's keys
//	branchkeep.go a branch switch read lazily (Store.SwitchBranchOutline)
//	             and the switched message kept on its screen row
//	select.go    the media selection and its keys (HandleMediaKey)
//	text.go      Copy, ReadAloud, Esc
//	view.go      sizes, lines, slots, scrolling, theme; accessors
//	entry.go     an entry and its rendering (header, body, reasoning)
//	budget.go    the rendered lines kept under a budget (a
//	             transcript.Cache; the streaming reply is its Live entry):
//	             heights outlive evicted lines, so scrolling stays exact
//	sequence.go  replies whose parts show in order (text, image, text)
//	media.go     voice notes and kept speech in an entry; VoiceRef
//	preview.go   documents' previews (a PDF's first page, a text file's
//	             first lines), made in Cmds
//	draw.go      what entries draw with; the history sent next
//	lazy.go      a long conversation opened lazily (LoadOutline): the
//	             placeholders, the pages Want loads as they come into
//	             view, what waits for a page (copy, read aloud, the
//	             media selection onto a placeholder's image or voice
//	             note, which the outline's headers count), the
//	             history sent while placeholders remain
package chat
