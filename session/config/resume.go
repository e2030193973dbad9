package config

import "fmt"

// ResumeModel chooses the model for a conversation being resumed (-r, -c,
// opened from the history), whose last reply came from lastProvider /
// lastModel ("" when it never had one). A model named on the command line
// (flagModel, flagProvider) wins, as for a new conversation. Otherwise the
// conversation's own model is restored when its provider is still
// configured and usable; when it is not, the model ResolveModel picks is
// used and reason says, in one line, which model is used instead and why.
// hint is ResolveModel's (what to set when the chosen provider has no key).
func (c *Config) ResumeModel(lastProvider, lastModel, flagModel, flagProvider string, probe func(string) bool) (provider, model, reason, hint string, err error) {
	if flagModel != "" || flagProvider != "" || lastProvider == "" || lastModel == "" {
		provider, model, hint, err = c.ResolveModel(flagModel, flagProvider, probe)
		return provider, model, "", hint, err
	}
	last := lastProvider + "/" + lastModel
	var why string
	if !c.known(lastProvider) {
		why = fmt.Sprintf("provider %s is no longer configured in %s", lastProvider, c.Path)
	} else {
		p, _ := c.provider(lastProvider)
		if !c.needsKey(lastProvider, p) || c.hasKey(lastProvider, p) {
			c.chosen = lastProvider
			return lastProvider, lastModel, "", "", nil
		}
		why = c.keyHint(lastProvider)
	}
	provider, model, hint, err = c.ResolveModel("", "", probe)
	if err != nil {
		return "", "", "", "", err
	}
	reason = fmt.Sprintf("this conversation used %s, but %s; continuing with %s/%s", last, why, provider, model)
	return provider, model, reason, hint, nil
}
