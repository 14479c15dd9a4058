/**
 * `gradio-rx/testing`: a Gradio-compatible fake server for tests, as an injectable `fetch`
 * (`createFakeGradio`) and as a real HTTP server on 127.0.0.1 (`startFakeGradioServer`), and a
 * fake Hugging Face hub with an edge per Space, likewise as an injectable `fetch` answering for
 * the real host names (`createFakeHub`) and on sockets (`startFakeHub`).
 */
export { createFakeGradio } from './createFakeGradio.js';
export { startFakeGradioServer } from './nodeServer.js';
export { startFakeHub } from './fakeHubServer.js';
export { createFakeHub } from './createFakeHub.js';
export type { FakeHub, FakeHubFetch, FakeHubOptions, FakeHubRequest, FakeHubSpace, FakeHubSpaceHandle, FakeSpaceStage } from './fakeHubTypes.js';
export { serveWithHandler } from './nodeHandler.js';
export type { WebHandler } from './nodeHandler.js';
export { diff } from './diff.js';
export { apiEndpoint } from './apiEndpoint.js';
export type { FakeApiEndpointOptions, FakeApiParameter, FakeApiResult, FakeApiType } from './apiEndpoint.js';
export type {
  CancelRecord,
  FakeComponent,
  FakeContext,
  FakeEndpoint,
  FakeErrorOptions,
  FakeFaults,
  FakeHttpFault,
  FakeRoute,
  FakeStreamFault,
  FakeStreamRoute,
  FakeStreamTarget,
  FakeFileContent,
  FakeGradio,
  FakeGradioOptions,
  FakeGradioServer,
  FakeLogOptions,
  FakeResult,
  RecordedRequest,
  UploadedFile,
} from './types.js';
