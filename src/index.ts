export { gradio, GradioApp } from './client.js';
export type { GradioOptions, SubmitOptions, CallOptions } from './client.js';
export type { FetchLike } from './context.js';
export type { Endpoint } from './endpoints.js';
export type { JobData, NamedArguments } from './namedArguments.js';
export type { AppSignature, EndpointName, EndpointSignature, OutputsData, SignatureOf, TypedArguments, TypedData, TypedEvent, TypedGradioApp, TypedOutputs } from './typedApp.js';
export { GradioError, GpuQuotaError, isGradioError, isGpuQuotaError } from './errors.js';
export type { GradioErrorType, GradioErrorOptions, GpuQuotaErrorOptions } from './errors.js';
export { isTerminalEvent } from './events.js';
export { zeroGpuHeaders } from './hub/zeroGpu.js';
export type { IncomingHeaders } from './hub/zeroGpu.js';
export type { WakePolling } from './hub/wakeSpace.js';
export type {
  GradioEvent,
  TerminalEvent,
  SpaceStage,
  SpaceStatusEvent,
  UploadingEvent,
  UploadedEvent,
  QueuedEvent,
  StartedEvent,
  ProgressEvent,
  LogEvent,
  GeneratingEvent,
  CompletedEvent,
  ErrorEvent,
  GpuQuotaErrorEvent,
} from './events.js';
export type { QueueJob, CallJob, Job } from './jobs.js';
export type {
  ApiInfo,
  EndpointInfo,
  ApiParameterInfo,
  GradioConfig,
  DependencyConfig,
  ComponentConfig,
  FileData,
  DiffOp,
  ProgressUnit,
  QueueMessage,
  QueueProtocol,
  SuccessOutput,
  ErrorOutput,
  EstimationMessage,
  ProcessStartsMessage,
  ProgressMessage,
  LogMessage,
  ProcessGeneratingMessage,
  ProcessCompletedMessage,
  HeartbeatMessage,
  CloseStreamMessage,
  UnexpectedErrorMessage,
} from './protocol.js';
export { applyDiff, parseGpuQuota, cleanErrorMessage } from './publicHelpers.js';
export type { GpuQuotaInfo, GpuQuotaTier } from './quota.js';
export type { ApplyDiffsOptions } from './diff.js';
export { applyDiffs } from './operators/applyDiffs.js';
export { textDeltas } from './operators/textDeltas.js';
export { throwOnError } from './operators/throwOnError.js';
export { retryOnGpuQuota } from './operators/retryOnGpuQuota.js';
export type { RetryOnGpuQuotaOptions } from './operators/retryOnGpuQuota.js';
export { toAsyncIterable } from './operators/toAsyncIterable.js';
export { uploadFiles } from './operators/uploadFiles.js';
export { joinQueue } from './operators/joinQueue.js';
export type { JoinQueueOptions } from './operators/joinQueue.js';
export { readQueue } from './operators/readQueue.js';
export { callEndpoint } from './operators/callEndpoint.js';
export type { CallEndpointOptions } from './operators/callEndpoint.js';
export { readCall } from './operators/readCall.js';
export { cancelJob } from './operators/cancelJob.js';
export { toViewModel, idleViewModel } from './operators/toViewModel.js';
export type { JobViewModel, JobStatus, JobProgress, ToViewModelOptions } from './operators/toViewModel.js';
