// listOperations against a service whose page tokens never end or go round: it stops with a typed error, in a bounded number of calls.
import { describe, expect, it } from 'vitest';
import { Code, MalformedResponseError, OperationsClient, type Operation, type Transport } from '../../src/index.js';
import { rejection } from '../helpers/setup.js';
import { sendJson, startRawRestServer } from '../helpers/raw-rest-server.js';
import { startRawGrpcServer } from '../helpers/raw-grpc-server.js';
import { pageBytes } from '../helpers/grpc-payloads.js';

/** One page: the operations on it and the next token. */
type Page = { operations: Operation[]; nextPageToken: string };

async function listingServer(transport: Transport, pageFor: (token: string, n: number) => Page) {
  if (transport === 'rest') {
    const server = await startRawRestServer((req, res, n) => {
      const token = new URL(req.url ?? '', 'http://x').searchParams.get('pageToken') ?? '';
      sendJson(res, 200, pageFor(token, n));
    });
    return { server, endpoint: server.endpoint, calls: () => server.calls };
  }
  const { ListOperationsRequest } = (await import('../../src/protos.js')).longrunningTypes();
  const server = await startRawGrpcServer((_m, request, n) => {
    const { pageToken } = ListOperationsRequest.decode(request) as unknown as { pageToken: string };
    const page = pageFor(pageToken, n);
    return { messages: [pageBytes(page.operations, page.nextPageToken)] };
  });
  return { server, endpoint: server.endpoint, calls: () => server.calls };
}

async function drain(client: OperationsClient): Promise<Operation[]> {
  const seen: Operation[] = [];
  for await (const op of client.listOperations({ name: 'operations' })) seen.push(op);
  return seen;
}

for (const transport of ['grpc', 'rest'] as const) {
  describe(`listOperations over ${transport}`, () => {
    const clientOf = (endpoint: string, maxEmptyPages?: number) =>
      new OperationsClient({ endpoint, transport, insecure: true, timeoutMs: 5_000, maxEmptyPages });

    it('stops after maxEmptyPages empty pages in a row, each with a new token', async () => {
      const { server, endpoint, calls } = await listingServer(transport, (_t, n) => ({ operations: [], nextPageToken: `t${n}` }));
      await using _server = server;
      using client = clientOf(endpoint, 10);
      const err = await rejection(drain(client));
      expect(err).toBeInstanceOf(MalformedResponseError);
      expect(err).toMatchObject({ code: Code.INTERNAL, field: 'nextPageToken', method: 'ListOperations' });
      expect(calls()).toBe(10);
    });

    it('stops at the default bound (100) with no option set', async () => {
      const { server, endpoint, calls } = await listingServer(transport, (_t, n) => ({ operations: [], nextPageToken: `t${n}` }));
      await using _server = server;
      using client = clientOf(endpoint);
      expect(await rejection(drain(client))).toBeInstanceOf(MalformedResponseError);
      expect(calls()).toBe(100);
    });

    it('a token handed out twice in a row stops it at once', async () => {
      const { server, endpoint, calls } = await listingServer(transport, () => ({
        operations: [{ name: 'operations/a', done: false }],
        nextPageToken: 'same',
      }));
      await using _server = server;
      using client = clientOf(endpoint);
      expect(await rejection(drain(client))).toBeInstanceOf(MalformedResponseError);
      expect(calls()).toBe(2);
    });

    it('tokens that go round a cycle stop it when the cycle closes', async () => {
      const next: Record<string, string> = { '': 'a', a: 'b', b: 'c', c: 'a' };
      const { server, endpoint, calls } = await listingServer(transport, (token) => ({
        operations: [{ name: `operations/${token || 'first'}`, done: false }],
        nextPageToken: next[token] ?? '',
      }));
      await using _server = server;
      using client = clientOf(endpoint);
      expect(await rejection(drain(client))).toBeInstanceOf(MalformedResponseError);
      expect(calls()).toBe(4);
    });

    it('empty pages between full ones do not add up, and the listing ends where the service ends it', async () => {
      const { server, endpoint } = await listingServer(transport, (_t, n) => ({
        operations: n % 5 === 0 ? [{ name: `operations/${n}`, done: false }] : [],
        nextPageToken: n < 40 ? `t${n}` : '',
      }));
      await using _server = server;
      using client = clientOf(endpoint, 5);
      expect((await drain(client)).map((o) => o.name)).toEqual([5, 10, 15, 20, 25, 30, 35, 40].map((n) => `operations/${n}`));
    });
  });
}
