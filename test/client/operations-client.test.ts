import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Code,
  OperationsClient,
  RpcError,
  defineServiceProfile,
  services,
  transferOperationsFilter,
  type ServiceProfile,
} from '../../src/index.js';
import type { Emulator } from '../../src/testing/index.js';
import { closedPort, clientFor, emulatorFor, rejection, TRANSPORTS, waitUntil } from '../helpers/setup.js';

const DURATION = 'type.googleapis.com/google.protobuf.Duration';

interface Case {
  profile: ServiceProfile;
  listName: string;
  filter?: string;
  has: { cancel: boolean; delete: boolean; waitGrpc: boolean };
}

const cases: Case[] = [
  { profile: services.standard, listName: 'operations', has: { cancel: true, delete: true, waitGrpc: true } },
  {
    profile: services.storageTransfer,
    listName: 'transferOperations',
    filter: transferOperationsFilter({ projectId: 'demo-project' }),
    has: { cancel: true, delete: false, waitGrpc: false },
  },
  {
    profile: services.contactCenterInsights,
    listName: 'projects/demo-project/locations/us-central1',
    has: { cancel: true, delete: false, waitGrpc: false },
  },
  {
    profile: services.gdcTranslation,
    listName: 'projects/demo-project/locations/zone1',
    has: { cancel: false, delete: false, waitGrpc: false },
  },
];

