// A profile's own list filter decides what the emulator lists, over gRPC and REST; without one, done=true/false.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, RpcError, type ListRules, type OperationsClient, type ServiceProfile, type Transport } from '../../src/index.js';
import { type Emulator } from '../../src/testing/index.js';
import { defineServiceProfile } from '../../src/index.js';
import { rest } from '../helpers/emulator-clients.js';
import { clientFor, emulatorFor, rejection, TRANSPORTS } from '../helpers/setup.js';

const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';

const methods = {
  get: { http: 'GET /v1/{name=jobs/*/operations/*}' },
  list: { http: 'GET /v1/{name=jobs/*}/operations' },
  cancel: { http: 'POST /v1/{name=jobs/*/operations/*}:cancel' },
} as const;

/** Reads `project=P` and `state=running|succeeded|failed|cancelled`, joined by ` AND `. */
const projectStateFilter: NonNullable<ListRules['compileFilter']> = (filter) => {
  const terms = filter.split(' AND ').map((t) => /^(project|state)=(\S+)$/.exec(t.trim()));
  if (terms.some((t) => !t)) throw new TypeError(`filter '${filter}' must read project=P AND state=S`);
  const want = Object.fromEntries(terms.map((t) => [t![1], t![2]]));
  const stateOf = (op: { done: boolean; errorCode: number | undefined }) =>
    !op.done ? 'running' : op.errorCode === undefined ? 'succeeded' : op.errorCode === Code.CANCELLED ? 'cancelled' : 'failed';
  return (op) => (want.project === undefined || op.projectId === want.project) && (want.state === undefined || stateOf(op) === want.state);
};

const jobs = defineServiceProfile({ id: 'jobs', title: 'Jobs', methods, list: { compileFilter: projectStateFilter } });

async function listed(client: OperationsClient, name: string, filter: string): Promise<string[]> {
  const names: string[] = [];
  for await (const op of client.listOperations({ name, filter, pageSize: 2 })) names.push(op.name);
  return names;
}

describe('a custom profile with its own filter', () => {
  let emulator: Emulator;
  const made: Record<string, string> = {};
  beforeAll(async () => {
    emulator = await emulatorFor(jobs);
    made.running = emulator.create({ name: 'jobs/j1/operations/running', projectId: 'p1', durationMs: 60_000 }).name;
    made.succeeded = emulator.create({ name: 'jobs/j1/operations/succeeded', projectId: 'p1' }).name;
    made.failed = emulator.create({ name: 'jobs/j1/operations/failed', projectId: 'p1', error: { code: Code.INTERNAL } }).name;
    made.cancelled = emulator.create({ name: 'jobs/j1/operations/cancelled', projectId: 'p1', durationMs: 60_000 }).name;
    made.other = emulator.create({ name: 'jobs/j1/operations/other', projectId: 'p2' }).name;
    made.elsewhere = emulator.create({ name: 'jobs/j2/operations/elsewhere', projectId: 'p1' }).name;
  });
  afterAll(() => emulator.close());

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, () => {
      let client: OperationsClient;
      beforeAll(async () => {
        client = clientFor(emulator, transport, { timeoutMs: 5_000 });
        await client.cancelOperation(made.cancelled!);
      });
      afterAll(() => client.close());

      it('lists what its predicate selects, across pages', async () => {
        expect(await listed(client, 'jobs/j1', 'project=p1')).toEqual([made.running, made.succeeded, made.failed, made.cancelled]);
        expect(await listed(client, 'jobs/j1', 'project=p1 AND state=running')).toEqual([made.running]);
        expect(await listed(client, 'jobs/j1', 'state=failed')).toEqual([made.failed]);
        expect(await listed(client, 'jobs/j1', 'state=cancelled')).toEqual([made.cancelled]);
        expect(await listed(client, 'jobs/j1', 'project=p2')).toEqual([made.other]);
        expect(await listed(client, 'jobs/j2', 'project=p1')).toEqual([made.elsewhere]);
      });

      it('lets the server refuse what the predicate cannot read: INVALID_ARGUMENT on filter, with its message', async () => {
        const before = emulator.calls.byMethod.list;
        const err = await rejection(client.listOperationsPage({ name: 'jobs/j1', filter: 'done=true' }));
        expect(err).toBeInstanceOf(RpcError);
        expect(err).toMatchObject({ code: Code.INVALID_ARGUMENT, rawMessage: "filter 'done=true' must read project=P AND state=S" });
        expect((err as RpcError).findDetail(BAD_REQUEST)).toMatchObject({ fieldViolations: [{ field: 'filter' }] });
        expect(emulator.calls.byMethod.list).toBe(before + 1);
      });
    });
  }

  it('binds page tokens to the filter, as for any profile', async () => {
    const first = await rest(emulator.restEndpoint, 'GET', '/v1/jobs/j1/operations?filter=project%3Dp1&pageSize=1');
    expect(first.json.nextPageToken).toEqual(expect.any(String));
    const other = await rest(
      emulator.restEndpoint,
      'GET',
      `/v1/jobs/j1/operations?filter=state%3Dfailed&pageToken=${first.json.nextPageToken}`,
    );
    expect(other.json.error.details[0].fieldViolations[0].field).toBe('page_token');
  });
});

