package providertest

import (
	"encoding/base64"
	"fmt"
)

// The OpenAI Images stream (POST /v1/images/generations with
// "stream":true, PROVIDERS.md): one event per partial picture, then the
// completed one. The imagegen adapter's tests and the ui and end-to-end
// fakes write it.
const (
	// ImagesPartialEvent is the SSE event name of a partial picture.
	ImagesPartialEvent = "image_generation.partial_image"
	// ImagesCompletedEvent is the SSE event name of the final picture.
	ImagesCompletedEvent = "image_generation.completed"
)

// ImagesPartial is the data of partial picture index carrying png. With
// withType false the "type" member is left out, as PROVIDERS.md's field
// list does: the SSE event name alone must be enough.
func ImagesPartial(png []byte, index int, withType bool) string {
	return fmt.Sprintf(`{%s"b64_json":%q,"background":"opaque","created_at":1735000000,"output_format":"png","partial_image_index":%d,"quality":"medium","size":"1024x1024"}`,
		typeMember(ImagesPartialEvent, withType), base64.StdEncoding.EncodeToString(png), index)
}

// ImagesCompleted is the data of the completed event carrying png, with
// its usage; withType as for ImagesPartial.
func ImagesCompleted(png []byte, withType bool) string {
	return fmt.Sprintf(`{%s"b64_json":%q,"background":"opaque","created_at":1735000001,"output_format":"png","quality":"medium","size":"1024x1024","usage":{"input_tokens":50,"input_tokens_details":{"image_tokens":0,"text_tokens":50},"output_tokens":4160,"total_tokens":4210}}`,
		typeMember(ImagesCompletedEvent, withType), base64.StdEncoding.EncodeToString(png))
}

// typeMember is the leading `"type":name,` of an event's data, or "".
func typeMember(name string, with bool) string {
	if !with {
		return ""
	}
	return `"type":"` + name + `",`
}