for (const c of cases) {
  describe(`${c.profile.title}`, () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await emulatorFor(c.profile);
    });
    afterAll(() => emulator.close());

    for (const transport of TRANSPORTS) {
      describe(`over ${transport}`, () => {
        let client: OperationsClient;
        beforeAll(() => {
          client = clientFor(emulator, transport, { timeoutMs: 5_000 });
        });
        afterAll(() => client.close());

        it('gets an operation with its metadata and response', async () => {
          const created = emulator.create({
            metadata: { '@type': DURATION, value: '2s' },
            response: { '@type': DURATION, value: '3.5s' },
          });
          const op = await client.getOperation(created.name);
          expect(op.name).toBe(created.name);
          expect(op.done).toBe(true);
          expect(op.metadata?.typeUrl).toBe(DURATION);
          expect(op.response?.typeUrl).toBe(DURATION);
          expect(client.types.unpack(op.response!, { format: 'json' })).toBe('3.500s');
          expect(client.types.unpack(op.metadata!, { format: 'json' })).toBe('2s');
          expect(client.types.unpack(op.response!)).toEqual({ seconds: '3', nanos: 500_000_000 });
          expect(op.error).toBeUndefined();
        });

        it('gets a running operation as not done', async () => {
          const created = emulator.create({ durationMs: 60_000 });
          const op = await client.getOperation(created.name);
          expect(op).toMatchObject({ name: created.name, done: false });
          expect(op.response).toBeUndefined();
        });

        it('gets a failed operation with its Status and packed details', async () => {
          const created = emulator.create({
            error: {
              code: Code.RESOURCE_EXHAUSTED,
              message: 'quota',
              details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'QUOTA', domain: 'x.test' }],
            },
          });
          const op = await client.getOperation(created.name);
          expect(op.error?.code).toBe(Code.RESOURCE_EXHAUSTED);
          expect(op.error?.message).toBe('quota');
          const details = client.types.unpackDetails(op.error!.details);
          expect(details).toHaveLength(1);
          expect(details[0]).toMatchObject({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'QUOTA', domain: 'x.test' });
        });

        it('rejects a missing operation with NOT_FOUND and its details', async () => {
          const name = c.profile.nameForId('missing-1');
          const err = await rejection(client.getOperation(name));
          expect(err).toBeInstanceOf(RpcError);
          expect(err).toMatchObject({ code: Code.NOT_FOUND, codeName: 'NOT_FOUND', method: 'GetOperation' });
          expect((err as RpcError).details.length).toBeGreaterThan(0);
        });

        it('refuses invalid names before any RPC', async () => {
          const before = emulator.calls.total;
          for (const name of [
            '',
            'nope/x',
            `${c.profile.nameForId('a')}/../../x`,
            `${c.profile.nameForId('a')}/./x`,
            `${c.profile.nameForId('a')}\u0000`,
          ]) {
            const err = await rejection(client.getOperation(name));
            expect(err).toBeInstanceOf(RpcError);
            expect((err as RpcError).code).toBe(Code.INVALID_ARGUMENT);
            expect((err as RpcError).findDetail('google.rpc.BadRequest')).toBeDefined();
          }
          expect(emulator.calls.total).toBe(before);
        });

        it('keeps odd characters inside one path segment', async () => {
          const name = c.profile.nameForId(`q?x#y%2Fz-${transport}`);
          expect(c.profile.namePattern('get').matches(name)).toBe(true);
          const created = emulator.create({ name });
          const op = await client.getOperation(created.name);
          expect(op.name).toBe(name);
        });

        it('lists every operation across pages', async () => {
          const mine = [1, 2, 3, 4, 5].map(() => emulator.create({}).name);
          const seen: string[] = [];
          for await (const op of client.listOperations({ name: c.listName, filter: c.filter, pageSize: 2 })) seen.push(op.name);
          for (const name of mine) expect(seen).toContain(name);
          expect(new Set(seen).size).toBe(seen.length);
          const page = await client.listOperationsPage({ name: c.listName, filter: c.filter, pageSize: 2 });
          expect(page.operations).toHaveLength(2);
          expect(page.nextPageToken).not.toBe('');
          expect(page.unreachable).toEqual([]);
        });

        it('refuses invalid names on every method it offers, before any RPC', async () => {
          const before = emulator.calls.total;
          const bad = `${c.profile.nameForId('a')}/../x`;
          const calls: [string, () => Promise<unknown>][] = [
            ['cancel', () => client.cancelOperation(bad)],
            ['delete', () => client.deleteOperation(bad)],
            ['wait', () => client.waitOperation(bad, { timeoutMs: 1_000 })],
          ];
          for (const [method, call] of calls) {
            const err = await rejection(call());
            const offered = c.profile.supports(method as 'cancel', transport);
            expect(err).toMatchObject({ code: offered ? Code.INVALID_ARGUMENT : Code.UNIMPLEMENTED });
          }
          expect(emulator.calls.total).toBe(before);
        });

        it('reports an unreachable endpoint as UNAVAILABLE at once', async () => {
          const port = await closedPort();
          using lost = disposable(
            new OperationsClient({
              endpoint: transport === 'grpc' ? `127.0.0.1:${port}` : `http://127.0.0.1:${port}`,
              transport,
              insecure: true,
              service: c.profile,
              retry: false,
            }),
          );
          const started = Date.now();
          expect(await rejection(lost.value.getOperation(c.profile.nameForId('x')))).toMatchObject({ code: Code.UNAVAILABLE });
          expect(Date.now() - started).toBeLessThan(2_000);
        });

        if (!c.filter) {
          it('lets the server judge its filter: done=true is taken, nonsense refused', async () => {
            emulator.create({ durationMs: 60_000 });
            const done: boolean[] = [];
            for await (const op of client.listOperations({ name: c.listName, filter: 'done=true' })) done.push(op.done);
            expect(done.length).toBeGreaterThan(0);
            expect(done.every(Boolean)).toBe(true);
            const before = emulator.calls.total;
            const err = await rejection(client.listOperationsPage({ name: c.listName, filter: 'color = "blue"' }));
            expect(err).toMatchObject({ code: Code.INVALID_ARGUMENT, method: 'ListOperations' });
            expect(emulator.calls.total).toBe(before + 1);
          });
        }

        it('refuses a list name of another form', async () => {
          const err = await rejection(client.listOperationsPage({ name: 'elsewhere/x', filter: c.filter }));
          expect(err).toMatchObject({ code: Code.INVALID_ARGUMENT });
        });

        if (c.has.cancel) {
          it('cancels a running operation: it ends with code 1', async () => {
            const created = emulator.create({ durationMs: 60_000 });
            await client.cancelOperation(created.name);
            const op = await client.getOperation(created.name);
            expect(op.done).toBe(true);
            expect(op.error?.code).toBe(Code.CANCELLED);
          });

          it('leaves a finished operation as it is on cancel', async () => {
            const created = emulator.create({ response: { '@type': DURATION, value: '1s' } });
            await client.cancelOperation(created.name);
            const op = await client.getOperation(created.name);
            expect(op.error).toBeUndefined();
            expect(op.response?.typeUrl).toBe(DURATION);
          });
        } else {
          it('refuses CancelOperation as UNIMPLEMENTED without a network call', async () => {
            const before = emulator.calls.total;
            const err = await rejection(client.cancelOperation(c.profile.nameForId('x')));
            expect(err).toMatchObject({ code: Code.UNIMPLEMENTED, method: 'CancelOperation' });
            expect((err as RpcError).message).toContain(c.profile.title);
            expect(emulator.calls.total).toBe(before);
          });
        }

        if (c.has.delete) {
          it('deletes an operation', async () => {
            const created = emulator.create({});
            await client.deleteOperation(created.name);
            expect(emulator.peek(created.name)).toBeUndefined();
            expect(await rejection(client.getOperation(created.name))).toMatchObject({ code: Code.NOT_FOUND });
            expect(await rejection(client.deleteOperation(created.name))).toMatchObject({ code: Code.NOT_FOUND });
          });
        } else {
          it('refuses DeleteOperation as UNIMPLEMENTED without a network call', async () => {
            const before = emulator.calls.total;
            const err = await rejection(client.deleteOperation(c.profile.nameForId('x')));
            expect(err).toMatchObject({ code: Code.UNIMPLEMENTED, method: 'DeleteOperation' });
            expect(emulator.calls.total).toBe(before);
          });
        }

        if (c.has.waitGrpc && transport === 'grpc') {
          it('waits on the server until the operation is done', async () => {
            const created = emulator.create({ durationMs: 300, response: { '@type': DURATION, value: '1s' } });
            const before = emulator.calls.byMethod.wait;
            const op = await client.waitOperation(created.name, { timeoutMs: 5_000 });
            expect(op.done).toBe(true);
            expect(emulator.calls.byMethod.wait - before).toBe(1);
          });

          it('returns the operation not done when the wait times out', async () => {
            const created = emulator.create({ durationMs: 60_000 });
            const started = Date.now();
            const op = await client.waitOperation(created.name, { timeoutMs: 300 });
            expect(op.done).toBe(false);
            expect(Date.now() - started).toBeGreaterThanOrEqual(250);
          });
        } else {
          it('refuses WaitOperation as UNIMPLEMENTED without a network call', async () => {
            const before = emulator.calls.total;
            const err = await rejection(client.waitOperation(c.profile.nameForId('x'), { timeoutMs: 1000 }));
            expect(err).toMatchObject({ code: Code.UNIMPLEMENTED, method: 'WaitOperation' });
            expect(emulator.calls.total).toBe(before);
          });
        }
      });
    }
  });
}

