// A raw HTTP server on loopback for tests of a hostile or broken REST service: each request goes to a handler the test writes.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Answers one request; `n` counts requests from 1. */
export type RawRestHandler = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>;

/** A running raw HTTP server. */
export interface RawRestServer extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Requests received so far. */
  readonly calls: number;
  /** The paths (with query) of the requests received, in order. */
  readonly paths: readonly string[];
  /** Replaces the handler. */
  handle(handler: RawRestHandler): void;
  /** Cuts every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts a raw HTTP server on a random loopback port. */
export async function startRawRestServer(handler: RawRestHandler): Promise<RawRestServer> {
  let current = handler;
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const n = paths.length;
    req.on('error', () => {});
    res.on('error', () => {});
    // Read the request body fully first, as a server would.
    req.resume();
    req.on('end', () => {
      Promise.resolve(current(req, res, n)).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get calls() {
      return paths.length;
    },
    paths,
    handle(next) {
      current = next;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Writes `total` bytes of `chunk`, repeated, as fast as the client reads them
 * (Infinity: until it goes away). Resolves with the bytes written.
 */
export function sendEndless(res: ServerResponse, chunk: Buffer, total = Infinity): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    const done = () => resolve(written);
    res.on('close', done);
    const pump = () => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end(done);
    };
    pump();
  });
}
