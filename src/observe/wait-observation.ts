// One wait (`poller.result()`, `await poller`) as its span and its log line tell it: what it waited on, how many polls, how it ended.
import { Code, codeName } from '../codes.js';
import { LongrunningError, OperationError, PollTimeoutError, UnpackError } from '../errors.js';
import type { Logger } from './logger.js';
import {
  activeContext,
  activeTracer,
  contextWith,
  definedAttributes,
  SpanKind,
  SpanStatusCode,
  tracingPending,
  type OtelContext,
  type OtelSpan,
} from './otel.js';
import type { Redactor } from './redact.js';

/** The span name of a wait. */
export const WAIT_SPAN = 'longrunning.wait';

/** How a wait ended, as `longrunning.wait.ended_by` says it. */
export type WaitEnd = 'response' | 'operation_error' | 'rpc_error' | 'timeout' | 'unpack_error' | 'abort';

/** How an outcome reads: what ended the wait, and its google.rpc code (0 for a response). */
export function waitEndOf(error: unknown): { endedBy: WaitEnd; code: number } {
  if (error === undefined) return { endedBy: 'response', code: Code.OK };
  if (error instanceof OperationError) return { endedBy: 'operation_error', code: error.code };
  if (error instanceof PollTimeoutError) return { endedBy: 'timeout', code: error.code };
  if (error instanceof UnpackError) return { endedBy: 'unpack_error', code: error.code };
  if (error instanceof LongrunningError) return { endedBy: 'rpc_error', code: error.code };
  // The caller's signal (its reason is whatever the caller gave), or poller.stop().
  return { endedBy: 'abort', code: Code.CANCELLED };
}

/** What a wait's observation needs of its client. */
export interface WaitContext {
  readonly name: string;
  readonly service: string;
  /** The poll count of the operation's loop, read at the start and at the end of the wait. */
  readonly polls: () => number;
  readonly logger: Logger | undefined;
  readonly redactor: Redactor;
}

/**
 * Watches one wait. Its span (INTERNAL, {@link WAIT_SPAN}) is the parent of
 * the RPC spans of the polls made for it. When @opentelemetry/api is still
 * loading as the wait begins (the process's first waits), the span is
 * started once it has loaded, dated from the wait's start.
 */
export class WaitObservation {
  /** The context of the wait's span, for the spans of its polls; undefined while (or when) it records none. */
  context: OtelContext | undefined;

  readonly #wait: WaitContext;
  readonly #startedAt = Date.now();
  readonly #firstPoll: number;
  readonly #parent: OtelContext | undefined;
  #span: OtelSpan | undefined;
  #end: { error: unknown; polls: number; at: number } | undefined;

  constructor(wait: WaitContext) {
    this.#wait = wait;
    this.#firstPoll = wait.polls();
    this.#parent = activeContext();
    const pending = tracingPending();
    if (pending) void pending.then(() => this.#start());
    else this.#start();
  }

  #start(): void {
    const tracer = activeTracer();
    if (!tracer) return;
    const w = this.#wait;
    const span = tracer.startSpan(
      WAIT_SPAN,
      {
        kind: SpanKind.INTERNAL,
        startTime: this.#startedAt,
        attributes: { 'longrunning.operation.name': w.name, 'longrunning.service': w.service },
      },
      this.#parent,
    );
    if (!span.isRecording()) return;
    this.#span = span;
    this.context = contextWith(span, this.#parent);
    if (this.#end) this.#finish(this.#end);
  }

  /** The wait is over: `error` undefined for a response, else what it rejects with. */
  end(error: unknown): void {
    if (this.#end) return;
    const end = { error, polls: this.#wait.polls() - this.#firstPoll, at: Date.now() };
    this.#end = end;
    const { endedBy, code } = waitEndOf(error);
    this.#wait.logger?.debug(
      `wait on ${this.#wait.name}: ${endedBy} (${codeName(code)}) after ${end.polls} polls in ${end.at - this.#startedAt} ms`,
      this.#wait.redactor.fields({ endedBy, code, polls: end.polls }),
    );
    if (this.#span) this.#finish(end);
  }

  #finish(end: { error: unknown; polls: number; at: number }): void {
    const span = this.#span!;
    const { endedBy, code } = waitEndOf(end.error);
    const failed = endedBy !== 'response' && endedBy !== 'abort';
    span.setAttributes(
      definedAttributes({
        'longrunning.wait.polls': end.polls,
        'longrunning.wait.code': code,
        'longrunning.wait.ended_by': endedBy,
        'error.type': endedBy === 'response' ? undefined : codeName(code),
      }),
    );
    if (failed) {
      const message = end.error instanceof LongrunningError ? end.error.rawMessage : String(end.error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: this.#wait.redactor.text(`${codeName(code)}: ${message}`) });
    }
    span.end(end.at);
    this.context = undefined;
  }
}
