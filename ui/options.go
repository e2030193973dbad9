package ui

import (
	"context"

	"parley/media/clipboard"
	"parley/providers"
	"parley/session"
	"parley/session/catalog"
	"parley/ui/convo"
	"parley/ui/graphics"
	"parley/ui/speech"
	"parley/ui/voice"
)

// TurnFactory returns a Turn for the given "provider/model" name, or an error
// that says exactly what to set (an env var or config key) when it cannot be
// used.
type TurnFactory func(model string) (*session.Turn, error)

// Options is everything the TUI needs, wired by main.
type Options struct {
	Store *session.Store // nil: nothing is saved
	Turns TurnFactory
	// Model is the "provider/model" in use at start.
	Model string
	// SetupHint, when not empty, is shown at start because no provider is
	// usable, e.g. "set OPENAI_API_KEY or point base_url at a local server".
	SetupHint string
	// Conversation is a conversation to resume, or nil for a new one.
	Conversation *session.Conversation
	// Outline, when not nil, is Conversation opened lazily
	// (Store.ConversationOutline; Conversation is then its row): its
	// tail is shown, the rest loads as it comes into view.
	Outline *session.Outline
	// Prompt, when not empty, is sent as the first message.
	Prompt string
	// Theme is "dark", "light", the name of a user theme file
	// (ThemeDir/themes/NAME.toml) or "" to follow the terminal's
	// background.
	Theme string
	// ThemeDir is the config directory, where user theme files live in
	// themes/; "" allows only the built-in themes.
	ThemeDir string
	// ColorFGBG is the COLORFGBG variable: with no Theme, the auto
	// theme's guess until the terminal answers the background query, and
	// what stays when it never does (tmux without passthrough).
	ColorFGBG string
	// Version is shown in the help view.
	Version string

	// Models lists the providers and their models for the model picker
	// (Ctrl+P, /model); main wires catalog.List. It runs in a Cmd, so it
	// may take the network's time; nil means the picker only accepts a
	// typed "provider/model".
	Models func(ctx context.Context) ([]catalog.Provider, error)
	// Caps returns the capabilities of a "provider/model", so the tray can
	// estimate what each attachment costs on the current model. nil means
	// unknown: chips show the original size only.
	Caps func(model string) providers.Caps
	// Clipboard reads the system clipboard for Ctrl+V; nil means
	// clipboard.Read with clipboard.SystemEnv(). Tests inject a fake.
	Clipboard func(ctx context.Context) (clipboard.Content, error)
	// MaxTextBytes is the largest text sent whole (files.max_text_size):
	// a paste too large for the composer becomes a text chip up to this
	// size and is refused past it; 0 means session.DefaultMaxTextBytes.
	MaxTextBytes int64
	// Attachments are files (from -a) attached to the composer at start;
	// with Prompt they are sent with it.
	Attachments []string
	// Docs reads PDFs and videos for attachments (session/app's one per
	// process; the TUI prewarms its PDF renderer at start); nil refuses
	// PDFs, and videos go only to models that watch them.
	Docs *session.DocTools

	// ImageProtocol forces how inline images are drawn (--image-protocol,
	// image_protocol); graphics.Auto detects it from the terminal.
	ImageProtocol graphics.Protocol
	// ImageMaxRows bounds an inline image's height in rows (image_max_rows);
	// 0 means 20.
	ImageMaxRows int

	// Audio configures recording (Ctrl+R) and playback of voice notes
	// (ui/voice); the zero value uses the default devices.
	Audio AudioOptions
	// Transcriber makes voice-note transcripts for models that cannot
	// take audio, right after recording. nil means the Transcriber of the
	// Turn that Turns gives for the current model.
	Transcriber session.Transcriber

	// Speech is the [speech] backend replies are read aloud with
	// (ui/speech): Synth nil means none is configured, and reading says
	// what to set; the speaker is Audio's output device unless Speech
	// names its own, and the Store keeps the audio. AutoSpeak
	// (speech.auto_speak) reads every reply as it streams.
	Speech    speech.Backend
	AutoSpeak bool

	// Images builds the [images] backend /image draws with: nil and no
	// error means none is configured; an error says why the configured
	// one cannot be used (a missing key). A nil Images falls back to the
	// Images of the Turn that Turns gives for the current model.
	Images func() (*session.ImageBackend, error)
	// System and Persona are the system prompt of the chat at start and
	// the persona it came from: --system or --persona, else a resumed
	// Conversation's own, else system_prompt. A new conversation (/new)
	// starts with them too; one opened from the history has its own.
	// /system and /persona change it per conversation.
	System, Persona string
	// Personas are the config's [personas.NAME] for /persona; nil means
	// none.
	Personas convo.Personas
	// Price prices replies: each reply's header and the conversation's
	// cost in the status bar and the history; nil or an unknown model
	// shows no cost.
	Price session.PriceFunc
	// ResumeModel chooses the model for a conversation opened from the
	// history: the one it last used when still configured, else a
	// fallback and the reason (config.ResumeModel). nil keeps the current
	// model.
	ResumeModel func(c *session.Conversation) (model, reason string)
	// ResumeNotice, when not empty, says at start why the resumed
	// conversation is not on its last model.
	ResumeNotice string
	// ConfigPath is the config file named in setup hints ("add [images]
	// provider/model to PATH"); "" says "the config file".
	ConfigPath string
}

// Recorder is what Ctrl+R records voice notes with (voice.Recorder); the
// name stays for ui.Options' users.
type Recorder = voice.Recorder

// AudioOptions configure voice notes (voice.AudioOptions); main wires them
// from [audio] in the config.
type AudioOptions = voice.AudioOptions
