package ui

import (
	"charm.land/bubbles/v2/key"

	"parley/ui/chat"
	"parley/ui/composer"
	"parley/ui/images"
	"parley/ui/speech"
	"parley/ui/transcript"
	"parley/ui/tray"
	"parley/ui/voice"
)

// keyMap is every key the root model acts on. The composer's own editing
// keys (textarea) are listed in the help too, from composerKeys.
type keyMap struct {
	Send key.Binding
	// Composer is the editor's keys (ui/composer): new line, line
	// start/end, delete word, Tab completion.
	Composer composer.KeyMap
	Stop     key.Binding
	// Deselect drops the selected image or voice note when no reply
	// streams (then esc is Stop's); its help entry is Stop's.
	Deselect key.Binding
	Quit     key.Binding
	// Transcript is the scrolling keys (ui/transcript), the mouse wheel's
	// help entry among them.
	Transcript transcript.KeyMap
	Help       key.Binding
	CloseHelp  key.Binding
	// Images is the image keys (ui/images; ui/chat selects): select with an
	// empty composer, open in the full-screen viewer, close it, and the
	// selected image's save, copy and attach.
	Images images.KeyMap
	// Models, attachments and commands (addFeatureKeys).
	Models     key.Binding
	Paste      key.Binding
	PickFile   key.Binding
	Chips      key.Binding
	ChipN      key.Binding
	RemoveChip key.Binding
	Inspect    key.Binding
	History    key.Binding // the history dialog (history.go)
	// Voice is the voice-note keys (ui/voice).
	Voice voice.KeyMap
	// Chip is the tray's keys while a chip is selected (its hint line).
	Chip tray.KeyMap
	// Messages (ui/chat copies): copy the selected one (or the last reply),
	// and mouse capture on/off for the terminal's own selection.
	Copy  key.Binding
	Mouse key.Binding
	// Speech is the read-aloud keys (ui/speech).
	Speech speech.KeyMap
	// Select is message selection and what acts on the selected message
	// (ui/transcript; ui/chat acts); Retry answers the last message again.
	Select transcript.SelectKeyMap
	Retry  key.Binding
	// Unqueue takes the message queued while a reply streams back to
	// the composer (ui/chat; esc too when no reply streams).
	Unqueue key.Binding
}

// defaultKeys is parley's key map.
//
// "?" opens help only while the composer is empty: typed into a message it
// is just a question mark. Home/End scroll the transcript (the issue asks
// for it), so inside the composer line start/end are ctrl+a/ctrl+e.
func defaultKeys() keyMap {
	ck := chat.DefaultKeyMap() // the chat's bindings, listed in the root's help
	k := keyMap{
		Send:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
		Composer:   composer.DefaultKeyMap(),
		Transcript: transcript.DefaultKeyMap(),
		Stop:       ck.Stop,
		Deselect:   ck.Deselect,
		Chip:       tray.DefaultKeyMap(),
		Quit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help (in an empty composer)")),
		CloseHelp:  key.NewBinding(key.WithKeys("?", "esc", "q"), key.WithHelp("esc/q", "close help")),
		Images:     images.DefaultKeyMap(),
		Select:     ck.Select,
		Unqueue:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "take back the queued message")),
		Retry:      key.NewBinding(key.WithKeys("alt+r"), key.WithHelp("alt+r", "retry the last reply")),
	}
	addFeatureKeys(&k)
	addManageKeys(&k)
	k.Voice = voice.DefaultKeyMap()
	k.Speech = speech.DefaultKeyMap()
	return k
}

// ShortHelp is the one-line summary (help.KeyMap).
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Send, k.Composer.Newline, k.Stop, k.Help, k.Quit}
}

