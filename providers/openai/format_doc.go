package openai

import (
	"encoding/base64"
	"fmt"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"

	"parley/providers"
)

// fileDataURL checks a document part and returns it as the data URL that
// file parts carry, with the name the model sees.
func fileDataURL(p providers.DocumentPart) (url, name string, err error) {
	if p.MIME != "application/pdf" {
		return "", "", fmt.Errorf("OpenAI file parts take PDFs only, not %q", p.MIME)
	}
	if len(p.Data) == 0 {
		return "", "", fmt.Errorf("the document %s is empty", p.Name)
	}
	name = p.Name
	if name == "" {
		name = "document.pdf"
	}
	return "data:application/pdf;base64," + base64.StdEncoding.EncodeToString(p.Data), name, nil
}

// filePart sends a PDF inline as a Chat Completions file part
// ({"type":"file","file":{"filename","file_data"}}).
func filePart(p providers.DocumentPart) (oai.ChatCompletionContentPartUnionParam, error) {
	url, name, err := fileDataURL(p)
	if err != nil {
		return oai.ChatCompletionContentPartUnionParam{}, err
	}
	return oai.FileContentPart(oai.ChatCompletionContentPartFileFileParam{
		FileData: oai.String(url), Filename: oai.String(name)}), nil
}

// inputFile is the Responses API's input_file for the same PDF.
func inputFile(p providers.DocumentPart) (*responses.ResponseInputFileParam, error) {
	url, name, err := fileDataURL(p)
	if err != nil {
		return nil, err
	}
	return &responses.ResponseInputFileParam{FileData: oai.String(url), Filename: oai.String(name)}, nil
}
