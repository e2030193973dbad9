package openai

import (
	"fmt"
	"strings"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"

	"parley/providers"
)

// responsePartials is how many partial images the image_generation tool
// streams before the final one (the API allows 0 to 3): enough to show the
// picture forming without paying for many extra stages.
const responsePartials = 2

// buildResponseParams converts our neutral request into a Responses API
// request that offers the image_generation tool (and req.Tools as function
// tools). Failures are ErrBadRequest, found before anything is sent.
func buildResponseParams(req providers.Request) (responses.ResponseNewParams, error) {
	var p responses.ResponseNewParams
	if strings.TrimSpace(req.Model) == "" {
		return p, providers.Errorf(providers.ErrBadRequest, 0, nil, "no model given")
	}
	p.Model = req.Model
	// parley keeps its own history and sends all of it every time, so
	// nothing needs to be kept on OpenAI's side.
	p.Store = oai.Bool(false)
	if req.System != "" {
		p.Instructions = oai.String(req.System)
	}
	if req.MaxTokens > 0 {
		p.MaxOutputTokens = oai.Int(int64(req.MaxTokens))
	}
	var items responses.ResponseInputParam
	for i, m := range req.Messages {
		its, err := responseItems(m)
		if err != nil {
			return p, providers.Errorf(providers.ErrBadRequest, 0, err, "message %d: %v", i+1, err)
		}
		items = append(items, its...)
	}
	p.Input = responses.ResponseNewParamsInputUnion{OfInputItemList: items}
	p.Tools = []responses.ToolUnionParam{{OfImageGeneration: &responses.ToolImageGenerationParam{
		PartialImages: oai.Int(responsePartials),
	}}}
	if err := providers.CheckTools(req.Tools); err != nil {
		return p, providers.Errorf(providers.ErrBadRequest, 0, err, "%v", err)
	}
	for _, t := range req.Tools {
		p.Tools = append(p.Tools, responses.ToolUnionParam{OfFunction: responseTool(t)})
	}
	return p, nil
}

// responseTool is a function tool in the Responses shape, flat:
// {"type":"function","name","description","parameters","strict":false}.
// Strict must be said: the Responses API defaults it to true, which
// rejects any schema that does not list every property as required.
// The definition has passed providers.CheckTools.
func responseTool(t providers.Tool) *responses.FunctionToolParam {
	ft := &responses.FunctionToolParam{Name: t.Name, Parameters: t.Parameters, Strict: oai.Bool(false)}
	if t.Description != "" {
		ft.Description = oai.String(t.Description)
	}
	return ft
}

// responseItems converts one message into input items: a user message's
// text and images, an assistant message's text (as output_text), and tool
// calls and results as function_call and function_call_output items, each
// where the protocol wants it (results before the user's new words, calls
// after the assistant's text).
func responseItems(m providers.Message) (responses.ResponseInputParam, error) {
	switch m.Role {
	case providers.RoleUser:
		return userItems(m.Parts)
	case providers.RoleAssistant:
		return assistantItems(m.Parts)
	}
	return nil, fmt.Errorf("unknown role %q", m.Role)
}

func userItems(parts []providers.Part) (responses.ResponseInputParam, error) {
	var items responses.ResponseInputParam
	var content responses.ResponseInputMessageContentListParam
	for j, part := range parts {
		switch p := part.(type) {
		case providers.TextPart:
			content = append(content, responses.ResponseInputContentUnionParam{
				OfInputText: &responses.ResponseInputTextParam{Text: p.Text}})
		case providers.ImagePart:
			img, err := inputImage(p)
			if err != nil {
				return nil, fmt.Errorf("part %d: %w", j+1, err)
			}
			content = append(content, responses.ResponseInputContentUnionParam{OfInputImage: img})
		case providers.AudioPart:
			return nil, fmt.Errorf("part %d: the Responses API (used for image output) takes no audio; send a transcript", j+1)
		case providers.DocumentPart:
			f, err := inputFile(p)
			if err != nil {
				return nil, fmt.Errorf("part %d: %w", j+1, err)
			}
			content = append(content, responses.ResponseInputContentUnionParam{OfInputFile: f})
		case providers.VideoPart:
			return nil, fmt.Errorf("part %d: the Responses API takes no video", j+1)
		case providers.ToolResultPart:
			items = append(items, functionOutput(p))
		case providers.ToolCallPart:
			return nil, fmt.Errorf("part %d: a tool call must be in an assistant message", j+1)
		}
	}
	if len(content) > 0 {
		items = append(items, responses.ResponseInputItemUnionParam{OfMessage: &responses.EasyInputMessageParam{
			Role:    responses.EasyInputMessageRoleUser,
			Content: responses.EasyInputMessageContentUnionParam{OfInputItemContentList: content},
		}})
	}
	return items, nil
}

// inputImage sends the image inline as a data URL, like the chat path.
func inputImage(p providers.ImagePart) (*responses.ResponseInputImageParam, error) {
	url, err := imageDataURL(p)
	if err != nil {
		return nil, err
	}
	detail := responses.ResponseInputImageDetailAuto
	if p.Detail != "" {
		detail = responses.ResponseInputImageDetail(p.Detail)
	}
	return &responses.ResponseInputImageParam{ImageURL: oai.String(url), Detail: detail}, nil
}

// assistantItems replays an assistant turn: its text as one output_text
// message, then its calls. Earlier generated images cannot be replayed
// (the session sends a note about them instead).
func assistantItems(parts []providers.Part) (responses.ResponseInputParam, error) {
	var b strings.Builder
	var calls responses.ResponseInputParam
	for j, part := range parts {
		switch p := part.(type) {
		case providers.TextPart:
			b.WriteString(p.Text)
		case providers.ToolCallPart:
			c, err := functionCall(p)
			if err != nil {
				return nil, fmt.Errorf("part %d: %w", j+1, err)
			}
			calls = append(calls, c)
		case providers.ToolResultPart:
			return nil, fmt.Errorf("part %d: a tool result must be in a user message", j+1)
		}
	}
	var items responses.ResponseInputParam
	if b.Len() > 0 {
		items = append(items, responses.ResponseInputItemUnionParam{OfOutputMessage: &responses.ResponseOutputMessageParam{
			Status: responses.ResponseOutputMessageStatusCompleted,
			Content: []responses.ResponseOutputMessageContentUnionParam{{
				OfOutputText: &responses.ResponseOutputTextParam{Text: b.String()},
			}},
		}})
	}
	return append(items, calls...), nil
}

// functionCall repeats one call, its arguments checked to be an object.
func functionCall(p providers.ToolCallPart) (responses.ResponseInputItemUnionParam, error) {
	args, err := p.CheckedArguments()
	if err != nil {
		return responses.ResponseInputItemUnionParam{}, err
	}
	return responses.ResponseInputItemUnionParam{OfFunctionCall: &responses.ResponseFunctionToolCallParam{
		CallID: p.ID, Name: p.Name, Arguments: args,
	}}, nil
}

// functionOutput answers a call. The protocol has no error flag, so a
// failure is said in the text, as on the chat path.
func functionOutput(p providers.ToolResultPart) responses.ResponseInputItemUnionParam {
	content := p.Content
	if p.IsError {
		content = "Error: " + content
	}
	return responses.ResponseInputItemUnionParam{OfFunctionCallOutput: &responses.ResponseInputItemFunctionCallOutputParam{
		CallID: oai.String(p.CallID),
		Output: responses.ResponseInputItemFunctionCallOutputOutputUnionParam{OfString: oai.String(content)},
	}}
}