// FullHelp lists every key in columns (help.KeyMap), in the order the
// help shows them; the help dialog puts as many side by side as its width
// takes (three in 120 columns, two in 80) and scrolls what is too tall.
func (k keyMap) FullHelp() [][]key.Binding {
	cols := [][]key.Binding{
		{k.Send, k.Composer.Newline, k.Stop, k.Retry, k.Unqueue, k.Quit, k.Help, k.CloseHelp},
		{k.Transcript.PageUp, k.Transcript.PageDown, k.Transcript.Top, k.Transcript.Bottom, k.Transcript.Wheel,
			k.Composer.LineStart, k.Composer.DeleteWord},
		k.Images.FullHelp()[0], // ui/images
	}
	cols = append(cols, featureHelp(k)...) // attachments, commands
	cols = append(cols, append(k.Voice.ShortHelp(), k.Speech.ShortHelp()...), manageHelp(k))
	return append(cols, k.Select.FullHelp()[0]) // message selection: edit, branches
}

// narrowHelp is FullHelp for two columns side by side: the attachments
// and the commands come right after the basics, on the first screen.
func (k keyMap) narrowHelp() [][]key.Binding {
	cols := k.FullHelp()
	return [][]key.Binding{cols[0], cols[1], cols[3], cols[4], cols[2], cols[5], cols[6]}
}

// chatKeys are the chat's bindings (ui/chat) as this key map has them:
// the help lists them under the root's names.
func (k keyMap) chatKeys() chat.KeyMap {
	return chat.KeyMap{Select: k.Select, Media: k.Images, Deselect: k.Deselect, Stop: k.Stop, PlayPause: k.Voice.PlayPause}
}

// keyAction is a root key that does what a slash command does; clear
// empties the composer first, as the command does.
type keyAction struct {
	key   key.Binding
	act   action
	clear bool
}

// actions are the root keys that run a command's action (rootKey).
func (k keyMap) actions() []keyAction {
	return []keyAction{
		{k.Copy, actCopy{}, true},
		{k.Mouse, actMouse{}, false},
		{k.Composer.Editor, actEditor{}, false},
		{k.Models, actOpen{dialogPicker}, false},
		{k.History, actOpen{dialogHistory}, false},
		{k.PickFile, actOpen{dialogFiles}, false},
		{k.Speech.Speak, actRead{}, true},
		{k.Speech.Voice, actVoice{}, true},
		{k.Retry, actRetry{}, true},
	}
}

// addFeatureKeys sets the bindings of models, attachments and commands.
func addFeatureKeys(k *keyMap) {
	k.Models = key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "switch model"))
	k.Paste = key.NewBinding(key.WithKeys("ctrl+v"), key.WithHelp("ctrl+v", "paste image/text"))
	k.PickFile = key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "attach a file"))
	k.Chips = key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "select attachment"))
	k.ChipN = k.Chip.Pick // the tray's: a selected chip leaves it to rootKey
	k.RemoveChip = key.NewBinding(key.WithKeys("delete", "backspace"), key.WithHelp("del", "remove attachment"))
	k.Inspect = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "inspect attachment"))
	k.History = key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "open a past conversation"))
}

// featureHelp is the help's second block: models and attachments, and
// the slash commands.
func featureHelp(k keyMap) [][]key.Binding {
	return [][]key.Binding{
		{k.Models, k.History, k.Paste, k.PickFile, k.Chips, k.ChipN, k.RemoveChip, k.Inspect, k.Composer.Complete},
		commandHelp(),
	}
}

// commandHelp documents the slash commands in the help's last column.
func commandHelp() []key.Binding {
	var out []key.Binding
	for _, c := range commands() {
		out = append(out, key.NewBinding(key.WithKeys(c.name), key.WithHelp(c.name, c.help)))
	}
	return out
}

// addManageKeys sets the keys of input history's neighbours: copying and
// mouse capture (selecting a message is ui/transcript's SelectKeyMap).
func addManageKeys(k *keyMap) {
	k.Copy = key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "copy the selected message (or last reply)"))
	k.Mouse = key.NewBinding(key.WithKeys("alt+m"), key.WithHelp("alt+m", "mouse capture on/off (shift+drag selects text)"))
}

// manageHelp is the help's column of the composer's history and editor
// keys and the message keys.
func manageHelp(k keyMap) []key.Binding {
	c := k.Composer
	return []key.Binding{c.Older, c.Newer, c.ClearDraft, c.Editor, k.Copy, k.Mouse}
}
