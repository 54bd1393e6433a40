// The REST protocol: the Operations RPCs as JSON over HTTP, on the paths a service profile binds.
import { Code, codeFromHttpStatus, codeFromName } from '../codes.js';
import { MalformedResponseError, ResponseTooLargeError, RpcError } from '../errors.js';
import { emptyFromJson, envelopeStatusFromJson, operationFromJson, pageFromJson } from '../operation-json.js';
import { RPC_NAMES, type OperationsMethod, type ServiceProfile } from '../profiles/service-profile.js';
import { linkSignals } from '../signals.js';
import { MAX_TIMER_MS } from '../timers.js';
import { nodeBuiltin } from '../node-builtins.js';
import { ERROR_BODY_LIMIT, readBody } from './rest-body.js';
import { retryAfterMs, withRetryAfter } from './retry-after.js';
import {
  abortable,
  authHeaders,
  DEFAULT_MAX_RESPONSE_BYTES,
  WireError,
  type AttemptOptions,
  type AuthClient,
  type OperationsTransport,
} from './transport.js';

/** Settings of a REST transport. */
export interface RestTransportOptions {
  /** `http://host:port` or `https://host`. */
  readonly endpoint: string;
  /** Where the service binds each RPC. */
  readonly profile: ServiceProfile;
  /** Per-call credentials; none when absent. */
  readonly auth?: AuthClient | undefined;
  /** Headers sent with every call. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The most bytes one answer's body may have, after decompression. @default 32 MiB */
  readonly maxResponseBytes?: number | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function causeCode(err: unknown): string {
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code : '';
}

function causeMessage(err: unknown): string {
  return (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
}

async function errorFromResponse(res: Response): Promise<WireError> {
  let text = '';
  try {
    // Enough for any error envelope: a 50 MB error page is not read to keep 200 characters of it.
    text = lenientUtf8.decode((await readBody(res, ERROR_BODY_LIMIT)).bytes);
  } catch {
    // The connection closed mid-way: report the HTTP status alone.
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const retryAfter = res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after'), Date.now()) : undefined;
  const envelope = (body as { error?: unknown } | undefined)?.error;
  if (typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope)) {
    const status = envelopeStatusFromJson(envelope as Record<string, never>);
    const name = (envelope as { status?: unknown }).status;
    const byName = typeof name === 'string' ? codeFromName(name) : undefined;
    return new WireError(withRetryAfter({ ...status, code: byName ?? codeFromHttpStatus(res.status) }, retryAfter));
  }
  const snippet = text.slice(0, 200).trim();
  return new WireError(
    withRetryAfter(
      { code: codeFromHttpStatus(res.status), message: `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`, details: [] },
      retryAfter,
    ),
  );
}

/** Makes the Operations RPCs over REST with fetch. */
export function createRestTransport(options: RestTransportOptions): OperationsTransport {
  const base = options.endpoint.replace(/\/+$/, '');
  const profile = options.profile;
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  // Why fetch, or reading the body, failed; the caller's abort and the deadline are told apart before this.
  function transportFailure(err: unknown, rpc: string, reading: boolean): WireError | RpcError {
    const code = causeCode(err);
    // Node's fetch (undici) gives this code; its limit is node:http's (16 KiB unless --max-http-header-size).
    const maxHeaderSize = nodeBuiltin('node:http')?.maxHeaderSize ?? 16_384;
    if (code === 'UND_ERR_HEADERS_OVERFLOW')
      return new ResponseTooLargeError(`the ${rpc} answer's headers from ${base} passed ${maxHeaderSize} bytes`, {
        method: rpc,
        limitBytes: maxHeaderSize,
        cause: err,
      });
    if (code.startsWith('HPE_'))
      return new MalformedResponseError(`the ${rpc} answer from ${base} is not valid HTTP: ${causeMessage(err)}`, {
        method: rpc,
        cause: err,
      });
    if (code.startsWith('Z_'))
      return new MalformedResponseError(`the ${rpc} answer from ${base} does not decompress: ${causeMessage(err)}`, {
        method: rpc,
        cause: err,
      });
    // A connection refused, reset, or closed mid-answer: transient.
    const what = reading ? `the connection to ${base} closed mid-answer` : `cannot reach ${base}`;
    return new WireError({ code: Code.UNAVAILABLE, message: `${what}: ${causeMessage(err)}`, details: [] }, err);
  }

  async function call<T>(
    method: OperationsMethod,
    name: string,
    query: URLSearchParams | undefined,
    o: AttemptOptions,
    read: (json: unknown) => T,
  ): Promise<T> {
    const binding = profile.http(method);
    if (!binding) throw new WireError({ code: Code.UNIMPLEMENTED, message: `no HTTP binding for ${method}`, details: [] });
    const rpc = RPC_NAMES[method];
    const url = base + binding.path.expand(name) + (query && [...query].length ? `?${query}` : '');
    const remaining = o.deadline - Date.now();
    if (remaining <= 0) throw new WireError({ code: Code.DEADLINE_EXCEEDED, message: 'deadline passed before the call', details: [] });
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), Math.min(remaining, MAX_TIMER_MS));
    const linked = linkSignals(o.signal, timeout.signal);
    const signal = linked.signal;
    const failure = (err: unknown, otherwise: () => WireError | RpcError): WireError | RpcError => {
      if (err instanceof WireError || err instanceof RpcError) return err;
      if (o.signal?.aborted) return new WireError({ code: Code.CANCELLED, message: 'call aborted', details: [] }, o.signal.reason);
      if (timeout.signal.aborted)
        return new WireError({ code: Code.DEADLINE_EXCEEDED, message: `no answer from ${base} before the deadline`, details: [] }, err);
      return otherwise();
    };
    try {
      const headers = new Headers(options.headers);
      headers.set('accept', 'application/json');
      try {
        for (const [k, v] of await abortable(authHeaders(options.auth, url), signal)) headers.append(k, v);
      } catch (err) {
        throw failure(
          err,
          () => new WireError({ code: Code.UNAUTHENTICATED, message: `no credentials: ${(err as Error).message}`, details: [] }, err),
        );
      }
      // Google APIs never redirect; following one would send the request, and its headers, elsewhere.
      const init: RequestInit = { method: binding.verb, headers, signal, redirect: 'manual' };
      if (binding.verb === 'POST') {
        headers.set('content-type', 'application/json');
        init.body = '{}';
      }
      let res: Response;
      try {
        res = await fetch(url, init);
      } catch (err) {
        throw failure(err, () => transportFailure(err, rpc, false));
      }
      let text: string;
      try {
        if (res.status >= 300 && res.status < 400) {
          await res.body?.cancel();
          const to = res.headers.get('location') ?? 'elsewhere';
          throw new WireError({
            code: Code.FAILED_PRECONDITION,
            message: `${base} redirected to ${to.slice(0, 200)}; redirects are not followed`,
            details: [],
          });
        }
        if (!res.ok) throw await errorFromResponse(res);
        const body = await readBody(res, limit);
        if (body.overLimit) {
          throw new ResponseTooLargeError(`the ${rpc} answer from ${base} passed ${limit} bytes (maxResponseBytes)`, {
            method: rpc,
            limitBytes: limit,
          });
        }
        try {
          text = utf8.decode(body.bytes);
        } catch (err) {
          throw new MalformedResponseError(`the ${rpc} answer from ${base} is not UTF-8`, { method: rpc, raw: body.bytes, cause: err });
        }
      } catch (err) {
        throw failure(err, () => transportFailure(err, rpc, true));
      }
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : {};
      } catch (err) {
        throw new MalformedResponseError(`the ${rpc} answer from ${base} is not JSON`, { method: rpc, raw: text, cause: err });
      }
      try {
        return read(json);
      } catch (err) {
        if (!(err instanceof MalformedResponseError)) throw err;
        throw new MalformedResponseError(`the ${rpc} answer from ${base}: ${err.rawMessage}`, { method: rpc, field: err.field, raw: text });
      }
    } finally {
      clearTimeout(timer);
      linked.dispose();
    }
  }

  return {
    kind: 'rest',
    async get(name, o) {
      return call('get', name, undefined, o, (json) => operationFromJson(json));
    },
    async list(req, o) {
      const q = new URLSearchParams();
      if (req.filter) q.set('filter', req.filter);
      if (req.pageSize) q.set('pageSize', String(req.pageSize));
      if (req.pageToken) q.set('pageToken', req.pageToken);
      if (req.returnPartialSuccess) q.set('returnPartialSuccess', 'true');
      return call('list', req.name, q, o, pageFromJson);
    },
    async cancel(name, o) {
      await call('cancel', name, undefined, o, emptyFromJson);
    },
    async delete(name, o) {
      await call('delete', name, undefined, o, emptyFromJson);
    },
    async wait(name, timeoutMs, o) {
      const q = new URLSearchParams();
      if (timeoutMs !== undefined) q.set('timeout', `${timeoutMs / 1000}s`);
      return call('wait', name, q, o, (json) => operationFromJson(json));
    },
    close() {
      // fetch shares Node's global connection pool; nothing here to release.
    },
  };
}
