// Package providertest holds the test fakes and fixtures that the
// adapters, session and ui tests share, so none of them keeps its own copy:
//
//   - fakes of the seams: Provider (a scripted providers.Provider that
//     records its requests) and Transcriber;
//   - fake servers: Server (an httptest server recording every request and
//     answering request n), the SSE and NDJSON writers, Hold, HijackClose;
//   - draining a stream: Collect and its Result;
//   - the generate_image round trip: ImageTool, ToolRoundTrip, FollowUp;
//   - media fixtures: PNG and JPEG generators, ImageSize, ToneWAV, ParseWAV.
//
// It imports only the providers package and the standard library, so any
// package but providers itself can use it, from tests only. The fake
// image generator lives in providers/imagegen/imagegentest: it needs the
// imagegen types, and imagegen's own tests import this package.
package providertest
