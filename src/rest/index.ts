/**
 * The fetch-only entry: the same OperationsClient over REST, the Poller, the
 * TypeRegistry, the profiles and the errors, with no `node:` module and
 * nothing of gRPC in its imports, so that it bundles for browsers and runs
 * on Node, Deno, Bun and edge runtimes alike.
 *
 * Credentials come from `auth`: a function that gives an access token, or
 * an object whose `getRequestHeaders(url)` gives the headers. Without it,
 * calls carry only the `headers` option.
 *
 * @example
 * import { OperationsClient, services } from 'longrunning/rest';
 *
 * const client = new OperationsClient({
 *   endpoint: 'https://storagetransfer.googleapis.com',
 *   service: services.storageTransfer,
 *   auth: () => accessToken, // from Google Identity Services, say
 * });
 * const response = await client.poller('transferOperations/transferJobs-123-456');
 *
 * @module longrunning/rest
 */
export { OperationsClient } from '../client/operations-client.js';
export type { PollerOptions, WaitManyOptions } from '../client/operations-client.js';
export type { ListOperationsRequest } from '../client/request-checks.js';
export { Poller } from '../poller/poller.js';
export type { PollerEvents, ResumeToken } from '../poller/poller.js';
export type { WaitError, WaitFailed, WaitOutcome, WaitSucceeded, WaitTarget } from '../poller/wait-outcome.js';
export { POLL_DEFAULTS } from '../poller/poll-options.js';
export type { PollOptions, ProgressReader } from '../poller/poll-options.js';
export type { Snapshot } from '../snapshot.js';
export type { PayloadTypes } from '../poller/snapshot.js';
export type { OperationsClientOptions, RetryOptions } from '../client/client-options.js';
export type { CallOptions } from '../call-options.js';
export type { AccessTokenSource, AuthClient } from '../transport/transport.js';
export { Code, codeName, codeFromName } from '../codes.js';
export type { CodeName } from '../codes.js';
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
} from '../errors.js';
export type { ErrorDetail, ErrorInit, MalformedResponseInit } from '../errors.js';
export type { PathTemplate } from '../path-template.js';
export type { AnyValue, JsonObject, JsonValue, Operation, OperationsPage, Status } from '../operation.js';
export { TypeRegistry } from '../registry/type-registry.js';
export type { CustomDecoder, JsonDescriptor, ProtobufNamespace, ProtobufType, TypeSource } from '../registry/type-registry.js';
export { services } from '../profiles/catalogue.js';
export { defineServiceProfile } from '../profiles/service-profile.js';
export type {
  ServiceProfile,
  ServiceProfileInit,
  MetadataReader,
  MethodBinding,
  OperationsMethod,
  Transport,
} from '../profiles/service-profile.js';
export type { ListRules } from '../profiles/list-rules.js';
export { transferOperationsFilter } from '../profiles/transfer-operations-filter.js';
export type { TransferOperationsFilter, TransferStatus } from '../profiles/transfer-operations-filter.js';

// For those who plug in a transport or a clock of their own.
export type { Clock, ClockTimer } from '../clock.js';
export { WireError } from '../transport/transport.js';
export type { OperationsTransport, AttemptOptions, ListRequest } from '../transport/transport.js';
