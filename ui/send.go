package ui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/ui/common"
)

// modelCheckedMsg says whether the model named can be used (err nil).
type modelCheckedMsg struct {
	model string
	err   error
}

// checkModel is the Cmd that asks turns whether model can be used, so
// the status bar says what is missing before the first send. It runs the
// factory off the UI goroutine: an api_key_cmd may take its time.
func checkModel(turns TurnFactory, model string) tea.Cmd {
	if turns == nil {
		return nil
	}
	return func() tea.Msg {
		_, err := turns(model)
		return modelCheckedMsg{model: model, err: err}
	}
}

// modelProblem is the status bar's word on a Turn factory's error: "no
// key: set OPENAI_API_KEY" for a missing key, else its first line; ""
// for none.
func modelProblem(err error) string {
	var mk *providers.MissingKeyError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &mk) && len(mk.Sources) > 0:
		return "no key: set " + strings.Join(mk.Sources, " or ")
	case errors.As(err, &mk):
		return "no key for " + mk.Provider + ": see providers." + mk.Provider + ".api_key_cmd"
	}
	return "cannot send: " + common.FirstLine(err.Error())
}
