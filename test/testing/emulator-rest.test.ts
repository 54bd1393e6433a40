import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { defineServiceProfile, services } from '../../src/index.js';
import { callForOperation, rawClient, rejectionOf, rest } from '../helpers/emulator-clients.js';
import { waitUntil } from '../helpers/setup.js';

const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const STRING_VALUE = 'type.googleapis.com/google.protobuf.StringValue';
const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';
const RESOURCE_INFO = 'type.googleapis.com/google.rpc.ResourceInfo';

describe('REST, standard profile', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('gets a running operation with metadata, then done with its response', async () => {
    const op = emulator.create({
      durationMs: 60_000,
      metadata: ({ done }) => ({ '@type': STRUCT, value: { stage: done ? 'finished' : 'copying' } }),
      response: { '@type': STRING_VALUE, value: 'all copied' },
    });
    const running = await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`);
    expect(running.status).toBe(200);
    expect(running.contentType).toMatch(/^application\/json/);
    expect(running.json).toEqual({ name: op.name, metadata: { '@type': STRUCT, value: { stage: 'copying' } } });

    emulator.complete(op.name);
    const done = await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`);
    expect(done.json).toEqual({
      name: op.name,
      metadata: { '@type': STRUCT, value: { stage: 'finished' } },
      done: true,
      response: { '@type': STRING_VALUE, value: 'all copied' },
    });
  });

  it('writes an error Status with its details, and a done operation with no result', async () => {
    const failed = emulator.create({
      error: { code: 9, message: 'bucket is locked', details: [{ '@type': ERROR_INFO, reason: 'LOCKED', domain: 'example.com' }] },
    });
    const empty = emulator.create();
    expect((await rest(emulator.restEndpoint, 'GET', `/v1/${failed.name}`)).json).toMatchObject({
      name: failed.name,
      done: true,
      error: { code: 9, message: 'bucket is locked', details: [{ '@type': ERROR_INFO, reason: 'LOCKED', domain: 'example.com' }] },
    });
    expect((await rest(emulator.restEndpoint, 'GET', `/v1/${empty.name}`)).json).toEqual({ name: empty.name, done: true });
  });

  it('emits a packed payload of an unknown type as base64', async () => {
    const bytes = new Uint8Array([8, 42]);
    const op = emulator.create({ response: { typeUrl: 'type.googleapis.com/acme.Secret', value: bytes } });
    const reply = await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`);
    expect(reply.json.response).toEqual({ '@type': 'type.googleapis.com/acme.Secret', value: Buffer.from(bytes).toString('base64') });
  });

  it('answers a missing operation with a NOT_FOUND envelope carrying ResourceInfo', async () => {
    const reply = await rest(emulator.restEndpoint, 'GET', '/v1/operations/nope');
    expect(reply.status).toBe(404);
    expect(reply.json.error).toMatchObject({
      code: 404,
      status: 'NOT_FOUND',
      details: [{ '@type': RESOURCE_INFO, resourceName: 'operations/nope' }],
    });
  });

  it('answers an unbound path with a 404 envelope', async () => {
    const reply = await rest(emulator.restEndpoint, 'GET', '/v2/elsewhere');
    expect(reply.status).toBe(404);
    expect(reply.json.error.status).toBe('NOT_FOUND');
  });

  it('cancels a running operation to code 1, and leaves a finished one as it is', async () => {
    const running = emulator.create({ durationMs: 60_000 });
    const finished = emulator.create({ response: { '@type': STRING_VALUE, value: 'ok' } });
    for (const body of [undefined, '{}']) {
      const reply = await rest(emulator.restEndpoint, 'POST', `/v1/${running.name}:cancel`, body);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({});
    }
    expect(emulator.peek(running.name)).toMatchObject({ done: true, error: { code: 1, message: 'Operation cancelled' } });
    await rest(emulator.restEndpoint, 'POST', `/v1/${finished.name}:cancel`);
    expect(emulator.peek(finished.name)).toEqual(finished);
  });

  it('deletes an operation, then says NOT_FOUND', async () => {
    const op = emulator.create();
    expect((await rest(emulator.restEndpoint, 'DELETE', `/v1/${op.name}`)).json).toEqual({});
    expect(emulator.peek(op.name)).toBeUndefined();
    expect((await rest(emulator.restEndpoint, 'DELETE', `/v1/${op.name}`)).status).toBe(404);
  });

  it('lists with done filters, and refuses other filters and bad page sizes', async () => {
    const list = await startEmulator();
    try {
      const done = list.create();
      const running = list.create({ durationMs: 60_000 });
      const names = async (query: string) =>
        ((await rest(list.restEndpoint, 'GET', `/v1/operations${query}`)).json.operations as { name: string }[]).map((o) => o.name);
      expect(await names('')).toEqual([done.name, running.name]);
      expect(await names('?filter=done%3Dtrue')).toEqual([done.name]);
      expect(await names('?filter=done%3Dfalse')).toEqual([running.name]);
      const bad = await rest(list.restEndpoint, 'GET', '/v1/operations?filter=metadata.stage%3Dx');
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': BAD_REQUEST, fieldViolations: [{ field: 'filter' }] }],
      });
      expect((await rest(list.restEndpoint, 'GET', '/v1/operations?page_size=-1')).json.error.status).toBe('INVALID_ARGUMENT');
      expect((await rest(list.restEndpoint, 'GET', '/v1/operations?pageSize=abc')).status).toBe(400);
      expect(
        (await rest(list.restEndpoint, 'GET', '/v1/operations?pageToken=garbage')).json.error.details[0].fieldViolations[0].field,
      ).toBe('page_token');
    } finally {
      await list.close();
    }
  });
});

describe('REST, Storage Transfer profile', () => {
  let emulator: Emulator;
  const filter = (f: object) => encodeURIComponent(JSON.stringify(f));
  beforeAll(async () => {
    emulator = await startEmulator({ profile: services.storageTransfer });
  });
  afterAll(() => emulator.close());

  it('names operations transferOperations/... and serves get and cancel', async () => {
    const op = emulator.create({ durationMs: 60_000 });
    expect(op.name).toMatch(/^transferOperations\/transferJobs-/);
    expect((await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`)).json).toEqual({ name: op.name });
    await rest(emulator.restEndpoint, 'POST', `/v1/${op.name}:cancel`, '{}');
    expect((await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`)).json.error.code).toBe(1);
  });

  it('answers Delete, which it lacks, UNIMPLEMENTED and keeps the operation', async () => {
    const op = emulator.create();
    expect((await rest(emulator.restEndpoint, 'DELETE', `/v1/${op.name}`)).status).toBe(501);
    expect(emulator.peek(op.name)).toBeDefined();
  });

  it('requires a filter, refuses a bad one, and refuses page_size 257', async () => {
    const missing = await rest(emulator.restEndpoint, 'GET', '/v1/transferOperations');
    expect(missing.status).toBe(400);
    expect(missing.json.error.details[0].fieldViolations[0].field).toBe('filter');
    const noProject = await rest(emulator.restEndpoint, 'GET', `/v1/transferOperations?filter=${filter({ jobNames: ['x'] })}`);
    expect(noProject.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(noProject.json.error.message).toMatch(/projectId/);
    const tooBig = await rest(
      emulator.restEndpoint,
      'GET',
      `/v1/transferOperations?page_size=257&filter=${filter({ projectId: 'demo-project' })}`,
    );
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error.details).toEqual([
      { '@type': BAD_REQUEST, fieldViolations: [expect.objectContaining({ field: 'page_size' })] },
    ]);
    expect(
      (await rest(emulator.restEndpoint, 'GET', `/v1/transferOperations?page_size=256&filter=${filter({ projectId: 'demo-project' })}`))
        .status,
    ).toBe(200);
  });

  it('filters by project, job, name and status', async () => {
    const list = await startEmulator({ profile: services.storageTransfer });
    try {
      const running = list.create({ durationMs: 60_000, projectId: 'p1', jobName: 'transferJobs/a' });
      const ok = list.create({ projectId: 'p1', jobName: 'transferJobs/b', response: { '@type': STRING_VALUE, value: 'x' } });
      const failed = list.create({ projectId: 'p1', jobName: 'transferJobs/a', error: { code: 13 } });
      const aborted = list.create({ projectId: 'p1', durationMs: 60_000 });
      list.create({ projectId: 'p2' });
      await rest(list.restEndpoint, 'POST', `/v1/${aborted.name}:cancel`);
      const names = async (f: object) =>
        ((await rest(list.restEndpoint, 'GET', `/v1/transferOperations?filter=${filter(f)}`)).json.operations as { name: string }[]).map(
          (o) => o.name,
        );
      expect(await names({ projectId: 'p1' })).toEqual([aborted.name, failed.name, ok.name, running.name]);
      expect(await names({ projectId: 'p1', jobNames: ['transferJobs/a'] })).toEqual([failed.name, running.name]);
      expect(await names({ projectId: 'p1', operationNames: [ok.name] })).toEqual([ok.name]);
      expect(await names({ projectId: 'p1', transferStatuses: ['in_progress'] })).toEqual([running.name]);
      expect(await names({ projectId: 'p1', transferStatuses: ['SUCCESS', 'ABORTED'] })).toEqual([aborted.name, ok.name]);
      expect(await names({ projectId: 'p1', transferStatuses: ['FAILED'] })).toEqual([failed.name]);
      expect(await names({ projectId: 'p1', transferStatuses: ['PAUSED'] })).toEqual([]);
    } finally {
      await list.close();
    }
  });

  it('pages newest first, tokens bound to the filter', async () => {
    const list = await startEmulator({ profile: services.storageTransfer });
    try {
      const created = Array.from({ length: 7 }, () => list.create().name);
      const f = filter({ projectId: 'demo-project' });
      const seen: string[] = [];
      let token = '';
      let pages = 0;
      do {
        const reply = await rest(
          list.restEndpoint,
          'GET',
          `/v1/transferOperations?filter=${f}&pageSize=3${token ? `&page_token=${token}` : ''}`,
        );
        expect(reply.status).toBe(200);
        seen.push(...reply.json.operations.map((o: { name: string }) => o.name));
        token = reply.json.nextPageToken ?? '';
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen).toEqual([...created].reverse());

      const first = await rest(list.restEndpoint, 'GET', `/v1/transferOperations?filter=${f}&pageSize=3`);
      const other = filter({ projectId: 'demo-project', transferStatuses: ['SUCCESS'] });
      const mismatched = await rest(
        list.restEndpoint,
        'GET',
        `/v1/transferOperations?filter=${other}&pageToken=${first.json.nextPageToken}`,
      );
      expect(mismatched.status).toBe(400);
      expect(mismatched.json.error.details[0].fieldViolations[0].field).toBe('page_token');
    } finally {
      await list.close();
    }
  });
});

describe('REST, Contact Center Insights profile', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ profile: services.contactCenterInsights });
  });
  afterAll(() => emulator.close());

  it('serves get, list on the location, and cancel', async () => {
    const a = emulator.create({ durationMs: 60_000 });
    const b = emulator.create({ name: 'projects/other/locations/eu/operations/x' });
    expect(a.name).toBe('projects/demo-project/locations/us-central1/operations/op-1');
    expect((await rest(emulator.restEndpoint, 'GET', `/v1/${a.name}`)).json).toEqual({ name: a.name });
    const listed = await rest(emulator.restEndpoint, 'GET', '/v1/projects/demo-project/locations/us-central1/operations');
    expect(listed.json).toEqual({ operations: [{ name: a.name }] });
    expect((await rest(emulator.restEndpoint, 'GET', '/v1/projects/other/locations/eu/operations')).json.operations).toEqual([
      { name: b.name, done: true },
    ]);
    await rest(emulator.restEndpoint, 'POST', `/v1/${a.name}:cancel`);
    expect((await rest(emulator.restEndpoint, 'GET', `/v1/${a.name}`)).json).toMatchObject({ done: true, error: { code: 1 } });
  });

  it('refuses a name outside the pattern at create()', () => {
    expect(() => emulator.create({ name: 'operations/x' })).toThrow(TypeError);
  });
});

describe('REST, GDC Translation profile', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ profile: services.gdcTranslation });
  });
  afterAll(() => emulator.close());

  it('serves get and list under /v3; Cancel, Delete and Wait are UNIMPLEMENTED', async () => {
    const op = emulator.create();
    expect((await rest(emulator.restEndpoint, 'GET', `/v3/${op.name}`)).json).toEqual({ name: op.name, done: true });
    expect((await rest(emulator.restEndpoint, 'GET', '/v3/projects/demo-project/locations/zone1/operations')).json.operations).toHaveLength(
      1,
    );
    for (const [verb, path] of [
      ['POST', `/v3/${op.name}:cancel`],
      ['DELETE', `/v3/${op.name}`],
      ['POST', `/v3/${op.name}:wait`],
    ] as const) {
      const answer = await rest(emulator.restEndpoint, verb, path);
      expect(answer.status).toBe(501);
      expect(answer.json.error).toMatchObject({ code: 501, status: 'UNIMPLEMENTED' });
    }
    expect(emulator.peek(op.name)?.done).toBe(true);
    expect((await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`)).status).toBe(404);
  });
});

