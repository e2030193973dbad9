package dialog

import "parley/session"

// Action is what a dialog asks of the root after a message. Every kind
// is handled in the root's one switch (handleAction); every kind but
// those that say so (ActionSetDetail, ActionSetTiles, ActionRenamed) closes the dialog.
type Action interface{ action() }

// The dialogs' actions.
type (
	// ActionClose closes the dialog.
	ActionClose struct{}
	// ActionChooseModel switches to the picked model.
	ActionChooseModel struct{ Entry ModelEntry }
	// ActionAttachFile attaches the file picked.
	ActionAttachFile struct{ Path string }
	// ActionOpenConversation loads conversation ID and shows it.
	ActionOpenConversation struct{ ID int64 }
	// ActionDeleteConversation deletes conversation ID (the /delete
	// confirmation said yes).
	ActionDeleteConversation struct{ ID int64 }
	// ActionAskDelete asks to delete conversation ID titled Title (the
	// history's ctrl+d): the root asks to confirm.
	ActionAskDelete struct {
		ID    int64
		Title string
	}
	// ActionRenamed says the history renamed conversation ID to Title;
	// the dialog stays open.
	ActionRenamed struct {
		ID    int64
		Title string
	}
	// ActionSaved says where the save dialog wrote the image.
	ActionSaved struct {
		Path  string
		Bytes int
	}
	// ActionSaveFailed is a write that failed after its save dialog was
	// closed: the notice line says so.
	ActionSaveFailed struct{ Err error }
	// ActionSaveTranscript stores the edited transcript of voice chip ID.
	ActionSaveTranscript struct {
		ID   int
		Text string
	}
	// ActionSetDetail sets image chip ID's OpenAI detail; the inspect
	// dialog stays open and fits the image again.
	ActionSetDetail struct {
		ID     int
		Detail string
	}
	// ActionSetTiles sets image chip ID's whole-or-tiles choice
	// (session.TilesOff or ""); the inspect dialog stays open.
	ActionSetTiles struct {
		ID   int
		Mode string
	}
	// ActionSetDocument sets document chip ID's part: the page range or
	// tail chosen in the document inspect dialog.
	ActionSetDocument struct {
		ID  int
		Doc session.Document
	}
)

func (ActionClose) action()              {}
func (ActionChooseModel) action()        {}
func (ActionAttachFile) action()         {}
func (ActionOpenConversation) action()   {}
func (ActionDeleteConversation) action() {}
func (ActionAskDelete) action()          {}
func (ActionRenamed) action()            {}
func (ActionSaved) action()              {}
func (ActionSaveFailed) action()         {}
func (ActionSaveTranscript) action()     {}
func (ActionSetDetail) action()          {}
func (ActionSetTiles) action()           {}
func (ActionSetDocument) action()        {}

// closes reports whether a closes the dialog that returned it.
func closes(a Action) bool {
	switch a.(type) {
	case ActionSetDetail, ActionSetTiles, ActionRenamed:
		return false
	}
	return true
}