describe('Storage Transfer list rules', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await emulatorFor(services.storageTransfer);
  });
  afterAll(() => emulator.close());

  for (const transport of TRANSPORTS) {
    it(`refuses page_size 257 and a missing or bad filter before any RPC (${transport})`, async () => {
      using client = disposable(clientFor(emulator, transport));
      const before = emulator.calls.total;
      const filter = transferOperationsFilter({ projectId: 'demo-project' });
      for (const request of [
        { filter, pageSize: 257 },
        { filter, pageSize: -1 },
        {},
        { filter: '{"projectId": ' },
        { filter: '{"jobNames": ["a"]}' },
        { filter: '{"projectId":"p","transferStatuses":["DONE"]}' },
      ]) {
        const err = await rejection(client.value.listOperationsPage(request));
        expect(err).toBeInstanceOf(RpcError);
        expect((err as RpcError).code).toBe(Code.INVALID_ARGUMENT);
        expect((err as RpcError).findDetail('google.rpc.BadRequest')).toBeDefined();
      }
      expect(emulator.calls.total).toBe(before);
      const page = await client.value.listOperationsPage({ filter, pageSize: 256 });
      expect(Array.isArray(page.operations)).toBe(true);
    });

    it(`lists newest first and filters by status, case-insensitively (${transport})`, async () => {
      using client = disposable(clientFor(emulator, transport));
      const projectId = `p-${transport}`;
      const a = emulator.create({ projectId, durationMs: 60_000 }).name;
      const b = emulator.create({ projectId }).name;
      const c = emulator.create({ projectId, error: { code: 13, message: 'boom' } }).name;
      const all: string[] = [];
      for await (const op of client.value.listOperations({ filter: transferOperationsFilter({ projectId }), pageSize: 1 }))
        all.push(op.name);
      expect(all).toEqual([c, b, a]);
      const running: string[] = [];
      for await (const op of client.value.listOperations({ filter: `{"projectId":"${projectId}","transferStatuses":["in_progress"]}` }))
        running.push(op.name);
      expect(running).toEqual([a]);
      const failed: string[] = [];
      for await (const op of client.value.listOperations({ filter: transferOperationsFilter({ projectId, transferStatuses: ['failed'] }) }))
        failed.push(op.name);
      expect(failed).toEqual([c]);
    });

    it(`the server itself refuses page_size 257 (${transport})`, async () => {
      // A profile that does not check locally, so that the request reaches the emulator.
      const lax = defineServiceProfile({
        id: 'storage-transfer',
        methods: {
          get: { http: 'GET /v1/{name=transferOperations/**}' },
          list: { http: 'GET /v1/{name=transferOperations}' },
        },
      });
      using client = disposable(clientFor(emulator, transport, { service: lax }));
      const err = await rejection(client.value.listOperationsPage({ filter: transferOperationsFilter({ projectId: 'x' }), pageSize: 257 }));
      expect(err).toMatchObject({ code: Code.INVALID_ARGUMENT, method: 'ListOperations' });
      expect((err as RpcError).findDetail('google.rpc.BadRequest')).toBeDefined();
    });
  }
});