describe('a custom profile without a filter of its own', () => {
  const plain = defineServiceProfile({ id: 'plain', methods });
  const vouched = defineServiceProfile({
    id: 'vouched',
    methods,
    list: {
      validateFilter: (filter) => {
        if (!filter.startsWith('labels.')) throw new TypeError('filter must start with labels.');
      },
    },
  });

  async function withEmulator(
    profile: ServiceProfile,
    body: (emulator: Emulator, client: OperationsClient, transport: Transport) => Promise<void>,
  ): Promise<void> {
    await using emulator = await emulatorFor(profile);
    for (const transport of TRANSPORTS) {
      const client = clientFor(emulator, transport, { timeoutMs: 5_000 });
      try {
        await body(emulator, client, transport);
      } finally {
        client.close();
      }
    }
  }

  it('reads done=true and done=false, and refuses anything else', async () => {
    await withEmulator(plain, async (emulator, client, transport) => {
      const parent = `jobs/${transport}`;
      const running = emulator.create({ name: `${parent}/operations/running`, durationMs: 60_000 });
      const done = emulator.create({ name: `${parent}/operations/done` });
      expect(await listed(client, parent, 'done=true')).toEqual([done.name]);
      expect(await listed(client, parent, ' DONE = false ')).toEqual([running.name]);
      const before = emulator.calls.byMethod.list;
      const err = await rejection(client.listOperationsPage({ name: parent, filter: 'project=p1' }));
      expect(err).toMatchObject({ code: Code.INVALID_ARGUMENT });
      expect((err as RpcError).findDetail(BAD_REQUEST)).toMatchObject({ fieldViolations: [{ field: 'filter' }] });
      expect(emulator.calls.byMethod.list).toBe(before + 1);
    });
  });

  it('lists everything for a filter its validateFilter accepts, and refuses the rest before any call', async () => {
    await withEmulator(vouched, async (emulator, client, transport) => {
      const parent = `jobs/${transport}`;
      const a = emulator.create({ name: `${parent}/operations/a`, durationMs: 60_000 });
      const b = emulator.create({ name: `${parent}/operations/b` });
      expect(await listed(client, parent, 'labels.team=x')).toEqual([a.name, b.name]);
      const before = emulator.calls.total;
      expect(await rejection(client.listOperationsPage({ name: parent, filter: 'done=true' }))).toMatchObject({
        code: Code.INVALID_ARGUMENT,
      });
      expect(emulator.calls.total).toBe(before);
    });
  });
});
