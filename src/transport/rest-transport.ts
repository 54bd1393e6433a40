// The REST protocol: the Operations RPCs as JSON over HTTP, on the paths a service profile binds.
import { Code, codeFromHttpStatus, codeFromName } from '../codes.js';
import { operationFromJson, pageFromJson, statusFromJson } from '../operation-codec.js';
import type { OperationsMethod, ServiceProfile } from '../profiles/service-profile.js';
import { linkSignals } from '../signals.js';
import { MAX_TIMER_MS } from '../timers.js';
import { abortable, authHeaders, WireError, type AttemptOptions, type AuthClient, type OperationsTransport } from './transport.js';

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
}

async function errorFromResponse(res: Response): Promise<WireError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const envelope = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (envelope && typeof envelope === 'object') {
    const status = statusFromJson(envelope);
    const byName = typeof envelope.status === 'string' ? codeFromName(envelope.status) : undefined;
    return new WireError({ ...status, code: byName ?? codeFromHttpStatus(res.status) });
  }
  const snippet = text.slice(0, 200).trim();
  return new WireError({
    code: codeFromHttpStatus(res.status),
    message: `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`,
    details: [],
  });
}

/** Makes the Operations RPCs over REST with fetch. */
export function createRestTransport(options: RestTransportOptions): OperationsTransport {
  const base = options.endpoint.replace(/\/+$/, '');
  const profile = options.profile;

  async function call(method: OperationsMethod, name: string, query: URLSearchParams | undefined, o: AttemptOptions): Promise<unknown> {
    const binding = profile.http(method);
    if (!binding) throw new WireError({ code: Code.UNIMPLEMENTED, message: `no HTTP binding for ${method}`, details: [] });
    const url = base + binding.path.expand(name) + (query && [...query].length ? `?${query}` : '');
    const remaining = o.deadline - Date.now();
    if (remaining <= 0) throw new WireError({ code: Code.DEADLINE_EXCEEDED, message: 'deadline passed before the call', details: [] });
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), Math.min(remaining, MAX_TIMER_MS));
    const linked = linkSignals(o.signal, timeout.signal);
    const signal = linked.signal;
    const failure = (err: unknown, otherwise: () => WireError): WireError => {
      if (err instanceof WireError) return err;
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
        const reason = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
        throw failure(err, () => new WireError({ code: Code.UNAVAILABLE, message: `cannot reach ${base}: ${reason}`, details: [] }, err));
      }
      try {
        if (res.status >= 300 && res.status < 400) {
          await res.body?.cancel();
          const to = res.headers.get('location') ?? 'elsewhere';
          throw new WireError({
            code: Code.FAILED_PRECONDITION,
            message: `${base} redirected to ${to}; redirects are not followed`,
            details: [],
          });
        }
        if (!res.ok) throw await errorFromResponse(res);
        const text = await res.text();
        return text ? JSON.parse(text) : {};
      } catch (err) {
        throw failure(err, () => new WireError({ code: Code.INTERNAL, message: `the answer from ${base} is not JSON`, details: [] }, err));
      }
    } finally {
      clearTimeout(timer);
      linked.dispose();
    }
  }

  return {
    kind: 'rest',
    async get(name, o) {
      return operationFromJson(await call('get', name, undefined, o));
    },
    async list(req, o) {
      const q = new URLSearchParams();
      if (req.filter) q.set('filter', req.filter);
      if (req.pageSize) q.set('pageSize', String(req.pageSize));
      if (req.pageToken) q.set('pageToken', req.pageToken);
      if (req.returnPartialSuccess) q.set('returnPartialSuccess', 'true');
      return pageFromJson(await call('list', req.name, q, o));
    },
    async cancel(name, o) {
      await call('cancel', name, undefined, o);
    },
    async delete(name, o) {
      await call('delete', name, undefined, o);
    },
    async wait(name, timeoutMs, o) {
      const q = new URLSearchParams();
      if (timeoutMs !== undefined) q.set('timeout', `${timeoutMs / 1000}s`);
      return operationFromJson(await call('wait', name, q, o));
    },
    close() {
      // fetch shares Node's global connection pool; nothing here to release.
    },
  };
}