describe('a service of its own: list bound to users/*', () => {
  const users = defineServiceProfile({
    id: 'users',
    title: 'Users',
    methods: {
      get: { http: 'GET /v1/{name=users/*/operations/*}' },
      list: { http: 'GET /v1/{name=users/*}/operations' },
    },
    nameForId: (id) => `users/ada/operations/${id}`,
  });
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await emulatorFor(users);
  });
  afterAll(() => emulator.close());

  for (const transport of TRANSPORTS) {
    it(`gets and lists on the parent (${transport})`, async () => {
      using client = disposable(clientFor(emulator, transport));
      const created = emulator.create({});
      emulator.create({ name: `users/bob/operations/other-${transport}` });
      expect((await client.value.getOperation(created.name)).name).toBe(created.name);
      const names: string[] = [];
      for await (const op of client.value.listOperations({ name: 'users/ada' })) names.push(op.name);
      expect(names).toContain(created.name);
      expect(names).not.toContain(`users/bob/operations/other-${transport}`);
      expect(await rejection(client.value.listOperationsPage({}))).toMatchObject({ code: Code.INVALID_ARGUMENT });
    });
  }
});

describe('failures and limits', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await emulatorFor(services.standard);
  });
  afterAll(() => emulator.close());

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, () => {
      it('retries UNAVAILABLE and succeeds', async () => {
        using client = disposable(clientFor(emulator, transport, { retry: { initialDelayMs: 10, maxDelayMs: 20 } }));
        const created = emulator.create({});
        emulator.failNext(2, { code: Code.UNAVAILABLE, message: 'try later' });
        const before = emulator.calls.total;
        const op = await client.value.getOperation(created.name);
        expect(op.name).toBe(created.name);
        expect(emulator.calls.total - before).toBe(3);
      });

      it('retries DEADLINE_EXCEEDED on reads only', async () => {
        using client = disposable(clientFor(emulator, transport, { retry: { initialDelayMs: 10, maxDelayMs: 20 } }));
        const created = emulator.create({ durationMs: 60_000 });
        emulator.failNext(1, { code: Code.DEADLINE_EXCEEDED, message: 'slow backend' });
        let before = emulator.calls.total;
        expect((await client.value.getOperation(created.name)).name).toBe(created.name);
        expect(emulator.calls.total - before).toBe(2);
        emulator.failNext(1, { code: Code.DEADLINE_EXCEEDED, message: 'slow backend' });
        before = emulator.calls.total;
        expect(await rejection(client.value.cancelOperation(created.name))).toMatchObject({
          code: Code.DEADLINE_EXCEEDED,
          method: 'CancelOperation',
        });
        expect(emulator.calls.total - before).toBe(1);
      });

      it('fails at once on PERMISSION_DENIED', async () => {
        using client = disposable(clientFor(emulator, transport, { retry: { initialDelayMs: 10 } }));
        const created = emulator.create({});
        emulator.failNext(1, {
          code: Code.PERMISSION_DENIED,
          message: 'no',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'x.test' }],
        });
        const before = emulator.calls.total;
        const err = await rejection(client.value.getOperation(created.name));
        expect(err).toMatchObject({ code: Code.PERMISSION_DENIED, codeName: 'PERMISSION_DENIED', rawMessage: 'no' });
        expect((err as RpcError).findDetail('google.rpc.ErrorInfo')).toMatchObject({ reason: 'IAM_PERMISSION_DENIED' });
        expect(emulator.calls.total - before).toBe(1);
      });

      // With every answer UNAVAILABLE, a call ends either when its retries run out or when no retry fits before its deadline.
      // Each case is set up so that the other cannot happen first: a retry that starts with only a sliver of the deadline
      // left (possible on a loaded machine when the backoff alone decides) would end DEADLINE_EXCEEDED instead.
      it('gives up on UNAVAILABLE within the call timeout', async () => {
        // Six attempts and about 250 ms of backoff, against a timeout twenty times that: the retries run out first.
        const timeoutMs = 5_000;
        using client = disposable(clientFor(emulator, transport, { retry: { retries: 5, initialDelayMs: 20, maxDelayMs: 50 } }));
        const created = emulator.create({});
        emulator.setFaults({ unavailableRate: 1 });
        try {
          const before = emulator.calls.total;
          const started = Date.now();
          const err = await rejection(client.value.getOperation(created.name, { timeoutMs }));
          expect(err).toMatchObject({ code: Code.UNAVAILABLE });
          expect(emulator.calls.total - before).toBe(6);
          expect(Date.now() - started).toBeLessThan(timeoutMs);
        } finally {
          emulator.clearFaults();
        }
      });

      it('gives up on UNAVAILABLE when no retry fits before the deadline, every attempt with time to answer', async () => {
        // The service asks for 400 ms between attempts: a retry is made only with at least that much of the deadline left,
        // so the last attempt is answered UNAVAILABLE well before its deadline, however slow the machine.
        const timeoutMs = 1_500;
        using client = disposable(clientFor(emulator, transport, { retry: { retries: 100, initialDelayMs: 1, maxDelayMs: 1 } }));
        const created = emulator.create({});
        emulator.setFaults({ unavailableRate: 1, retryDelayMs: 400 });
        try {
          const before = emulator.calls.total;
          const started = Date.now();
          const err = await rejection(client.value.getOperation(created.name, { timeoutMs }));
          expect(err).toMatchObject({ code: Code.UNAVAILABLE });
          const attempts = emulator.calls.total - before;
          expect(attempts).toBeGreaterThanOrEqual(2);
          expect(attempts).toBeLessThanOrEqual(3);
          expect(Date.now() - started).toBeLessThan(timeoutMs);
        } finally {
          emulator.clearFaults();
        }
      });

      it('ends a call that hangs at its timeout with DEADLINE_EXCEEDED', async () => {
        using client = disposable(clientFor(emulator, transport, { retry: false }));
        const created = emulator.create({});
        emulator.setFaults({ hangRate: 1 });
        try {
          const started = Date.now();
          const err = await rejection(client.value.getOperation(created.name, { timeoutMs: 300 }));
          expect(err).toMatchObject({ code: Code.DEADLINE_EXCEEDED });
          expect(Date.now() - started).toBeLessThan(3_000);
        } finally {
          emulator.clearFaults();
        }
      });

      it('rejects with the signal reason when aborted', async () => {
        using client = disposable(clientFor(emulator, transport));
        const created = emulator.create({});
        emulator.setFaults({ hangRate: 1 });
        try {
          const controller = new AbortController();
          const reason = new Error('user gave up');
          setTimeout(() => controller.abort(reason), 50);
          expect(await rejection(client.value.getOperation(created.name, { signal: controller.signal }))).toBe(reason);
          expect(await rejection(client.value.getOperation(created.name, { signal: AbortSignal.abort(reason) }))).toBe(reason);
        } finally {
          emulator.clearFaults();
        }
      });

      it('reports an unreachable endpoint as UNAVAILABLE, never hangs', async () => {
        const port = await closedPort();
        using client = disposable(
          new OperationsClient({
            endpoint: transport === 'grpc' ? `127.0.0.1:${port}` : `http://127.0.0.1:${port}`,
            transport,
            insecure: true,
            retry: { initialDelayMs: 20, maxDelayMs: 50 },
          }),
        );
        const started = Date.now();
        const err = await rejection(client.value.getOperation('operations/x', { timeoutMs: 1_500 }));
        expect(err).toBeInstanceOf(RpcError);
        expect([Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED]).toContain((err as RpcError).code);
        expect(Date.now() - started).toBeLessThan(5_000);
      });

      it('reads a server UNIMPLEMENTED as a clear RpcError', async () => {
        const gdc = await emulatorFor(services.gdcTranslation);
        try {
          // The client believes the service has Cancel; the server says otherwise.
          const believer = defineServiceProfile({
            id: 'believer',
            methods: {
              get: { http: 'GET /v3/{name=projects/*/locations/*/operations/*}' },
              cancel: { http: 'POST /v3/{name=projects/*/locations/*/operations/*}:cancel' },
            },
          });
          using client = disposable(clientFor(gdc, transport, { service: believer }));
          const err = await rejection(client.value.cancelOperation(gdc.create({}).name));
          expect(err).toBeInstanceOf(RpcError);
          expect((err as RpcError).code).toBe(Code.UNIMPLEMENTED);
          expect((err as RpcError).message).toContain('CancelOperation is not implemented by the service');
          expect((err as RpcError).method).toBe('CancelOperation');
        } finally {
          await gdc.close();
        }
      });

      it('refuses calls after close', async () => {
        const client = clientFor(emulator, transport);
        await client[Symbol.asyncDispose]();
        expect(await rejection(client.getOperation('operations/x'))).toMatchObject({ code: Code.FAILED_PRECONDITION });
      });
    });
  }
});

