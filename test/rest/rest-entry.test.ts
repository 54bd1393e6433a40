// longrunning/rest on Node: the same client over REST, with its credentials from an access token or an auth object.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, OperationCancelledError, OperationsClient, RpcError, services } from '../../src/rest/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { installedPackage, repoPath, type InstalledPackage } from '../helpers/installed-package.js';

const STRING_VALUE = 'type.googleapis.com/google.protobuf.StringValue';

describe('longrunning/rest on Node, against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ profile: services.standard });
  });
  afterAll(() => emulator.close());

  it('speaks REST by default and waits on an operation, with its events', async () => {
    using client = new OperationsClient({ endpoint: emulator.restEndpoint, insecure: true, poll: { initialDelayMs: 20, format: 'json' } });
    expect(client.transport).toBe('rest');
    const op = emulator.create({
      durationMs: 150,
      metadata: ({ fraction }) => ({ '@type': 'type.googleapis.com/google.protobuf.Struct', fraction }),
      response: { '@type': STRING_VALUE, value: 'over REST' },
    });
    const poller = client.poller<string>(op.name);
    const progress: unknown[] = [];
    poller.on('progress', (s) => progress.push(s.metadata));
    expect(await poller).toBe('over REST');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(emulator.calls.byTransport.grpc).toBe(0);
  });

  it('waits on many, and cancels', async () => {
    using client = new OperationsClient({ endpoint: emulator.restEndpoint, insecure: true, poll: { initialDelayMs: 20, format: 'json' } });
    const done = emulator.create({ durationMs: 50, response: { '@type': STRING_VALUE, value: 'a' } });
    const running = emulator.create({ durationMs: Infinity });
    const poller = client.poller(running.name);
    await poller.cancel();
    await expect(poller.result()).rejects.toBeInstanceOf(OperationCancelledError);
    const outcomes = await client.waitAll([done.name, running.name]);
    expect(outcomes.map((o) => o.status)).toEqual(['succeeded', 'failed']);
  });

  it('refuses gRPC, naming the entry that has it, before any call', () => {
    expect(() => new OperationsClient({ endpoint: 'localhost:8080', transport: 'grpc', insecure: true })).toThrow(TypeError);
    expect(() => new OperationsClient({ endpoint: 'localhost:8080', transport: 'grpc', insecure: true })).toThrow(/longrunning/);
    // The default is REST, whose endpoint is a URL.
    expect(() => new OperationsClient({ endpoint: 'localhost:8080', insecure: true })).toThrow(TypeError);
  });

  it('takes a transport object, whatever bindings it follows', async () => {
    using client = new OperationsClient({ transport: emulator.transport({ kind: 'grpc' }), poll: { format: 'json' } });
    const op = emulator.create({ response: { '@type': STRING_VALUE, value: 'in memory' } });
    expect(await client.poller(op.name)).toBe('in memory');
  });

  it('refuses an auth that is neither a function nor an auth object', () => {
    expect(() => new OperationsClient({ endpoint: 'https://example.test', auth: 'ya29.token' as never })).toThrow(TypeError);
  });
});

describe('longrunning/rest credentials, from an installed package over HTTPS', () => {
  // An HTTPS server with the test certificate that records the authorization header of each call.
  let server: Server;
  let endpoint: string;
  const authorizations: (string | undefined)[] = [];
  let app: InstalledPackage;
  beforeAll(async () => {
    server = createServer(
      { cert: readFileSync(repoPath('test/fixtures/tls/localhost.crt')), key: readFileSync(repoPath('test/fixtures/tls/localhost.key')) },
      (req, res) => {
        authorizations.push(req.headers.authorization);
        const body = JSON.stringify({ name: 'operations/x', done: true, response: { '@type': STRING_VALUE, value: 'with credentials' } });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
    app = installedPackage();
  });
  afterAll(async () => {
    app[Symbol.dispose]();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  for (const [kind, auth] of [
    ['an access token function', "async () => 'ya29.from-a-function'"],
    ['an auth object', "{ getRequestHeaders: async () => ({ authorization: 'Bearer ya29.from-an-object' }) }"],
  ] as const) {
    it(`sends the bearer token of ${kind}`, async () => {
      authorizations.length = 0;
      const script = `
        import { OperationsClient } from 'longrunning/rest';
        const client = new OperationsClient({ endpoint: ${JSON.stringify(endpoint)}, auth: ${auth}, retry: false, poll: { format: 'json' } });
        console.log(JSON.stringify(await client.poller('operations/x')));
        client.close();`;
      const run = await app.node(['--input-type=module', '-e', script], {
        NODE_EXTRA_CA_CERTS: repoPath('test/fixtures/tls/localhost.crt'),
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('"with credentials"');
      expect(authorizations).toEqual([kind === 'an auth object' ? 'Bearer ya29.from-an-object' : 'Bearer ya29.from-a-function']);
    });
  }

  it('fails a call UNAUTHENTICATED when the token function gives no token', async () => {
    using client = new OperationsClient({ endpoint, auth: () => '', retry: false });
    const err = await client.getOperation('operations/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(Code.UNAUTHENTICATED);
  });
});
