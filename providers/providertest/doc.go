// Package providertest holds the test fakes and fixtures that the
// adapters', session's and ui's tests share, so none of them keeps its own
// copy:
//
//   - fakes of the seams: Provider (a scripted providers.Provider that
//     records its requests; Steps, Reply, Text, Usage, Done build its
//     scripts) and Transcriber;
//   - draining a stream: Collect and its Result, Drain for any event type;
//     StepsOf and Guard for fakes of other streams;
//   - fake servers: Server (an httptest server that records every request
//     and lets the handler answer request n), StartSSE, Data, Event, NDJSON,
//     WriteJSON, Hold and Drop;
//   - wire formats more than one package's fakes write: the Chat
//     Completions stream (ChatChunk, ChatText, ChatUsage, ChatError,
//     WriteChatReply) and the OpenAI Images stream (ImagesPartial,
//     ImagesCompleted);
//   - the generate_image round trip: ImageTool, ToolRoundTrip, FollowUp;
//   - media fixtures: PNG and JPEG generators, ImageSize, DecodeDataURL,
//     ToneWAV and ParseWAV; SyncBuffer for output read while written;
//   - Golden, the write-or-compare of a golden file (ui's views, the
//     root's end-to-end screens).
//
// It imports only the providers package and the standard library, so any
// package but providers itself can use it, from tests only. The fake
// image backend lives in providers/imagegen/imagegentest: it needs the
// imagegen types, and imagegen's own tests import this package.
package providertest
