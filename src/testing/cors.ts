// CORS for the emulator's REST server, so that a page in a browser can call it from another origin (off by default).
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Which origins may call the REST server from a browser: `true` for any,
 * an origin (`'http://localhost:5173'`) or a list of them, `false` for none.
 */
export type CorsOption = boolean | string | readonly string[];

/** A CORS policy: the origin a request's Origin is allowed as, or undefined. */
export type CorsPolicy = (origin: string) => string | undefined;

/**
 * The policy of a {@link CorsOption}.
 * @throws TypeError for anything but a boolean, an origin or a list of origins.
 */
export function corsPolicy(option: CorsOption | undefined): CorsPolicy | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return () => '*';
  const origins = typeof option === 'string' ? [option] : option;
  if (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string' || !/^https?:\/\/[^/]+$/.test(o))) {
    throw new TypeError(`startEmulator: cors must be a boolean, an origin such as 'http://localhost:5173', or a list of origins`);
  }
  const allowed = new Set(origins);
  return (origin) => (allowed.has(origin) ? origin : undefined);
}

const ALLOWED_METHODS = 'GET, POST, DELETE';

/**
 * Adds the CORS headers a request from an allowed origin gets, and answers a
 * preflight (OPTIONS with Access-Control-Request-Method) itself: 204, the
 * methods the bindings use, the headers asked for. Returns true when it
 * answered the request.
 */
export function applyCors(policy: CorsPolicy | undefined, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const allowed = policy && origin ? policy(origin) : undefined;
  if (allowed === undefined) return false;
  res.setHeader('access-control-allow-origin', allowed);
  if (allowed !== '*') res.setHeader('vary', 'origin');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
  const asked = req.headers['access-control-request-headers'];
  if (asked) res.setHeader('access-control-allow-headers', asked);
  res.setHeader('access-control-max-age', '600');
  res.writeHead(204).end();
  req.resume();
  return true;
}