describe('options and filters', () => {
  it('checks client options with a TypeError naming the field', () => {
    expect(() => new OperationsClient({ endpoint: '' })).toThrow(/endpoint/);
    expect(() => new OperationsClient({ endpoint: 'localhost:1', transport: 'soap' as never })).toThrow(/transport/);
    expect(() => new OperationsClient({ endpoint: 'localhost:1', transport: 'rest' })).toThrow(/http/);
    expect(() => new OperationsClient({ endpoint: 'http://x', transport: 'grpc' })).toThrow(/host\[:port\]/);
    expect(() => new OperationsClient({ endpoint: 'localhost:1', timeoutMs: -5 })).toThrow(/timeoutMs/);
    expect(() => new OperationsClient({ endpoint: 'localhost:1', retry: { retries: 1.5 } })).toThrow(/retry.retries/);
    expect(() => new OperationsClient({ endpoint: 'localhost:1', poll: { jitter: 2 } })).toThrow(/jitter/);
  });

  it('builds and checks the Storage Transfer filter', () => {
    expect(transferOperationsFilter({ projectId: 'p', jobNames: ['transferJobs/1'], transferStatuses: ['in_progress', 'Failed'] })).toBe(
      '{"projectId":"p","jobNames":["transferJobs/1"],"transferStatuses":["IN_PROGRESS","FAILED"]}',
    );
    expect(() => transferOperationsFilter({ projectId: '' })).toThrow(TypeError);
    expect(() => transferOperationsFilter({} as never)).toThrow(/projectId/);
    expect(() => transferOperationsFilter({ projectId: 'p', transferStatuses: ['DONE'] })).toThrow(/transferStatuses/);
    expect(() => transferOperationsFilter({ projectId: 'p', jobNames: 'x' as never })).toThrow(/jobNames/);
    expect(() => transferOperationsFilter({ projectId: 'p', extra: 1 } as never)).toThrow(/unknown field extra/);
  });
});

