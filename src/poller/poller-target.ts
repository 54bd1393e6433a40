// What a poller may be made from: an Operation (the package's own, a generated client's IOperation or gax LROperation),
// an operation name, or a resume token (object or JSON text).
import type { Operation } from '../operation.js';
import { operationFrom, type GaxOperation, type OperationMessage } from '../operation-message.js';
import type { ResumeToken } from './poller.js';
import type { PayloadTypes } from './snapshot.js';

/**
 * What `client.poller()` takes, and each target of `waitAll`, `waitAny` and
 * `watch`: an operation's name, a resume token from `poller.toJSON()` (or its
 * JSON text), or the operation a start call returned, in any of the shapes
 * that callers hold it in:
 *
 * - the package's own {@link Operation};
 * - an {@link OperationMessage}: the `google.longrunning.IOperation` of a
 *   generated `@google-cloud/*` client or google-gax, its Any values in bytes
 *   (or base64) or in proto3 JSON;
 * - a {@link GaxOperation}: the `LROperation<TResponse, TMetadata>` a
 *   generated client's start call returns. Its type parameters must fit the
 *   poller's, but are not taken for them: the `check…Progress` methods type
 *   theirs with the generated classes (numeric enums, `toJSON()`), which the
 *   decoded values are not. Name the `I*` interfaces instead:
 *   `client.poller<protos.google.protobuf.IEmpty, protos.google.storagetransfer.v1.ITransferOperation>(operation)`.
 *
 * An operation without a name is a TypeError.
 */
export type PollerTarget<TResponse = unknown, TMetadata = unknown> =
  string | ResumeToken | Operation | OperationMessage | GaxOperation<NoInfer<TResponse>, NoInfer<TMetadata>>;

/** Where a poller starts, and the payload types it pins. */
export interface PollerStart {
  readonly start: string | Operation;
  readonly payloadTypes: PayloadTypes;
}

/**
 * Reads a poller's target. Types pinned by the caller win over a token's.
 * @throws TypeError for a token that is not JSON, not of this package, or of another service; an operation without a
 *   name or with fields that are not what their types say; or a target of no known kind.
 */
export function readPollerTarget(target: PollerTarget, serviceId: string, pinned: PayloadTypes): PollerStart {
  if (typeof target === 'string' && target.trimStart().startsWith('{')) {
    try {
      target = JSON.parse(target) as ResumeToken;
    } catch {
      throw new TypeError('poller: the token is not valid JSON');
    }
  }
  if (typeof target === 'object' && target !== null && 'v' in target) {
    if (target.v !== 1 || typeof target.name !== 'string') throw new TypeError('poller: not a resume token of this package');
    if (target.service !== serviceId)
      throw new TypeError(`poller: the token is for service '${target.service}', this client follows '${serviceId}'`);
    return {
      start: target.name,
      payloadTypes: { responseType: pinned.responseType ?? target.responseType, metadataType: pinned.metadataType ?? target.metadataType },
    };
  }
  if (typeof target === 'string') return { start: target, payloadTypes: pinned };
  if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
    return { start: operationFrom(target, 'poller'), payloadTypes: pinned };
  }
  throw new TypeError('poller: expected an operation name, an Operation or a resume token');
}
