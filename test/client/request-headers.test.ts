// Google's wire etiquette as the emulator receives it: x-goog-api-client, user-agent, x-goog-request-params, x-goog-user-project.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { OperationsClient, services, type AuthClient, type Transport } from '../../src/index.js';
import { startEmulator, type Emulator, type ReceivedCall } from '../../src/testing/index.js';
import { RequestHeaders, singleQuotaProject } from '../../src/client/request-headers.js';
import { createRestTransport } from '../../src/transport/rest-transport.js';
import { clientFor, emulatorFor, TRANSPORTS } from '../helpers/setup.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const GRPC_VERSION = (createRequire(import.meta.url)('@grpc/grpc-js/package.json') as { version: string }).version;
const TOKEN: Record<Transport, string> = { grpc: `grpc/${GRPC_VERSION}`, rest: `rest/${VERSION}` };

function callsOf(emulator: Emulator, method: ReceivedCall['method']): ReceivedCall[] {
  return emulator.calls.recent.filter((c) => c.method === method);
}

for (const transport of TRANSPORTS) {
  describe(`wire etiquette over ${transport}`, () => {
    it('every call names the package, its runtime and transport, the resource it is about, and the quota project', async () => {
      await using emulator = await emulatorFor(services.standard);
      using client = clientFor(emulator, transport, { quotaProjectId: 'billing-project' });
      const op = emulator.create({ name: 'operations/abc', durationMs: 60_000 });
      await client.getOperation(op.name);
      await client.listOperationsPage({ name: 'operations' });
      await client.cancelOperation(op.name);
      if (transport === 'grpc') await client.waitOperation(op.name, { timeoutMs: 10 });
      await client.deleteOperation(op.name);

      const calls = emulator.calls.recent;
      expect(calls.map((c) => c.method)).toEqual(
        transport === 'grpc' ? ['get', 'list', 'cancel', 'wait', 'delete'] : ['get', 'list', 'cancel', 'delete'],
      );
      for (const call of calls) {
        expect(call.transport).toBe(transport);
        expect(call.headers['x-goog-api-client']).toBe(`gl-node/${process.versions.node} longrunning/${VERSION} ${TOKEN[transport]}`);
        expect(call.headers['x-goog-user-project']).toBe('billing-project');
        expect(call.headers['x-goog-request-params']).toBe(call.method === 'list' ? 'name=operations' : 'name=operations%2Fabc');
        // gRPC puts the channel's primary user agent before its own.
        if (transport === 'rest') expect(call.headers['user-agent']).toBe(`longrunning/${VERSION}`);
        else expect(call.headers['user-agent']).toMatch(new RegExp(`^longrunning/${VERSION.replace(/\./g, '\\.')} grpc-node-js/`));
      }
    });

    it('the routing header encodes every slash of a nested name; no quota project is sent without one', async () => {
      await using emulator = await emulatorFor(services.contactCenterInsights);
      using client = clientFor(emulator, transport);
      const op = emulator.create({ name: 'projects/p-1/locations/us-central1/operations/o_1', durationMs: 60_000 });
      await client.getOperation(op.name);
      await client.listOperationsPage({ name: 'projects/p-1/locations/us-central1' });
      const [get] = callsOf(emulator, 'get');
      const [list] = callsOf(emulator, 'list');
      expect(get!.headers['x-goog-request-params']).toBe('name=projects%2Fp-1%2Flocations%2Fus-central1%2Foperations%2Fo_1');
      expect(list!.headers['x-goog-request-params']).toBe('name=projects%2Fp-1%2Flocations%2Fus-central1');
      expect(get!.headers).not.toHaveProperty('x-goog-user-project');
    });

    it('a header the caller sets is sent as the caller set it, in place of the package’s', async () => {
      await using emulator = await emulatorFor(services.standard);
      const headers = { 'X-Goog-Api-Client': 'my-wrapper/1.0', 'x-goog-request-params': 'name=pinned', 'x-goog-user-project': 'mine' };
      using client = clientFor(emulator, transport, { headers, quotaProjectId: 'theirs' });
      const op = emulator.create();
      await client.getOperation(op.name);
      const [get] = callsOf(emulator, 'get');
      expect(get!.headers['x-goog-api-client']).toBe('my-wrapper/1.0');
      expect(get!.headers['x-goog-request-params']).toBe('name=pinned');
      expect(get!.headers['x-goog-user-project']).toBe('mine');
    });

    it('the polls of a poller carry the routing header too', async () => {
      await using emulator = await emulatorFor(services.storageTransfer);
      using client = clientFor(emulator, transport, { batchWindowMs: 0 });
      const op = emulator.create({ durationMs: 0 });
      await client.poller(op.name);
      const [get] = callsOf(emulator, 'get');
      expect(get!.headers['x-goog-request-params']).toBe(`name=${encodeURIComponent(op.name)}`);
    });
  });
}