function disposable<T extends { close(): void }>(value: T): { value: T; [Symbol.dispose](): void } {
  return { value, [Symbol.dispose]: () => value.close() };
}

describe('hardening', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await emulatorFor(services.standard);
  });
  afterAll(() => emulator.close());

  for (const transport of TRANSPORTS) {
    it(`waits at least the RetryInfo delay before retrying (${transport})`, async () => {
      using client = disposable(clientFor(emulator, transport, { retry: { initialDelayMs: 10, maxDelayMs: 20 } }));
      const created = emulator.create({});
      emulator.failNext(1, {
        code: Code.UNAVAILABLE,
        message: 'busy',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.6s' }],
      });
      const started = Date.now();
      await client.value.getOperation(created.name);
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    });

    it(`does not retry when the RetryInfo delay would pass the deadline (${transport})`, async () => {
      using client = disposable(clientFor(emulator, transport));
      const created = emulator.create({});
      emulator.failNext(1, {
        code: Code.UNAVAILABLE,
        message: 'busy',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '60s' }],
      });
      const before = emulator.calls.total;
      const started = Date.now();
      // One attempt, answered at once: the call ends long before its deadline (half of it leaves room for a loaded machine).
      const timeoutMs = 10_000;
      expect(await rejection(client.value.getOperation(created.name, { timeoutMs }))).toMatchObject({ code: Code.UNAVAILABLE });
      expect(Date.now() - started).toBeLessThan(timeoutMs / 2);
      expect(emulator.calls.total - before).toBe(1);
    });

    it(`takes a timeout beyond what setTimeout holds (${transport})`, async () => {
      using client = disposable(clientFor(emulator, transport));
      const created = emulator.create({});
      expect((await client.value.getOperation(created.name, { timeoutMs: 5e9 })).name).toBe(created.name);
      expect(await client.value.poller(created.name).result({ timeoutMs: 30 * 24 * 3600 * 1000 })).toBeUndefined();
    });

    it(`ends calls and waits in flight on close() (${transport})`, async () => {
      const client = clientFor(emulator, transport, { poll: { initialDelayMs: 5_000 } });
      const created = emulator.create({ durationMs: 60_000 });
      const before = emulator.calls.total;
      const waiting = rejection(client.poller(created.name).result());
      emulator.setFaults({ hangRate: 1 });
      const hanging = rejection(client.getOperation(created.name));
      try {
        // Both are in flight once the emulator has seen the poller's first call and the hanging get.
        await waitUntil(() => emulator.calls.total - before >= 2, 'the poll and the get to reach the emulator');
        const started = Date.now();
        client.close();
        expect(await hanging).toMatchObject({ code: Code.FAILED_PRECONDITION });
        expect(await waiting).toMatchObject({ code: Code.FAILED_PRECONDITION });
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        emulator.clearFaults();
      }
    });
  }

  it('fails fast with UNAUTHENTICATED when credentials cannot be had, and bounds a slow auth by the timeout', async () => {
    const port = await closedPort();
    using broken = disposable(
      new OperationsClient({
        endpoint: `https://127.0.0.1:${port}`,
        transport: 'rest',
        auth: { getRequestHeaders: async () => Promise.reject(new Error('Could not load the default credentials')) },
      }),
    );
    const err = await rejection(broken.value.getOperation('operations/x'));
    expect(err).toMatchObject({ code: Code.UNAUTHENTICATED });
    expect((err as RpcError).message).toContain('Could not load the default credentials');
    using slow = disposable(
      new OperationsClient({
        endpoint: `https://127.0.0.1:${port}`,
        transport: 'rest',
        retry: false,
        auth: { getRequestHeaders: () => new Promise(() => {}) },
      }),
    );
    const started = Date.now();
    expect(await rejection(slow.value.getOperation('operations/x', { timeoutMs: 300 }))).toMatchObject({ code: Code.DEADLINE_EXCEEDED });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('refuses plain HTTP with credentials, binary headers and zero poll delays', () => {
    expect(() => new OperationsClient({ endpoint: 'http://example.test', transport: 'rest' })).toThrow(/plain HTTP/);
    expect(() => new OperationsClient({ endpoint: 'localhost:1', insecure: true, headers: { 'x-trace-bin': 'abc' } })).toThrow(
      /headers.x-trace-bin/,
    );
    expect(() => new OperationsClient({ endpoint: 'localhost:1', poll: { initialDelayMs: 0 } })).toThrow(/initialDelayMs/);
    expect(() => new OperationsClient({ endpoint: 'localhost:1', poll: { maxDelayMs: 0 } })).toThrow(/maxDelayMs/);
  });

  it('does not follow a redirect, nor send its headers elsewhere', async () => {
    const { createServer } = await import('node:http');
    const seen: string[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push(String(req.headers['x-goog-api-key']));
      res.end('{"name":"operations/forged","done":true}');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}/v1/operations/forged` }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    try {
      using client = disposable(
        new OperationsClient({
          endpoint: `http://127.0.0.1:${(redirector.address() as { port: number }).port}`,
          transport: 'rest',
          insecure: true,
          headers: { 'x-goog-api-key': 'secret' },
        }),
      );
      const err = await rejection(client.value.getOperation('operations/real'));
      expect(err).toMatchObject({ code: Code.FAILED_PRECONDITION });
      expect(seen).toEqual([]);
    } finally {
      elsewhere.close();
      redirector.close();
    }
  });
});

