/**
 * Await Google long-running operations: {@link OperationsClient} makes the
 * google.longrunning Operations RPCs over gRPC or REST, `client.poller()`
 * waits on one operation (await it, iterate it, or listen to it), and
 * `client.waitAll()`, `waitAny()` and `watch()` wait on many; with the
 * TypeRegistry, the service profiles and the errors.
 *
 * This file only re-exports: what an app needs first, then what a transport
 * author needs. @grpc/grpc-js is loaded on a gRPC client's first call,
 * google-gax on the first call that needs Application Default Credentials.
 *
 * @module longrunning
 */
export { OperationsClient } from './client/grpc-operations-client.js';
export type { PollerOptions, WaitManyOptions } from './client/operations-client.js';
export type { ListOperationsRequest } from './client/request-checks.js';
export { Poller } from './poller/poller.js';
export type { PollerEvents, ResumeToken } from './poller/poller.js';
export type { PollerTarget } from './poller/poller-target.js';
export type { AnyMessage, GaxOperation, OperationMessage, StatusMessage } from './operation-message.js';
export type { WaitError, WaitFailed, WaitOutcome, WaitSucceeded, WaitTarget } from './poller/wait-outcome.js';
export { POLL_DEFAULTS } from './poller/poll-options.js';
export type { PollOptions, ProgressReader } from './poller/poll-options.js';
export type { Snapshot } from './snapshot.js';
export type { PayloadTypes } from './poller/snapshot.js';
export { CLIENT_DEFAULTS } from './client/client-options.js';
export type { OperationsClientOptions, RetryOptions } from './client/client-options.js';
export type { CallOptions } from './call-options.js';
export type { Logger, LogFields } from './observe/logger.js';
export type { AccessTokenSource, AuthClient } from './transport/transport.js';
export { Code, codeName, codeFromName } from './codes.js';
export type { CodeName } from './codes.js';
export {
  LongrunningError,
  RpcError,
  OperationError,
  OperationCancelledError,
  PollTimeoutError,
  UnpackError,
  UnknownTypeError,
  MalformedResponseError,
  OperationNameMismatchError,
  ResponseTooLargeError,
} from './errors.js';
export type { ErrorDetail, ErrorInit, MalformedResponseInit } from './errors.js';
export type { PathTemplate } from './path-template.js';
export type { AnyValue, JsonObject, JsonValue, Operation, OperationsPage, Status } from './operation.js';
export { TypeRegistry } from './registry/type-registry.js';
export type {
  CustomDecoder,
  JsonDescriptor,
  PayloadFormat,
  ProtobufNamespace,
  ProtobufType,
  TypeSource,
  UnpackOptions,
} from './registry/type-registry.js';
export { services } from './profiles/catalogue.js';
export { defineServiceProfile } from './profiles/service-profile.js';
export type {
  ServiceProfile,
  ServiceProfileInit,
  MetadataReader,
  MethodBinding,
  OperationsMethod,
  Transport,
} from './profiles/service-profile.js';
export type { ListRules } from './profiles/list-rules.js';
export { transferOperationsFilter } from './profiles/transfer-operations-filter.js';
export type { TransferOperationsFilter, TransferStatus } from './profiles/transfer-operations-filter.js';

// For those who plug in a transport or a clock of their own.
export type { Clock, ClockTimer } from './clock.js';
export { WireError } from './transport/transport.js';
export type { OperationsTransport, AttemptOptions, ListRequest } from './transport/transport.js';
