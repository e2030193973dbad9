package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"

	"parley/providers"
)

// ErrNothingToRetry is the error of a Retry in a conversation whose current
// branch holds no user message: there is no question to ask again.
var ErrNothingToRetry = errors.New("nothing to retry: this conversation has no message to answer again")

// sendSpec says what one send does: a new user message (parts) after
// history, a new user message as a sibling of an old one (an edit), or a
// new reply to a stored user message (a retry).
type sendSpec struct {
	convID  int64
	history []Message // the branch before the user message, root first
	parts   []Part    // the new user message (unused for a retry)
	sibling int64     // edit: the new user message is a sibling of this one
	retry   *Message  // retry: the stored user message to answer again
}

// Retry sends the current branch of conversation convID again, up to its
// last user message, with t's provider and model (so switching model first
// compares models on the same question). The reply is a new assistant
// message beside the earlier replies to that question, which all stay
// (Conversation.Siblings lists them); it becomes the leaf. No user message
// is stored, so the events start with TurnStarted (or TurnNotice). A branch
// without a user message finishes at once with Err matching
// ErrNothingToRetry. The conversation's stored system prompt is sent
// unless t.System is set.
func (t *Turn) Retry(ctx context.Context, convID int64) iter.Seq[TurnEvent] {
	return func(yield func(TurnEvent) bool) {
		c, err := t.loadForSend(convID)
		if err != nil {
			yield(TurnEvent{Kind: TurnFinished, Err: err})
			return
		}
		path := c.Messages
		i := len(path) - 1
		for i >= 0 && path[i].Role != RoleUser {
			i--
		}
		if i < 0 {
			yield(TurnEvent{Kind: TurnFinished, Err: ErrNothingToRetry})
			return
		}
		u := t.withSystem(c)
		u.send(ctx, sendSpec{convID: convID, history: path[:i], retry: &path[i]})(yield)
	}
}

// Edit sends parts as an edited version of user message msgID of
// conversation convID: a new user message beside msgID (same parent), sent
// with the branch before it; the old message and everything after it stay,
// reachable with Store.SwitchBranch. parts usually come from EditDraft,
// changed by the user. Events are those of Run.
func (t *Turn) Edit(ctx context.Context, convID, msgID int64, parts []Part) iter.Seq[TurnEvent] {
	return func(yield func(TurnEvent) bool) {
		c, err := t.loadForSend(convID)
		if err != nil {
			yield(TurnEvent{Kind: TurnFinished, Err: err})
			return
		}
		orig, ok := c.message(msgID)
		if !ok || orig.Role != RoleUser {
			yield(TurnEvent{Kind: TurnFinished, Err: fmt.Errorf("edit: message %d is not a message you wrote in conversation %d", msgID, convID)})
			return
		}
		if len(parts) == 0 {
			yield(TurnEvent{Kind: TurnFinished, Err: errors.New("edit: the edited message is empty; nothing was sent")})
			return
		}
		var history []Message
		if orig.ParentID != 0 {
			history = c.branchTo(orig.ParentID)
		}
		u := t.withSystem(c)
		u.send(ctx, sendSpec{convID: convID, history: history, parts: parts, sibling: msgID})(yield)
	}
}

// loadForSend reads conversation convID for Retry and Edit, which need a
// store: the branches live there.
func (t *Turn) loadForSend(convID int64) (*Conversation, error) {
	if t.Store == nil {
		return nil, errors.New("retry and edit need a store: nothing was kept of this conversation")
	}
	c, err := t.Store.Conversation(convID)
	if errors.Is(err, ErrNotFound) {
		return nil, deletedError(convID)
	}
	return c, err
}

// withSystem returns a copy of t that sends c's stored system prompt when
// t has none of its own.
func (t *Turn) withSystem(c *Conversation) *Turn {
	u := *t
	u.System = cmp.Or(t.System, c.System)
	return &u
}

// message finds message id among all of c's branches.
func (c *Conversation) message(id int64) (Message, bool) {
	for _, m := range c.all {
		if m.ID == id {
			return m, true
		}
	}
	return Message{}, false
}

// send is the one flow behind Run, Retry and Edit: prepare (refusing
// before anything is stored), store the user message, fit the request to
// the context window, then stream the reply.
func (t *Turn) send(ctx context.Context, spec sendSpec) iter.Seq[TurnEvent] {
	return func(yield func(TurnEvent) bool) {
		if t.Provider == nil {
			yield(TurnEvent{Kind: TurnFinished, Err: errors.New("no provider configured")})
			return
		}
		prep, err := t.prepareSpec(ctx, spec)
		if err == nil {
			err = prep.transcribe(ctx)
		}
		if err != nil {
			yield(TurnEvent{Kind: TurnFinished, Err: err})
			return // refused: nothing was stored
		}
		user := spec.retry
		if user == nil {
			if user, err = t.saveUserAt(spec, prep.newParts()); err != nil {
				yield(TurnEvent{Kind: TurnFinished, Err: err})
				return
			}
			u := *user
			if !yield(TurnEvent{Kind: TurnUserSaved, Message: &u}) {
				return // nothing streams yet, so there is nothing to mark cancelled
			}
		}
		if n := prep.fitContext(); n > 0 && !yield(TurnEvent{Kind: TurnNotice, Text: t.trimNotice(n)}) {
			return
		}
		req := prep.request()
		if t.offersImageTool() {
			req.Tools = []providers.Tool{imageTool(t.Images)}
		}
		r := newTurnRun(t, yield)
		r.parent = user.ID
		if r.start(user.ConversationID, t.Provider.Name(), t.Model) {
			r.finish(r.converse(ctx, req))
		}
	}
}

// prepareSpec prepares the request of spec. A retry's user message is
// prepared as the new message (a part the model cannot take refuses, as it
// would have the first time) but keeps its stored identity, so a
// transcript made now is saved with it.
func (t *Turn) prepareSpec(ctx context.Context, spec sendSpec) (*preparation, error) {
	if spec.retry == nil {
		return t.prepare(ctx, spec.history, spec.parts)
	}
	p := t.newPreparation(ctx, spec.history, spec.retry.Parts)
	for i := range spec.history {
		m := &spec.history[i]
		if err := p.add(m, m.Parts, false); err != nil {
			return nil, err
		}
	}
	if err := p.add(spec.retry, spec.retry.Parts, true); err != nil {
		return nil, err
	}
	return p, nil
}

// saveUserAt stores the new user message of spec: as a sibling of
// spec.sibling (an edit), else after the last message of spec.history,
// else after the conversation's leaf; a new conversation (convID 0) is
// created first, titled from parts and holding t's system prompt. Without
// a store nothing is kept and IDs stay 0.
func (t *Turn) saveUserAt(spec sendSpec, parts []Part) (*Message, error) {
	m := &Message{ConversationID: spec.convID, Role: RoleUser, Status: StatusDone, Parts: parts}
	if t.Store == nil {
		m.CreatedAt = now()
		m.UpdatedAt = m.CreatedAt
		return m, nil
	}
	if spec.convID == 0 {
		c, err := t.Store.CreateConversation(titleFrom(parts))
		if err != nil {
			return nil, err
		}
		m.ConversationID = c.ID
		if t.System != "" || t.Persona != "" {
			if err := t.Store.SetSystem(c.ID, t.System, t.Persona); err != nil {
				return nil, err
			}
		}
	}
	if spec.sibling != 0 {
		return m, t.Store.AppendSibling(m, spec.sibling)
	}
	if n := len(spec.history); n > 0 {
		m.ParentID = spec.history[n-1].ID
	}
	return m, t.Store.AppendMessage(m)
}