describe('REST, a profile of its own', () => {
  const users = defineServiceProfile({
    id: 'users',
    title: 'Users',
    methods: {
      get: { http: 'GET /v1/{name=users/*/operations/*}' },
      list: { http: 'GET /v1/{name=users/*}/operations' },
      wait: { http: 'POST /v1/{name=users/*/operations/*}:wait', grpc: false },
    },
  });

  it('routes its bindings, WaitOperation over REST included, and refuses gRPC where it has none', async () => {
    await using emulator = await startEmulator({ profile: users });
    // It runs until completed below, so that the list and the short wait always see it running.
    const op = emulator.create({ name: 'users/ada/operations/7', durationMs: Infinity });
    // The default nameForId puts the id in the last '*': each operation gets a name of its own.
    expect(emulator.create().name).toMatch(/^users\/demo\/operations\/op-\d+$/);
    expect(emulator.create().name).not.toBe(emulator.create().name);
    expect((await rest(emulator.restEndpoint, 'GET', '/v1/users/ada/operations')).json.operations).toEqual([{ name: op.name }]);
    const early = await rest(emulator.restEndpoint, 'POST', `/v1/${op.name}:wait`, JSON.stringify({ timeout: '0.02s' }));
    expect(early.json).toEqual({ name: op.name });
    const waits = emulator.calls.byMethod.wait;
    const waiting = rest(emulator.restEndpoint, 'POST', `/v1/${op.name}:wait`, JSON.stringify({ timeout: '5s' }));
    await waitUntil(() => emulator.calls.byMethod.wait > waits, 'the wait to reach the emulator');
    emulator.complete(op.name);
    const done = await waiting;
    expect(done.json).toEqual({ name: op.name, done: true });
    expect((await rest(emulator.restEndpoint, 'POST', `/v1/${op.name}:wait`, '{"timeout": 5}')).status).toBe(400);
    expect((await rest(emulator.restEndpoint, 'POST', `/v1/${op.name}:wait`, 'not json')).status).toBe(400);

    const client = rawClient(emulator.grpcEndpoint);
    try {
      expect((await rejectionOf(callForOperation(client, 'WaitOperation', { name: op.name }))).code).toBe(12);
    } finally {
      client.close();
    }
  });
});
