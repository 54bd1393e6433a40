// One outcome of `lro wait` on many operations as lro tells it: its kind, a line for people, an object for --json.
import {
  codeName,
  OperationCancelledError,
  OperationError,
  PollTimeoutError,
  RpcError,
  UnpackError,
  type JsonObject,
  type Operation,
  type TypeRegistry,
  type WaitOutcome,
} from '../index.js';
import { rpcMessage } from './context.js';
import { oneLine } from './one-line.js';
import { decodeAny, operationToJson, stateOf, statusLine } from './operation-view.js';
import { describeProgress, progressOf } from './progress.js';

/** How one operation's wait ended, as the exit code counts it. */
export type OutcomeKind = 'succeeded' | 'failed' | 'cancelled' | 'timeout' | 'rpc-error';

/** An outcome read for display: its kind, and the operation's last state when one was seen. */
export interface ClassifiedOutcome {
  readonly kind: OutcomeKind;
  readonly operation: Operation | undefined;
}

function byStatus(op: Operation): OutcomeKind {
  if (!op.error) return 'succeeded';
  return op.error.code === 1 ? 'cancelled' : 'failed';
}

/**
 * Reads an outcome. A response that could not be decoded (a type missing
 * from --types) still counts by the operation's own end, as `lro wait NAME`
 * counts it: the undecoded response is shown as it is.
 */
export function classifyOutcome(outcome: WaitOutcome): ClassifiedOutcome {
  if (outcome.status === 'succeeded') return { kind: 'succeeded', operation: outcome.snapshot.operation };
  const error = outcome.error;
  if (error instanceof PollTimeoutError) return { kind: 'timeout', operation: outcome.snapshot?.operation };
  if (error instanceof OperationError)
    return { kind: error instanceof OperationCancelledError ? 'cancelled' : 'failed', operation: error.operation };
  if (error instanceof UnpackError && error.operation?.done) return { kind: byStatus(error.operation), operation: error.operation };
  if (error instanceof RpcError) return { kind: 'rpc-error', operation: outcome.snapshot?.operation };
  return { kind: 'failed', operation: outcome.snapshot?.operation };
}

function progressText(types: TypeRegistry, op: Operation | undefined): string {
  return op?.metadata ? describeProgress(progressOf(decodeAny(types, op.metadata).json)) : '';
}

function rpcErrorText(error: RpcError): string {
  return `${codeName(error.code)}: ${oneLine(rpcMessage(error.rawMessage)) || 'no message'}${error.method ? ` (${error.method})` : ''}`;
}

/**
 * The line for people: the name padded to `width`, then how it ended:
 * `succeeded`, `done (no result)`, `failed · CODE (n): message`, `cancelled`,
 * `not done: timed out · last seen 40% · RUNNING`, `error · NOT_FOUND: … (GetOperation)`.
 */
export function outcomeLine(types: TypeRegistry, outcome: WaitOutcome, seen: ClassifiedOutcome, width: number): string {
  const name = outcome.name.padEnd(width);
  const op = seen.operation;
  switch (seen.kind) {
    case 'succeeded':
      return `${name}  ${op ? stateOf(types, op) : 'succeeded'}`;
    case 'cancelled':
      return `${name}  cancelled`;
    case 'failed': {
      if (op?.error) return `${name}  failed · ${oneLine(statusLine(op.error))}`;
      const error = outcome.status === 'failed' ? outcome.error : undefined;
      return `${name}  failed · ${error ? `${error.codeName}: ${oneLine(error.rawMessage)}` : 'unknown'}`;
    }
    case 'timeout': {
      const progress = progressText(types, op);
      return `${name}  not done: timed out${progress ? ` · last seen ${progress}` : ''}`;
    }
    case 'rpc-error':
      return `${name}  error · ${rpcErrorText((outcome as { error: RpcError }).error)}`;
  }
}

/**
 * The object for --json: `index`, `outcome` (the kind), then the
 * operation's proto3 JSON when a state was seen (`name`, `done`,
 * `metadata`, `response` or `error`), and `elapsedMs` since the wait began.
 * An RPC error has `rpcError: { code, codeName, message, method }` instead
 * of the operation's fields.
 */
export function outcomeJson(types: TypeRegistry, outcome: WaitOutcome, seen: ClassifiedOutcome, elapsedMs: number): JsonObject {
  const head: JsonObject = { index: outcome.index, outcome: seen.kind, name: outcome.name };
  const body: JsonObject = seen.operation ? operationToJson(types, seen.operation) : { done: false };
  if (seen.kind === 'rpc-error' && outcome.status === 'failed') {
    const error = outcome.error as RpcError;
    const rpcError: JsonObject = { code: error.code, codeName: error.codeName, message: rpcMessage(error.rawMessage) };
    if (error.method) rpcError.method = error.method;
    body.rpcError = rpcError;
  }
  return { ...head, ...body, elapsedMs };
}
