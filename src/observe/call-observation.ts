// One RPC as its span and its log lines tell it: a CLIENT span per call (retries included) after OpenTelemetry's RPC conventions.
import { Code, codeName } from '../codes.js';
import { LongrunningError, OperationError } from '../errors.js';
import type { Logger } from './logger.js';
import { definedAttributes, SpanKind, SpanStatusCode, type Attributes, type OtelContext, type OtelSpan, type OtelTracer } from './otel.js';
import type { Redactor } from './redact.js';

/** The gRPC service every call is on, as `rpc.service` and in span names. */
export const RPC_SERVICE = 'google.longrunning.Operations';

/** What a call span starts with: where the call goes and what it is about. */
export interface CallDescription {
  /** The RPC: `GetOperation`, `ListOperations`, … */
  readonly rpc: string;
  /** The name the call is about: an operation's, or for a list its collection's. */
  readonly name: string;
  /** Whether the name is an operation's or a collection's. */
  readonly nameIs: 'operation' | 'collection';
  /** `grpc`, or `http` for REST (as Google's clients name it in `rpc.system`). */
  readonly system: 'grpc' | 'http';
  /** For REST, the binding's verb and path template. */
  readonly http?: { readonly verb: string; readonly template: string } | undefined;
  /** `server.address` and `server.port`, when the client knows them (not for a transport object of the caller's). */
  readonly server?: { readonly address: string; readonly port: number | undefined } | undefined;
  /** The headers the call carries besides the transport's own and the credentials, for the debug log (redacted there). */
  readonly headers: Readonly<Record<string, string>>;
}

/** The code a call ended with: the error's, or CANCELLED for the caller's own abort (whose reason is whatever the caller gave). */
function codeOf(error: unknown): number {
  return error instanceof LongrunningError ? error.code : Code.CANCELLED;
}

/** The message of a failure, for a span status and a log line: the service's words, or the error's. */
function messageOf(error: unknown): string {
  if (error instanceof LongrunningError && !(error instanceof OperationError)) return error.rawMessage;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Watches one call of a client: its attempts, its retries and how it ended.
 * Made only when a span records or a logger listens; the client then calls
 * {@link attempt} before each attempt, {@link retrying} before each retry,
 * {@link failed} with the error the call rejects with, and {@link end} once.
 */
export class CallObservation {
  readonly #description: CallDescription;
  readonly #span: OtelSpan | undefined;
  readonly #logger: Logger | undefined;
  readonly #redactor: Redactor;
  readonly #startedAt = performance.now();
  #attempts = 0;
  #httpStatus: number | undefined;
  #error: unknown;
  #failed = false;
  #ended = false;

  /** For the transport: told the HTTP status of each answer (REST), for the span. */
  readonly onHttpStatus: ((status: number) => void) | undefined;

  constructor(
    description: CallDescription,
    tracer: OtelTracer | undefined,
    parent: OtelContext | undefined,
    logger: Logger | undefined,
    redactor: Redactor,
  ) {
    this.#description = description;
    this.#logger = logger;
    this.#redactor = redactor;
    const span = tracer?.startSpan(`${RPC_SERVICE}/${description.rpc}`, { kind: SpanKind.CLIENT }, parent);
    this.#span = span?.isRecording() ? span : undefined;
    if (this.#span) {
      this.#span.setAttributes(definedAttributes(startAttributes(description)));
      if (description.system === 'http') this.onHttpStatus = (status) => (this.#httpStatus = status);
    }
    logger?.debug(`${description.rpc} ${description.name}: start`, {
      transport: description.system === 'grpc' ? 'grpc' : 'rest',
      headers: redactor.headers(description.headers),
    });
  }

  /** An attempt goes out. */
  attempt(): void {
    this.#attempts++;
  }

  /** The attempt failed with a transient error and the call tries again after `delayMs`. */
  retrying(error: unknown, delayMs: number): void {
    const code = codeOf(error);
    this.#span?.addEvent('longrunning.retry', {
      'longrunning.rpc.attempt': this.#attempts,
      'error.type': codeName(code),
      'longrunning.retry.delay_ms': Math.round(delayMs),
    });
    this.#logger?.info(
      `${this.#description.rpc} ${this.#description.name}: ${codeName(code)}, retrying in ${Math.round(delayMs)} ms`,
      this.#redactor.fields({ attempt: this.#attempts, code, message: messageOf(error) }),
    );
  }

  /** The call rejects with `error`. */
  failed(error: unknown): void {
    this.#failed = true;
    this.#error = error;
  }

  /** The call is over: with the error given to {@link failed}, or else with success. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    const d = this.#description;
    const code = this.#failed ? codeOf(this.#error) : Code.OK;
    const span = this.#span;
    if (span) {
      span.setAttributes(
        definedAttributes({
          'rpc.grpc.status_code': d.system === 'grpc' ? code : undefined,
          'http.response.status_code': this.#httpStatus,
          'longrunning.rpc.attempts': this.#attempts,
          'error.type': this.#failed ? codeName(code) : undefined,
        }),
      );
      if (this.#failed)
        span.setStatus({ code: SpanStatusCode.ERROR, message: this.#redactor.text(`${codeName(code)}: ${messageOf(this.#error)}`) });
      span.end();
    }
    this.#logger?.debug(
      `${d.rpc} ${d.name}: ${codeName(code)} in ${Math.round(performance.now() - this.#startedAt)} ms`,
      this.#redactor.fields({
        code,
        attempts: this.#attempts,
        ...(this.#httpStatus === undefined ? {} : { httpStatus: this.#httpStatus }),
        ...(this.#failed ? { message: messageOf(this.#error) } : {}),
      }),
    );
  }
}

function startAttributes(d: CallDescription): Attributes {
  return {
    'rpc.system': d.system,
    'rpc.service': RPC_SERVICE,
    'rpc.method': d.rpc,
    'server.address': d.server?.address,
    'server.port': d.server?.port,
    'http.request.method': d.http?.verb,
    'url.template': d.http?.template,
    [d.nameIs === 'operation' ? 'longrunning.operation.name' : 'longrunning.collection.name']: d.name,
  };
}