describe('wire etiquette in memory', () => {
  it("the emulator's in-memory transport records the headers the client adds to each call", async () => {
    await using emulator = await startEmulator({ listen: false });
    using client = new OperationsClient({ transport: emulator.transport(), quotaProjectId: 'billing-project' });
    const op = emulator.create();
    await client.getOperation(op.name);
    expect(emulator.calls.recent.at(-1)?.headers).toEqual({
      'x-goog-request-params': `name=${encodeURIComponent(op.name)}`,
      'x-goog-user-project': 'billing-project',
    });
  });

  it('keeps the last 100 calls, oldest first', async () => {
    await using emulator = await startEmulator({ listen: false });
    using client = new OperationsClient({ transport: emulator.transport() });
    const ops = Array.from({ length: 105 }, (_, i) => emulator.create({ name: `operations/n${i}` }));
    for (const op of ops) await client.getOperation(op.name);
    const recent = emulator.calls.recent;
    expect(recent).toHaveLength(100);
    expect(recent[0]!.headers['x-goog-request-params']).toBe('name=operations%2Fn5');
    expect(recent[99]!.headers['x-goog-request-params']).toBe('name=operations%2Fn104');
  });
});

describe('the quota project of the credentials', () => {
  const base = { headers: {}, quotaProjectId: undefined, insecure: false };
  const galLike = (project: string | undefined): AuthClient & { quotaProjectId?: string } => ({
    quotaProjectId: project,
    // As google-auth-library does: it adds the header of its own project itself.
    getRequestHeaders: async () => new Headers({ authorization: 'Bearer t', ...(project ? { 'x-goog-user-project': project } : {}) }),
  });

  it('is sent from an auth object that carries one, and the client option wins over it', () => {
    expect(new RequestHeaders({ ...base, auth: galLike('from-credentials') }).forCall('operations/x')).toEqual({
      'x-goog-request-params': 'name=operations%2Fx',
      'x-goog-user-project': 'from-credentials',
    });
    const both = new RequestHeaders({ ...base, quotaProjectId: 'from-option', auth: galLike('from-credentials') });
    expect(both.forCall('operations/x')['x-goog-user-project']).toBe('from-option');
    // An insecure client sends no credentials: theirs names no project.
    expect(new RequestHeaders({ ...base, insecure: true, auth: galLike('p') }).forCall('operations/x')).not.toHaveProperty(
      'x-goog-user-project',
    );
  });

  it('reaches the service once, whoever adds it: the credentials’ own copy is left out when the call carries one', async () => {
    await using emulator = await startEmulator();
    for (const [quotaProjectId, expected] of [
      [undefined, 'from-credentials'],
      ['from-option', 'from-option'],
    ] as const) {
      const headers = new RequestHeaders({ ...base, quotaProjectId, auth: galLike('from-credentials') });
      const wire = createRestTransport({
        endpoint: emulator.restEndpoint,
        profile: emulator.profile,
        auth: singleQuotaProject(galLike('from-credentials'), { quotaProjectId, headers: {} }),
      });
      const op = emulator.create();
      await wire.get(op.name, { deadline: Date.now() + 5_000, headers: headers.forCall(op.name) });
      const sent = emulator.calls.recent.at(-1)!.headers;
      expect(sent['x-goog-user-project']).toBe(expected);
      expect(sent.authorization).toBe('Bearer t');
    }
  });

  it('from credentials that name no project to the client (Application Default Credentials), is left as they send it, unless the client has its own', async () => {
    const adc: AuthClient = { getRequestHeaders: async () => ({ 'x-goog-user-project': 'adc-project', authorization: 'Bearer t' }) };
    const alone = singleQuotaProject(adc, { quotaProjectId: undefined, headers: {} });
    expect(await alone.getRequestHeaders('https://example.com')).toEqual({
      'x-goog-user-project': 'adc-project',
      authorization: 'Bearer t',
    });
    const withOption = singleQuotaProject(adc, { quotaProjectId: 'from-option', headers: {} });
    expect(await withOption.getRequestHeaders('https://example.com')).toEqual({ authorization: 'Bearer t' });
    // Handed on from one maker to another, it is wrapped once.
    expect(singleQuotaProject(withOption, { quotaProjectId: 'from-option', headers: {} })).toBe(withOption);
  });

  it('learnt by the credentials only when they load is seen on the next call', async () => {
    const lazy = galLike(undefined) as AuthClient & { quotaProjectId?: string };
    const wrapped = singleQuotaProject(lazy, { quotaProjectId: undefined, headers: {} });
    const headers = new RequestHeaders({ ...base, auth: lazy });
    expect(headers.forCall('operations/x')).not.toHaveProperty('x-goog-user-project');
    lazy.quotaProjectId = 'loaded';
    lazy.getRequestHeaders = async () => new Headers({ authorization: 'Bearer t', 'x-goog-user-project': 'loaded' });
    expect(headers.forCall('operations/x')['x-goog-user-project']).toBe('loaded');
    expect([...((await wrapped.getRequestHeaders()) as Headers).keys()]).toEqual(['authorization']);
  });
});