describe('many calls at once', () => {
  it('runs 50 calls in flight on one client without a listener warning', async () => {
    const emulator = await emulatorFor(services.standard);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      using client = disposable(clientFor(emulator, 'grpc'));
      const ops = Array.from({ length: 50 }, () => emulator.create({ durationMs: 200 }));
      await Promise.all(ops.map((op) => client.value.poller(op.name).result()));
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await emulator.close();
    }
  });
});

describe('the emulator closing', () => {
  it('leaves no server, socket or timer behind, even with calls hanging', async () => {
    const count = () => {
      const kinds = process.getActiveResourcesInfo();
      return ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'].map((k) => kinds.filter((x) => x === k).length);
    };
    await new Promise((r) => setTimeout(r, 50));
    const before = count();
    const emulator = await emulatorFor(services.standard);
    const grpc = clientFor(emulator, 'grpc', { retry: false });
    const rest = clientFor(emulator, 'rest', { retry: false });
    const op = emulator.create({ durationMs: 60_000 });
    emulator.setFaults({ hangRate: 1 });
    const hanging = [grpc.getOperation(op.name), rest.getOperation(op.name), grpc.waitOperation(op.name, { timeoutMs: 30_000 })].map((p) =>
      p.catch((e: unknown) => e),
    );
    await waitUntil(() => emulator.calls.total === 3, 'the three calls to reach the emulator and hang');
    const started = Date.now();
    await emulator.close();
    // The hangs would last for ever: a bound far below that, with room for a loaded machine, shows close() ends them.
    expect(Date.now() - started).toBeLessThan(3_000);
    const outcomes = await Promise.all(hanging);
    for (const o of outcomes) expect(o).toBeInstanceOf(RpcError);
    grpc.close();
    rest.close();
    // Sockets and timers go as the event loop turns, sooner or later on a busy machine: wait for them, then check.
    const settled = () => count().every((n, i) => n <= before[i]!);
    await waitUntil(settled, 'the servers, sockets and timers to go').catch(() => undefined);
    const after = count();
    after.forEach((n, i) => expect(n).toBeLessThanOrEqual(before[i]!));
  });
});
