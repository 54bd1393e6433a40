// The REST face of the emulator: the profile's HTTP bindings on node:http, JSON in and out.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { durationJsonToMs } from '../proto-duration.js';
import type { AddressInfo } from 'node:net';
import { Code } from '../codes.js';
import { compilePathTemplate } from '../path-template.js';
import type { JsonObject } from '../operation.js';
import { RPC_NAMES, type OperationsMethod, type ServiceProfile } from '../profiles/service-profile.js';
import { CallEndedError, type CallGate } from './call-gate.js';
import { EmulatorCallError, unimplemented, invalidArgument } from './call-error.js';
import { applyCors, type CorsPolicy } from './cors.js';
import type { OperationsService } from './operations-service.js';
import { errorEnvelope, operationToRestJson, pageToRestJson } from './rest-json.js';

/** The largest request body read; bodies here are `{}` or a timeout. */
const MAX_BODY_BYTES = 64 * 1024;

const METHODS = Object.keys(RPC_NAMES) as OperationsMethod[];

/** The method and operation name a request is for, by the profile's HTTP bindings; undefined when none matches. */
export function routeRequest(profile: ServiceProfile, verb: string, path: string): { method: OperationsMethod; name: string } | undefined {
  for (const method of METHODS) {
    const binding = profile.http(method);
    if (!binding || binding.verb !== verb) continue;
    const name = binding.path.parse(path);
    if (name !== undefined) return { method, name };
  }
  return undefined;
}

/**
 * A method the profile lacks, when the request has the shape the default
 * mapping gives it beside the profile's GetOperation path (`POST …:cancel`,
 * `DELETE …`, `POST …:wait`): such a call is answered UNIMPLEMENTED, as a
 * real service answers it, rather than NOT_FOUND.
 */
export function lackedMethod(profile: ServiceProfile, verb: string, path: string): OperationsMethod | undefined {
  const get = profile.http('get');
  if (!get) return undefined;
  const shapes: [OperationsMethod, string, string][] = [
    ['cancel', 'POST', ':cancel'],
    ['delete', 'DELETE', ''],
    ['wait', 'POST', ':wait'],
  ];
  for (const [method, shapeVerb, suffix] of shapes) {
    if (verb !== shapeVerb || profile.supports(method, 'rest')) continue;
    if (compilePathTemplate(get.path.source + suffix).parse(path) !== undefined) return method;
  }
  return undefined;
}

/** The first of the query parameters present, camelCase or snake_case. */
function queryParam(query: URLSearchParams, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = query.get(key);
    if (value !== null) return value;
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new EmulatorCallError(Code.INVALID_ARGUMENT, `request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(service: OperationsService, text: string): JsonObject {
  if (text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EmulatorCallError(Code.INVALID_ARGUMENT, 'request body is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidArgument(service.store.types, 'body', 'request body must be a JSON object');
  }
  return json as JsonObject;
}

/** WaitOperation's `timeout`, a Duration in proto3 JSON (`'1.5s'`), as milliseconds. */
function timeoutParam(service: OperationsService, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = durationJsonToMs(value);
  if (ms === undefined)
    throw invalidArgument(service.store.types, 'timeout', `timeout must be a Duration such as '5s', got ${JSON.stringify(value)}`);
  return ms;
}

function pageSizeParam(service: OperationsService, raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^-?\d+$/.test(raw)) throw invalidArgument(service.store.types, 'page_size', `page_size must be an integer, got '${raw}'`);
  return Number(raw);
}

async function handle(
  service: OperationsService,
  method: OperationsMethod,
  name: string,
  query: URLSearchParams,
  body: JsonObject,
  signal: AbortSignal,
): Promise<JsonObject> {
  const { types } = service.store;
  switch (method) {
    case 'get':
      return operationToRestJson(types, service.get(name));
    case 'list':
      return pageToRestJson(
        types,
        service.list({
          name,
          filter: queryParam(query, 'filter') ?? '',
          pageSize: pageSizeParam(service, queryParam(query, 'pageSize', 'page_size')),
          pageToken: queryParam(query, 'pageToken', 'page_token') ?? '',
          returnPartialSuccess: queryParam(query, 'returnPartialSuccess', 'return_partial_success') === 'true',
        }),
      );
    case 'cancel':
      service.cancel(name);
      return {};
    case 'delete':
      service.delete(name);
      return {};
    case 'wait':
      return operationToRestJson(types, await service.wait(name, timeoutParam(service, body.timeout), signal));
  }
}

function send(res: ServerResponse, httpStatus: number, body: JsonObject): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(service: OperationsService, res: ServerResponse, error: unknown): void {
  const { httpStatus, body } = errorEnvelope(service.store.types, EmulatorCallError.from(error).status);
  send(res, httpStatus, body);
}

async function serve(service: OperationsService, gate: CallGate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const client = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) client.abort(new CallEndedError('the client closed the connection', false));
  });
  try {
    const url = new URL(`http://emulator${req.url ?? '/'}`);
    const route = routeRequest(service.store.profile, req.method ?? 'GET', url.pathname);
    if (!route) {
      req.resume();
      const lacked = lackedMethod(service.store.profile, req.method ?? 'GET', url.pathname);
      if (lacked) {
        await gate.run(lacked, 'rest', client.signal, () => Promise.reject(unimplemented(lacked, service.store.profile)));
      }
      throw new EmulatorCallError(Code.NOT_FOUND, `no route for ${req.method} ${url.pathname} in ${service.store.profile.title}`);
    }
    const text = await readBody(req);
    const body = await gate.run(route.method, 'rest', client.signal, (signal) =>
      handle(service, route.method, route.name, url.searchParams, parseBody(service, text), signal),
    );
    send(res, 200, body);
  } catch (error) {
    if (error instanceof CallEndedError || client.signal.aborted) return;
    sendError(service, res, error);
  }
}

/** A running HTTP listener. */
export interface RestListener {
  /** The port it listens on. */
  readonly port: number;
  /** Stops listening and drops every connection, answered or not. */
  close(): Promise<void>;
}

/**
 * Starts the REST server for the service on host and port (0: a free one).
 * Only the profile's HTTP bindings are routed; anything else is a 404 with
 * a NOT_FOUND envelope. With a CORS policy, requests from the origins it
 * allows get CORS headers, and their preflights a 204.
 * @throws the listen error, e.g. EADDRINUSE.
 */
export function startRestServer(
  service: OperationsService,
  gate: CallGate,
  host: string,
  port: number,
  cors?: CorsPolicy,
): Promise<RestListener> {
  const server = createServer((req, res) => {
    if (!applyCors(cors, req, res)) void serve(service, gate, req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
