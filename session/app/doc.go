// Package app is parley's composition root: from the config and the command
// line's choices it builds everything a run needs — the provider registry,
// each chat Turn (provider, capabilities, transcription service, [images]
// backend), the image backend of `parley image`, the audio backend, the log
// and the store — and hands them to the user interfaces (the chat in ui,
// print mode in ui/printmode, the subcommands in ui/cli), which build
// nothing themselves. main hands Open to ui/cli's command tree (cli.Deps).
//
// Why under session/: the composition root must import session, its
// config and catalog, the provider adapters and media, and nothing of ui;
// the import rules (ui → session → providers, session → media) allow all of
// that for a package in session/ and forbid it nowhere else below the fixed
// top level. Nothing in session imports app, so the turn logic stays free
// of wiring.
package app
